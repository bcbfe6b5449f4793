"""A cancelled Redis state-lock acquisition gives the lock back (Reflex 0.10.1 work-around).

Reflex cancels a page's unfinished on-load chain when the tab's websocket disconnects, and
every navigation disconnects it. When the cancel lands while a handler of that chain is
taking the tab's Redis state lock - after Redis has granted the lock (SET NX), before the
reply has reached the handler - nobody releases the lock: every event of the tab then waits
for it to expire (`redis_lock_expiration`, 10 s). The new page shows "Checking your
sign-in…" for ten seconds. With several backend workers this happens every few dozen
navigations (the new page's socket often lands on another worker, which cannot cancel the
old chain early); with one process it is rarely seen.

`install()` wraps the acquisition so that a cancelled one releases a lock it was granted:
the SET completes under `asyncio.shield`, and if the waiter was cancelled meanwhile, a
compare-and-delete on its own (unique) lock id gives the lock back. Nothing changes for an
acquisition that is not cancelled. `reflex_fixes.install` applies it only on the Reflex
version it was written against.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

log = logging.getLogger("licensure.redis")

# Deletes the key only if it still holds our lock id (another holder's lock is left alone).
_RELEASE_IF_OURS = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""

_pending_releases: set[asyncio.Task] = set()


async def _release_if_ours(manager: Any, lock_key: bytes, lock_id: bytes) -> None:
    try:
        released = await manager.redis.eval(_RELEASE_IF_OURS, 1, lock_key, lock_id)
    except Exception as exc:  # the lock then expires on its own, as before
        log.warning("could not release an abandoned state lock: %s", exc)
        return
    if released:
        log.debug("released a state lock abandoned by a cancelled event")
        manager._notify_next_waiter(lock_key)


def _schedule_release(manager: Any, lock_key: bytes, lock_id: bytes) -> None:
    task = asyncio.get_running_loop().create_task(_release_if_ours(manager, lock_key, lock_id))
    _pending_releases.add(task)
    task.add_done_callback(_pending_releases.discard)


def install() -> None:
    """Patch Reflex's Redis state manager (once)."""
    from reflex.istate.manager.redis import StateManagerRedis

    if getattr(StateManagerRedis, "_licensure_cancel_safe", False):
        return
    original_try_get_lock = StateManagerRedis._try_get_lock
    original_wait_lock = StateManagerRedis._wait_lock

    async def _try_get_lock(self: Any, lock_key: bytes, lock_id: bytes) -> bool | None:
        attempt = asyncio.ensure_future(original_try_get_lock(self, lock_key, lock_id))
        try:
            return await asyncio.shield(attempt)
        except asyncio.CancelledError:

            def give_back(done: asyncio.Future) -> None:
                if not done.cancelled() and done.exception() is None and done.result():
                    _schedule_release(self, lock_key, lock_id)

            attempt.add_done_callback(give_back)
            raise

    async def _wait_lock(self: Any, lock_key: bytes, lock_id: bytes) -> None:
        try:
            await original_wait_lock(self, lock_key, lock_id)
        except asyncio.CancelledError:
            # Cancelled after the SET had succeeded (while leaving the waiter list).
            with contextlib.suppress(RuntimeError):
                _schedule_release(self, lock_key, lock_id)
            raise

    StateManagerRedis._try_get_lock = _try_get_lock  # type: ignore[method-assign]
    StateManagerRedis._wait_lock = _wait_lock  # type: ignore[method-assign]
    StateManagerRedis._licensure_cancel_safe = True  # type: ignore[attr-defined]
