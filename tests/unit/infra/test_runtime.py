"""The server's garbage-collector settings (README › Performance › Load)."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import Iterator

import pytest

from licensure_app.infra import runtime


@pytest.fixture
def restore_interpreter() -> Iterator[None]:
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    callbacks = list(gc.callbacks)
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)
    gc.callbacks[:] = callbacks


def test_serving_settings_make_collections_rare_and_start_up_objects_exempt(
    restore_interpreter: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime.tune_for_serving()
    assert gc.get_threshold() == runtime.GC_THRESHOLDS
    assert gc.get_threshold()[0] > 700  # CPython's default collects far more often
    assert sys.getswitchinterval() == runtime.SWITCH_INTERVAL

    survivor = [object() for _ in range(10)]  # a start-up object
    monkeypatch.setattr(runtime, "FREEZE_AFTER", 0.0)
    asyncio.run(runtime.freeze_startup_objects())
    assert gc.get_freeze_count() > 0
    # Frozen objects are in no generation any collection scans.
    assert not any(survivor is o for generation in range(3) for o in gc.get_objects(generation))


def test_pause_log_names_long_pauses_only(
    restore_interpreter: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LICENSURE_GC_LOG", "1")
    runtime.tune_for_serving()
    clock = iter([0.0, 0.001, 1.0, 1.030])
    monkeypatch.setattr(runtime.time, "perf_counter", lambda: next(clock))
    with caplog.at_level(logging.WARNING, logger="licensure.runtime"):
        runtime._time_collection("start", {"generation": 0})
        runtime._time_collection("stop", {"generation": 0, "collected": 3})  # 1 ms: quiet
        runtime._time_collection("start", {"generation": 2})
        runtime._time_collection("stop", {"generation": 2, "collected": 90})  # 30 ms
    assert [r.getMessage() for r in caplog.records] == [
        "gc generation 2 paused 30.0 ms (90 unreachable objects freed)"
    ]
