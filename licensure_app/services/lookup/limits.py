"""The public look-up's rate limit: searches, pages and license records per client address."""

from __future__ import annotations

import os

from licensure_app.infra.rate_limit import SlidingWindowLimiter


def _searches_per_minute() -> int:
    """LICENSURE_LOOKUP_PER_MINUTE (default 30; 0 turns the limit off, e.g. for benchmarks)."""
    try:
        return int(os.environ.get("LICENSURE_LOOKUP_PER_MINUTE", "30"))
    except ValueError:
        return 30


# The one limiter of the public look-up (searches, pages and license records), per client
# address. It lives in this process's memory: the app runs one backend process by default;
# with several (Redis state), each process limits separately, so a client spread over N
# processes gets up to N times the limit.
SEARCH_LIMITER = SlidingWindowLimiter(_searches_per_minute(), 60.0)


def rate_limit_message(retry_after: float) -> str:
    seconds = max(1, int(retry_after + 0.999))
    return (
        f"You have searched many times in the last minute. Please wait {seconds} "
        f"second{'s' if seconds != 1 else ''} and search again."
    )
