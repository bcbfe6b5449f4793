"""The look-up's rate limit."""

from __future__ import annotations

import os

from licensure_app.infra.rate_limit import SlidingWindowLimiter
from licensure_app.services import lookup


def test_the_app_has_one_limiter_of_30_a_minute_by_default() -> None:
    assert isinstance(lookup.SEARCH_LIMITER, SlidingWindowLimiter)
    if "LICENSURE_LOOKUP_PER_MINUTE" not in os.environ:
        assert lookup.SEARCH_LIMITER.limit == 30
        assert lookup.SEARCH_LIMITER.window == 60.0
