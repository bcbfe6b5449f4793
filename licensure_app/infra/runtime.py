"""Interpreter settings for the server process, where latency matters more than throughput.

The backend holds every open tab's state in memory, next to the app's own large,
never-freed objects (modules, compiled pages, SQLAlchemy's caches). CPython's full garbage
collections scan all of it, and under many tabs their pauses stall every event (README ›
Performance › Load has the figures). Freezing what exists once the server has started takes it out of every later
collection, and a larger first threshold makes collections rarer.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import time

from licensure_app import settings

log = logging.getLogger("licensure.runtime")

# Container allocations between young collections (CPython's default is 700).
GC_THRESHOLDS = (10_000, 50, 50)
# Threads (password hashing, writes) hand the GIL back to the event loop this often (s).
SWITCH_INTERVAL = 0.001
# Seconds after start-up before freezing: the first requests compile and cache statements.
FREEZE_AFTER = 5.0

_pause_started: list[float] = []


def _time_collection(phase: str, info: dict) -> None:
    if phase == "start":
        _pause_started[:] = [time.perf_counter()]
    elif _pause_started:
        ms = (time.perf_counter() - _pause_started[0]) * 1000
        if ms >= 5:
            log.warning(
                "gc generation %s paused %.1f ms (%s unreachable objects freed)",
                info.get("generation"),
                ms,
                info.get("collected"),
            )


def tune_for_serving() -> None:
    """Called once when the server imports the app."""
    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)
    if settings.gc_log():
        gc.callbacks.append(_time_collection)


async def freeze_startup_objects() -> None:
    """A lifespan task: collect once, then exempt every surviving object from later scans."""
    await asyncio.sleep(FREEZE_AFTER)
    gc.collect()
    gc.freeze()
    log.info("froze %d start-up objects out of garbage collection", gc.get_freeze_count())
