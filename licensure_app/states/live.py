"""Live pages without browser polling: one server-side loop per open page and tab.

A page's background handler calls `follow`. Every few seconds the loop re-checks the
sign-in session (a revoked or expired session stops the loop at once), reads a cheap
version of what the page shows and, when it changed, lets the page refresh itself. It
stops when the tab leaves the page or disconnects, and after an hour at most (the session's
inactivity timeout).

One loop per tab: the loop proves it is alive with a heartbeat (`_live_beat`, a time kept
in the page's state). A loop lost with its process (a worker that died under Redis leaves
the state saying "watching" while nothing runs) stops beating, so the next page load starts
a new one instead of trusting a stale flag.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..db import read_scope
from ..services import accounts
from ..services.accounts.authz import Principal

INTERVAL_SECONDS = 2.0
STALE_SECONDS = 10.0  # a loop that has not beaten for this long is gone
LIFETIME_SECONDS = 3600.0


def _always_connected(_client_token: str) -> bool:
    return True


# Whether this process still holds a tab's websocket. The app module installs the real check
# (`use_connection_check`): states never import the app.
_connected: Callable[[str], bool] = _always_connected


def use_connection_check(check: Callable[[str], bool]) -> None:
    """Set how the loops learn that a tab (by Reflex client token) has disconnected."""
    global _connected
    _connected = check


def _resolve(session_token: str) -> Principal | None:
    # Read only: an open page must not extend the session's inactivity timeout.
    with read_scope() as session:
        return accounts.resolve_session(session, session_token)


async def _still_on(state: Any, route: str) -> bool:
    async with state:
        state._live_beat = time.time()
        path = state.router.route_id
        client_token = state.router.session.client_token
    return path == route and _connected(client_token)


async def follow(
    state: Any,
    route: str,
    read_version: Callable[[Principal], object],
    refresh: Callable[[Principal], Awaitable[None]],
    interval: float = INTERVAL_SECONDS,
) -> None:
    """Call `refresh(principal)` whenever `read_version(principal)` changes.

    `state` is the StateProxy of a background handler of an `AuthState` page state that
    declares `_live_beat: float = 0.0`. `read_version` runs in a worker thread; `refresh`
    takes the state's lock itself (`async with state`) for what it changes.
    """
    async with state:
        if time.time() - state._live_beat < STALE_SECONDS:
            return  # this tab already has a live loop on this page
        state._live_beat = time.time()
        session_token = state._session_token()
    try:
        principal = await asyncio.to_thread(_resolve, session_token)
        if principal is None:
            return
        last = await asyncio.to_thread(read_version, principal)
        deadline = time.monotonic() + LIFETIME_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(interval)
            if not await _still_on(state, route):
                return
            principal = await asyncio.to_thread(_resolve, session_token)
            if principal is None:
                return  # signed out, revoked or timed out: no more data for this tab
            version = await asyncio.to_thread(read_version, principal)
            if version != last:
                last = version
                await refresh(principal)
    finally:
        async with state:
            state._live_beat = 0.0
