"""The public look-up's rate limit: searches, pages, license records and the verification
API, per client address."""

from __future__ import annotations

import os

from licensure_app.infra.rate_limit import TokenBucketLimiter

DEFAULT_BURST = 120
DEFAULT_PER_MINUTE = 60


def _setting(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, str(default)))
    except ValueError:
        return default


# The one limiter of the public look-up, per client address: LICENSURE_LOOKUP_BURST look-ups
# at once (default 120: a district office behind one address checking a list), then
# LICENSURE_LOOKUP_PER_MINUTE a minute (default 60; 0 turns the limit off, e.g. for
# benchmarks). It lives in this process's memory: with several backend processes each
# limits separately, so a client spread over N processes gets up to N times the limit.
SEARCH_LIMITER = TokenBucketLimiter(
    _setting("LICENSURE_LOOKUP_BURST", DEFAULT_BURST),
    _setting("LICENSURE_LOOKUP_PER_MINUTE", DEFAULT_PER_MINUTE),
)


def rate_limit_message(retry_after: float) -> str:
    seconds = max(1, int(retry_after + 0.999))
    return (
        f"You have searched many times in the last minute. Please wait {seconds} "
        f"second{'s' if seconds != 1 else ''} and search again."
    )
