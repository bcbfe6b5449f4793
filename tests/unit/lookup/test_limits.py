"""The look-up's rate limit: a burst for an office behind one address, then a steady rate."""

from __future__ import annotations

import os

import pytest

from licensure_app.infra.rate_limit import TokenBucketLimiter
from licensure_app.services import lookup
from licensure_app.services.lookup import limits


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_app_has_one_limiter_with_a_burst_of_120_and_60_a_minute_by_default() -> None:
    assert isinstance(lookup.SEARCH_LIMITER, TokenBucketLimiter)
    if "LICENSURE_LOOKUP_PER_MINUTE" not in os.environ:
        assert lookup.SEARCH_LIMITER.burst == limits.DEFAULT_BURST == 120
        assert lookup.SEARCH_LIMITER.per_minute == limits.DEFAULT_PER_MINUTE == 60


def test_an_office_is_not_blocked_after_30_searches_but_a_scraper_is_slowed_to_the_rate():
    clock = FakeClock()
    limiter = TokenBucketLimiter(120, 60, clock=clock)
    assert all(limiter.allow("10.0.0.1") for _ in range(120))
    assert not limiter.allow("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == pytest.approx(1.0)
    assert limiter.allow("10.0.0.2"), "another address has its own allowance"
    clock.now += 1.0
    assert limiter.allow("10.0.0.1")
    assert not limiter.allow("10.0.0.1")
    # A minute later: 60 more, not the whole burst.
    clock.now += 60.0
    assert sum(limiter.allow("10.0.0.1") for _ in range(100)) == 60


def test_the_allowance_refills_to_the_burst_and_no_further():
    clock = FakeClock()
    limiter = TokenBucketLimiter(5, 60, clock=clock)
    limiter.allow("a")
    clock.now += 3600
    assert sum(limiter.allow("a") for _ in range(10)) == 5


def test_zero_a_minute_turns_the_limit_off():
    limiter = TokenBucketLimiter(1, 0, clock=FakeClock())
    assert all(limiter.allow("a") for _ in range(1000))
    assert limiter.retry_after("a") == 0.0


def test_a_full_table_forgets_full_buckets_first():
    clock = FakeClock()
    limiter = TokenBucketLimiter(2, 60, clock=clock, max_keys=3)
    for key in ("a", "b", "c"):
        limiter.allow(key)
    clock.now += 10
    limiter.allow("d")
    assert len(limiter._buckets) <= 3
