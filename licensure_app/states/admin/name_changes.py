"""The name-changes panel: legal-name change requests waiting for state staff, with their
documents; approve, or reject with a reason (services.accounts.name_change_review)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from licensure_app.services import audit
from licensure_app.services.accounts import name_change_review
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.accounts.name_changes import NameChangeResult

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import current_principal, requires
from .common import acting, stripped, whole


class AdminNameChangesState(AuthState):
    name_change_rows: list[name_change_review.NameChangeRow] = []
    # The request whose document is shown in the page (0: none).
    viewing_request: int = 0
    name_change_message: str = ""
    name_change_error: str = ""
    # The request whose reject form has an error, and the error.
    reason_error_request: int = 0
    reason_error: str = ""
    # Changes after a decision so the forms render empty again.
    name_change_version: int = 0

    def _refresh(self, principal: Principal) -> None:
        with read_scope() as session:
            self.name_change_rows = name_change_review.pending_requests(session, principal)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.name_change_message = self.name_change_error = self.reason_error = ""
        self.viewing_request = self.reason_error_request = 0
        self._refresh(current_principal())

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def toggle_document(self, request_id: int) -> None:
        request_id = int(request_id or 0)
        self.viewing_request = 0 if self.viewing_request == request_id else request_id

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def approve_name_change(self, form: dict) -> None:
        request_id = whole(stripped(form, "request_id")) or 0
        result = await asyncio.to_thread(
            _decide, name_change_review.approve, current_principal(), acting(self), request_id
        )
        self._show_result(result, request_id)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def reject_name_change(self, form: dict) -> None:
        request_id = whole(stripped(form, "request_id")) or 0
        reason = stripped(form, "reason")
        result = await asyncio.to_thread(
            _decide,
            name_change_review.reject,
            current_principal(),
            acting(self),
            request_id,
            reason,
        )
        self._show_result(result, request_id)

    def _show_result(self, result: NameChangeResult, request_id: int) -> None:
        field_error = result.errors.get("reason", "")
        self.reason_error_request = request_id if field_error else 0
        self.reason_error = field_error
        self.name_change_message = result.message if result.ok else ""
        self.name_change_error = "" if result.ok or field_error else result.message
        if result.ok:
            self.viewing_request = 0
            self.name_change_version += 1
        self._refresh(current_principal())


def _decide(
    fn: Callable[..., NameChangeResult], principal: Principal, actor: audit.Actor, *args: Any
) -> NameChangeResult:
    """`fn(session, principal, actor, *args)` in a transaction of its own."""
    with session_scope() as session:
        return fn(session, principal, actor, *args)
