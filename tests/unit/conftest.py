"""Unit-test hygiene: a test that leaves an event loop running in the main thread makes every
later `asyncio.run` fail far from the cause (seen once in CI), so the leaking test fails
itself, by name, and the loop is let go for the tests after it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _no_event_loop_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    leaked = asyncio._get_running_loop()
    if leaked is not None:
        asyncio.events._set_running_loop(None)
        pytest.fail(f"{request.node.nodeid} left an event loop running: {leaked!r}")
