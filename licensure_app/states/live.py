"""Live pages without browser polling: a server-side background loop per open page.

The loop re-checks a cheap version query every few seconds and refreshes the page's state
when it changes. It stops when the client leaves the page or disconnects, and after an
hour at most (the inactivity timeout of a session).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

LIFETIME_SECONDS = 3600.0


def client_connected(token: str) -> bool:
    """Whether this process still holds the client's websocket."""
    from ..licensure_app import app  # imported late: the app module imports every page

    namespace = app.event_namespace
    return namespace is None or token in namespace.token_to_sid


async def ticks(state: Any, route: str, interval: float = 2.0) -> AsyncIterator[None]:
    """Yield every `interval` seconds while the client is connected and still on `route`.

    `state` is the StateProxy of a background event handler.
    """
    deadline = time.monotonic() + LIFETIME_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(interval)
        async with state:
            path = state.router.route_id
            token = state.router.session.client_token
        if path != route or not client_connected(token):
            return
        yield


async def follow_changes(
    state: Any, route: str, read_version: Callable[[], object], refresh: Callable[[], None]
) -> None:
    """Call `refresh` whenever `read_version()` changes, while the client stays on `route`.

    `state` is the StateProxy of a background handler; its state keeps the last version
    seen in `_version` and `_watching` true while a loop runs (one loop per tab).
    """
    async with state:
        if state._watching:
            return
        state._watching = True
    try:
        async for _ in ticks(state, route):
            version = read_version()
            if version != state._version:
                async with state:
                    state._version = version
                    refresh()
    finally:
        async with state:
            state._watching = False
