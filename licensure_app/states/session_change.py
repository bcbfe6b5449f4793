"""The next person in a tab never receives the previous user's data.

A tab's state outlives a session that ends without "Sign out" (timed out, revoked
elsewhere): Reflex keeps it under the tab's client token, and a reconnect (a reload, the
next sign-in) sends all of it in the first websocket frame. Before every event, and so
before anything is sent, `ForgetPreviousUser` compares the session cookie the tab's
websocket carries with the session the state was filled for (`AuthState._session_key`):
when it changed, or on a (re)connect the session is no longer live, every page state is
reset. The access check of each handler does the same for the states it loads
(`AuthState._note_session`), so a session that ends while the tab stays connected is
caught at the tab's next event (and, when that event had loaded only some page states,
the rest are reset before the event after it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import reflex as rx
from reflex.middleware import Middleware
from reflex_base.event import Event
from reflex_base.utils.format import format_event_handler

from ..db import read_connection
from ..services import accounts
from .auth import STALE_SESSION_KEY, AuthState, page_states

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState, StateUpdate

# The events of a (re)connect: Reflex answers them with the whole state.
HYDRATE_EVENTS = frozenset(
    format_event_handler(rx.State.event_handlers[name]) for name in ("hydrate", "hydrate_and_load")
)


def _live(token: str) -> bool:
    return accounts.check_session_cached(read_connection, token) is not None


async def forget_if_session_changed(auth: AuthState, reconnecting: bool) -> bool:
    """Reset every page state when the tab's session is not the one it was filled for.

    On a reconnect, or after an access check found the session gone (STALE_SESSION_KEY),
    a session that is no longer live counts as gone. Returns True if reset.
    """
    token = auth._session_token()
    key = accounts.token_digest(token) if token else ""
    stale = auth._session_key == STALE_SESSION_KEY
    if key and (reconnecting or stale) and not _live(token):
        key = ""
    if key == auth._session_key:
        return False
    root = auth._get_root_state()
    for cls in page_states():
        # Load each page state (a Redis-backed tree loads them lazily) so all are reset.
        await root.get_state(cls)
    auth._forget_private_data()
    auth._session_key = key
    return True


class ForgetPreviousUser(Middleware):
    """Runs `forget_if_session_changed` before every event (see the module's doc)."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        root = state._get_root_state()
        auth = await root.get_state(AuthState)
        await forget_if_session_changed(auth, reconnecting=event.name in HYDRATE_EVENTS)  # type: ignore[arg-type]
        return None
