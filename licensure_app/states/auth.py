"""The base state every page state inherits: the session cookie and the access check."""

from __future__ import annotations

import asyncio
import logging
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

import reflex as rx

from .. import routes
from ..db import read_scope, session_scope
from ..models import ROLE_DISTRICT_APPROVER, ROLE_EDUCATOR
from ..services import accounts, audit, notifications
from ..services.authz import Principal
from .guard import public

log = logging.getLogger("licensure.security")

SESSION_COOKIE = "licensure_session"
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

    # ------------------------------------------------------------ server-side helpers

    def _client_address(self) -> str:
        return self.router.session.client_ip or ""

    def _session_token(self) -> str:
        cookies = SimpleCookie()
        try:
            cookies.load(self.router.headers.cookie or "")
        except CookieError:
            return ""
        morsel = cookies.get(accounts.SESSION_COOKIE)
        return morsel.value if morsel else ""

    def _principal(self) -> Principal | None:
        token = self._session_token()
        if not token:
            return None
        with read_scope() as session:
            principal = accounts.resolve_session(session, token)
            touch = principal is not None and accounts.session_needs_touch(session, token)
        if touch:
            with session_scope() as session:
                accounts.touch_session(session, token)
        return principal

    def _login_redirect(self) -> rx.event.EventSpec:
        target = routes.safe_next(self.router.url.path) or routes.HOME
        query = self.router.url.query
        if query:
            target = f"{target}?{query}"
        return rx.redirect(f"{routes.LOGIN}?next={quote(target, safe='')}")

    def _show_identity(self, name: str, role: str) -> None:
        # Background tasks may not write state outside `async with self`; they only reach
        # here after check_page_access has already set the same values.
        if (self.user_name, self.user_role) != (name, role):
            self.user_name, self.user_role = name, role

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

    # ------------------------------------------------------------ events

    @public
    @rx.event
    def check_page_access(self):  # noqa: ANN201
        """on_load of every page: identifies the user and enforces routes.PAGE_ROLES."""
        roles = routes.PAGE_ROLES.get(self.router.page.path)
        principal = self._principal()
        self.user_name = principal.display_name if principal else ""
        self.user_role = principal.role if principal else ""
        self.unread_notifications = 0
        self.is_designee = bool(
            principal
            and principal.role == ROLE_EDUCATOR
            and ROLE_DISTRICT_APPROVER in principal.roles
        )
        if principal is not None:
            with read_scope() as session:
                self.unread_notifications = notifications.unread_count(
                    session, principal.account_id
                )
        if roles is None:
            self.page_access = "granted"
            return None
        if principal is None:
            self.page_access = "pending"
            return self._login_redirect()
        if principal.has_any(roles):
            self.page_access = "granted"
            return None
        self.page_access = "denied"
        self._record_refusal(principal, f"open {self.router.page.path}")
        return None

    @public
    @rx.event
    async def sign_out(self):  # noqa: ANN201
        token = self._session_token()
        if token:
            await asyncio.to_thread(_close_session, token)
        self.user_name, self.user_role, self.page_access = "", "", "pending"
        # The cookie is cleared by a plain HTTP route; the reload also starts a fresh client
        # token, so nothing the last user saw stays in the tab.
        return rx.call_script(
            "window.sessionStorage.clear(); window.location.replace('/api/session/end')"
        )


def _close_session(token: str) -> None:
    with session_scope() as session:
        accounts.close_session(session, token)


def start_session_script(ticket: str) -> rx.event.EventSpec:
    """Navigate to the route that trades a sign-in ticket for the HttpOnly cookie."""
    return rx.call_script(f"window.location.assign('/api/session/start?ticket={quote(ticket)}')")
