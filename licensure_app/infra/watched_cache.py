"""A per-process cache of database reads, dropped the moment its tables change.

`WatchedCache(topic, tables)` keeps values read from the database under a key. A value is
returned again only while no write to `tables` has committed since it was read, in this
process or another (infra/change_feed.py), it is younger than `max_age` seconds (the bound
for writes the feed cannot see: SQL typed by hand outside the app), and the caller's own
`fresh(value)` test passes. Otherwise `read()` runs and its answer is kept only if nothing
changed while it ran. None answers (not found) are never kept.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from licensure_app.infra import change_feed

V = TypeVar("V")


class WatchedCache(Generic[V]):
    def __init__(
        self, topic: str, tables: Iterable[str], max_age: float = 60.0, max_entries: int = 20_000
    ) -> None:
        self.topic, self.max_age, self.max_entries = topic, max_age, max_entries
        self._entries: dict[Hashable, tuple[V, int, float]] = {}
        self._lock = threading.Lock()
        change_feed.watch(topic, tables)

    def get(
        self,
        key: Hashable,
        read: Callable[[], V | None],
        fresh: Callable[[V], bool] = lambda _value: True,
    ) -> V | None:
        """The kept value of `key` if still exact, else `read()` (kept if nothing changed)."""
        entry = self._entries.get(key)
        if entry is not None:
            value, generation, stored_at = entry
            if (
                generation == change_feed.generation(self.topic)
                and change_feed.settled(self.topic)
                and time.monotonic() - stored_at < self.max_age
                and fresh(value)
            ):
                return value
        generation = change_feed.generation(self.topic)
        value = read()
        if value is None:
            self._entries.pop(key, None)
        elif change_feed.settled(self.topic) and change_feed.generation(self.topic) == generation:
            self._store(key, (value, generation, time.monotonic()))
        return value

    def _store(self, key: Hashable, entry: tuple[V, int, float]) -> None:
        with self._lock:
            if len(self._entries) >= self.max_entries:
                cutoff = time.monotonic() - self.max_age
                for stale in [k for k, e in self._entries.items() if e[2] < cutoff]:
                    del self._entries[stale]
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[key] = entry
