"""The sliding-window rate limiter."""

from __future__ import annotations

import threading

import pytest

from licensure_app.infra.rate_limit import SlidingWindowLimiter
from licensure_app.services import lookup


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_sliding_window() -> None:
    clock = _Clock()
    limiter = SlidingWindowLimiter(3, 60.0, clock=clock)
    assert [limiter.allow("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8"), "addresses are limited separately"
    assert limiter.retry_after("1.2.3.4") == pytest.approx(60.0)
    clock.now += 30
    assert not limiter.allow("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") == pytest.approx(30.0)
    clock.now += 30.001
    # The window slides: the three old searches have left it.
    assert limiter.allow("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") == 0.0
    assert "wait 30 seconds" in lookup.rate_limit_message(29.2)
    assert "wait 1 second " in lookup.rate_limit_message(0.2)


def test_rate_limiter_is_thread_safe_and_bounded() -> None:
    limiter = SlidingWindowLimiter(50, 60.0, max_keys=10)
    allowed: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        results = [limiter.allow("same") for _ in range(100)]
        with lock:
            allowed.extend(results)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 50

    clock = _Clock()
    small = SlidingWindowLimiter(1, 60.0, clock=clock, max_keys=10)
    for i in range(10):
        small.allow(f"10.0.0.{i}")
    clock.now += 61
    small.allow("10.0.1.1")  # the table is full: stale addresses are dropped
    assert len(small._hits) == 1
