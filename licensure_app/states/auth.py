"""The base state every page state inherits: the session cookie and the access check."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import quote

import reflex as rx
from reflex.event import Event
from reflex.istate.proxy import StateProxy

from licensure_app.infra import upload_gate
from licensure_app.services.accounts.authz import Principal

from .. import routes
from ..db import read_connection, session_scope
from ..models import ROLE_DISTRICT_APPROVER, ROLE_EDUCATOR
from ..services import accounts, audit, notifications
from .guard import public
from .ui import run_script

log = logging.getLogger("licensure.security")

SESSION_COOKIE = "licensure_session"
# `_session_key` after a reset that could reach only the page states this event loaded
# (a Redis-backed tree loads them lazily): session_change resets the rest next.
STALE_SESSION_KEY = "stale"
ACCESS_DENIED = "You do not have access to this page"


class AuthState(rx.State):
    """Who is signed in, resolved on the server for every event.

    The session token lives in an HttpOnly cookie that JavaScript cannot read; the server
    reads it from the websocket handshake (Reflex never sends the Cookie header back to
    the browser). The session itself lives in the database.
    """

    # What the header shows about the signed-in user (their own name and role only).
    user_name: str = ""
    user_role: str = ""
    # "pending" until the server has checked the current page, then "granted" or "denied".
    page_access: str = "pending"
    unread_notifications: int = 0
    # An educator whom a superintendent designated also approves: show them the queue.
    is_designee: bool = False
    # The SHA-256 of the live session token the tab's state belongs to ("" when signed out).
    # When the session behind the tab changes or ends, every page state's data is reset
    # before anything is sent (see `_note_session` and session_change.py).
    _session_key: str = ""

    # ------------------------------------------------------------ server-side helpers

    # Read on every event: the router's own fields, not `self.router`, which assembles a
    # whole RouterData (and parses the URL) on each access.
    def _client_address(self) -> str:
        return self.rx_router_session.client_ip or ""

    def _session_token(self) -> str:
        return accounts.token_from_cookie_header(self.rx_router_headers.cookie or "")

    def _principal(self) -> Principal | None:
        token = self._session_token()
        principal = _identify(token)[0]
        self._note_session(token, principal)
        return principal

    def _note_session(self, token: str, principal: Principal | None) -> None:
        """Reset the tab's private data when its session is not the one it was filled for."""
        key = accounts.token_digest(token) if principal is not None else ""
        if key == self._session_key or isinstance(self, StateProxy):
            # A background task (a proxy) may not write here; the tab's next event will.
            return
        if self._session_key:
            log.info("session behind a tab changed or ended: its page data is reset")
        complete = self._forget_private_data()
        self._session_key = key if complete else STALE_SESSION_KEY

    def _forget_private_data(self) -> bool:
        """Reset AuthState and every page state loaded under it to their defaults.

        True if that was every page state (the tree was fully loaded).
        """
        auth: rx.State = self
        while type(auth) is not AuthState and auth.parent_state is not None:
            auth = auth.parent_state
        auth.reset()
        loaded, todo = 0, list(auth.substates.values())
        while todo:
            state = todo.pop()
            loaded += 1
            todo.extend(state.substates.values())
        return loaded >= len(page_states())

    def _login_redirect(self) -> rx.event.EventSpec:
        target = routes.safe_next(self.router.url.path) or routes.HOME
        query = self.router.url.query
        if query:
            target = f"{target}?{query}"
        return rx.redirect(f"{routes.LOGIN}?next={quote(target, safe='')}")

    def _show_identity(self, name: str, role: str) -> None:
        # Background tasks may not write state outside `async with self`; they only reach
        # here after the page's access check has already set the same values.
        self._assign_changed(user_name=name, user_role=role)

    def _admit_upload(self, roles: frozenset[str], action: str) -> tuple[Principal | None, list]:
        """Used by guard.requires_upload: `_admit`, and the upload request's own session
        cookie (recorded by api.upload_guard) must be this tab's session."""
        principal, refusal = self._admit(roles, action)
        if principal is None:
            return None, refusal
        uploaded_by = upload_gate.session_token_for(self.router.session.client_token)
        if uploaded_by and uploaded_by == self._session_token():
            return principal, []
        self._record_refusal(principal, f"{action}: upload without this tab's session")
        return None, [rx.toast.error("The upload was refused. Sign in again and retry.")]

    def _admit(self, roles: frozenset[str], action: str) -> tuple[Principal | None, list]:
        """Used by guard.requires: the principal if allowed, else the events that refuse."""
        principal = self._principal()
        if principal is None:
            self._show_identity("", "")
            log.info("refused %s: not signed in (address %s)", action, self._client_address())
            return None, [self._login_redirect()]
        if not principal.has_any(roles):
            self._record_refusal(principal, action)
            if self.page_access == "denied":
                return None, []  # the page already says so
            return None, [rx.toast.error(ACCESS_DENIED.replace("page", "action"))]
        self._show_identity(principal.display_name, principal.role)
        return principal, []

    def _record_refusal(self, principal: Principal, action: str) -> None:
        log.warning("refused %s for account %s", action, principal.account_id)
        with session_scope() as session:
            audit.record(
                session,
                audit.Actor(principal.account_id, principal.role, self._client_address()),
                "access.refused",
                "route",
                self.router.url.path or "",
                after={"action": action},
            )

    def _assign_changed(self, **values: Any) -> None:
        """Assign the values that differ: only changes go into the delta sent to the browser
        (a page opened again mostly shows what it showed before)."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _set_access(self, value: str) -> None:
        self._assign_changed(page_access=value)

    def _open_page(
        self, roles: frozenset[str] | None, action: str
    ) -> tuple[Principal | None, list]:
        """The access check of a page being opened (see guard.opens_page).

        Fills in the header (name, role, unread count) and `page_access`; `roles` None means
        a public page. Returns the principal if admitted, else the events that refuse.
        """
        token = self._session_token()
        principal, unread = _identify(token, count_unread=True)
        self._note_session(token, principal)
        header = {
            "user_name": principal.display_name if principal else "",
            "user_role": principal.role if principal else "",
            "unread_notifications": unread,
            "is_designee": bool(
                principal
                and principal.role == ROLE_EDUCATOR
                and ROLE_DISTRICT_APPROVER in principal.roles
            ),
        }
        self._assign_changed(**header)
        if roles is None:
            self._set_access("granted")
            return principal, []
        if principal is None:
            self._set_access("pending")
            log.info("refused %s: not signed in (address %s)", action, self._client_address())
            return None, [self._login_redirect()]
        if principal.has_any(roles):
            self._set_access("granted")
            return principal, []
        self._set_access("denied")
        self._record_refusal(principal, f"open {self.router.route_id}")
        return None, []

    # ------------------------------------------------------------ events

    @public
    @rx.event
    def check_page_access(self):  # noqa: ANN201
        """on_load of a page without its own load handler: enforces routes.PAGE_ROLES."""
        _, refusal = self._open_page(routes.PAGE_ROLES.get(self.rx_router_route_id), "open page")
        return refusal or None

    @public
    @rx.event
    async def sign_out(self):  # noqa: ANN201
        token = self._session_token()
        if token:
            await asyncio.to_thread(_close_session, token)
        self._forget_private_data()
        # The cookie is cleared by a plain HTTP route (a same-origin POST); the page load
        # also starts a fresh client token, so nothing the last user saw stays in the tab.
        return run_script("window.sessionStorage.clear(); " + _post_script("/api/session/end"))


def page_states() -> list[type[rx.State]]:
    """Every state under AuthState (the page states)."""
    found, todo = [], list(AuthState.get_substates())
    while todo:
        cls = todo.pop(0)
        found.append(cls)
        todo.extend(cls.get_substates())
    return found


def _identify(token: str, count_unread: bool = False) -> tuple[Principal | None, int]:
    """The principal behind a session token and, if asked, their unread notifications.

    Runs for every event, on the event loop: a session checked moments ago is answered from
    the process's cache (accounts.session_cache), else one read transaction, one query for
    the session. The unread count is kept likewise (notifications.unread_count_cached). Recording activity is a write, which waits
    for SQLite's write lock and an fsync, so it happens in a worker thread.
    """
    if not token:
        return None, 0
    live = accounts.check_session_cached(read_connection, token)
    if live is None:
        return None, 0
    unread = 0
    if count_unread:
        unread = notifications.unread_count_cached(read_connection, live.principal.account_id)
    if live.needs_touch:
        _touch_soon(token)
    return live.principal, unread


# Sessions whose activity is being recorded: one write per session at a time is enough.
_touching: set[str] = set()


def _touch_soon(token: str) -> None:
    """Record activity on the session in a worker thread (inline outside an event loop)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        _touch(token)
        return
    if token in _touching:
        return
    _touching.add(token)
    future = loop.run_in_executor(None, _touch, token)
    future.add_done_callback(lambda done: _touched(token, done))


