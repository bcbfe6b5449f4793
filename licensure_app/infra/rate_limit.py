"""A sliding-window rate limiter: at most N events a window per key (a client address)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds for each key (a client address).

    Thread-safe: handlers run on the event loop and in worker threads. Refused attempts are
    not recorded, so a client that waits is served again once its oldest search is a window
    old. Keys whose window has emptied are dropped when the table grows past `max_keys`.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record one event for `key` and return True, or return False if over the limit."""
        if self.limit <= 0:
            return True
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self._max_keys:
                    self._prune(now)
                hits = self._hits[key] = deque()
            self._expire(hits, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may search again (0 if it may now)."""
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return 0.0
            self._expire(hits, now)
            if len(hits) < self.limit:
                return 0.0
            return max(0.0, hits[0] + self.window - now)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()

    def _expire(self, hits: deque[float], now: float) -> None:
        cutoff = now - self.window
        while hits and hits[0] <= cutoff:
            hits.popleft()

    def _prune(self, now: float) -> None:
        for key in list(self._hits):
            self._expire(self._hits[key], now)
            if not self._hits[key]:
                del self._hits[key]


class TokenBucketLimiter:
    """A burst allowance that refills at a steady rate, per key (a client address).

    An office behind one address (a district's HR staff checking a list of hires) may do
    `burst` searches at once, then `per_minute` a minute; a scraper gets no more than the
    steady rate. Same interface as SlidingWindowLimiter. `per_minute` <= 0 turns it off.
    """

    def __init__(
        self,
        burst: int,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.burst = max(1, burst)
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._clock = clock
        self._max_keys = max_keys
        # key -> (tokens left, when they were counted)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _tokens(self, key: str, now: float) -> float:
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - at) * self._rate)

    def allow(self, key: str) -> bool:
        """Take one token for `key` and return True, or return False if none is left."""
        if self.per_minute <= 0:
            return True
        now = self._clock()
        with self._lock:
            if key not in self._buckets and len(self._buckets) >= self._max_keys:
                self._prune(now)
            tokens = self._tokens(key, now)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True

    def retry_after(self, key: str) -> float:
        """Seconds until `key` has a token again (0 if it has one now)."""
        if self.per_minute <= 0:
            return 0.0
        with self._lock:
            tokens = self._tokens(key, self._clock())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self._rate

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()

    def _prune(self, now: float) -> None:
        # A full bucket holds no information: forget it.
        for key in list(self._buckets):
            if self._tokens(key, now) >= self.burst:
                del self._buckets[key]
