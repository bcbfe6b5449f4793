"""Unit-test hygiene: an event loop left running in the main thread makes every later
`asyncio.run` fail far from its cause (seen once in CI, never reproduced here). Each test
starts without one; a test after which one is still running is named in a warning, so
the cause can be found without failing unrelated tests."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator

import pytest


class LeakedEventLoop(UserWarning):
    pass


@pytest.fixture(autouse=True)
def _no_event_loop_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    leaked = asyncio._get_running_loop()
    if leaked is not None:
        asyncio.events._set_running_loop(None)
        warnings.warn(
            f"{request.node.nodeid} left an event loop running: {leaked!r}",
            LeakedEventLoop,
            stacklevel=1,
        )