def _touch(token: str) -> None:
    with session_scope() as session:
        accounts.touch_session(session, token)


def _touched(token: str, done: asyncio.Future) -> None:
    _touching.discard(token)
    if not done.cancelled() and done.exception() is not None:
        log.error("recording session activity failed: %r", done.exception())


def _close_session(token: str) -> None:
    with session_scope() as session:
        accounts.close_session(session, token)


def _post_script(action: str, fields: dict[str, str] | None = None) -> str:
    """JavaScript that submits a same-origin POST form (navigating the tab to its answer)."""
    inputs = "".join(
        "{ const i = document.createElement('input'); i.type = 'hidden'; "
        f"i.name = {json.dumps(name)}; i.value = {json.dumps(value)}; f.appendChild(i); }} "
        for name, value in (fields or {}).items()
    )
    return (
        "(() => { const f = document.createElement('form'); f.method = 'post'; "
        f"f.action = {json.dumps(action)}; {inputs}"
        "document.body.appendChild(f); f.submit(); })()"
    )


def start_session_script(ticket: str) -> Event:
    """Post the sign-in ticket to the route that trades it for the HttpOnly cookie.

    A same-origin POST from this tab: the route refuses a ticket in a link or posted by
    another site (login CSRF), see api.start_session.
    """
    return run_script(_post_script("/api/session/start", {"ticket": ticket}))
