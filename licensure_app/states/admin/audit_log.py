"""The audit log panel: the newest events, filtered by actor, entity, action and dates;
verifying the log and recording a checkpoint of its head."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting, day, stripped, write


class AdminAuditLogState(AuthState):
    audit_rows: list[state_office.AuditRow] = []
    audit_error: str = ""
    # The last verification's or checkpoint's outcome, and whether it found the log intact.
    audit_check: str = ""
    audit_check_ok: bool = True

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.audit_check = ""
        with read_scope() as session:
            self.audit_rows = state_office.audit_log(session, state_office.AuditFilters())

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def filter_audit(self, form: dict) -> None:
        raw_from, raw_to = stripped(form, "audit_from"), stripped(form, "audit_to")
        date_from, date_to = day(raw_from), day(raw_to)
        if (raw_from and date_from is None) or (raw_to and date_to is None):
            self.audit_error = "Enter the dates as dates."
            return
        filters = state_office.AuditFilters(
            actor=stripped(form, "audit_actor"),
            entity_type=stripped(form, "audit_entity_type"),
            entity_id=stripped(form, "audit_entity_id"),
            action=stripped(form, "audit_action"),
            date_from=date_from,
            date_to=date_to,
        )
        with read_scope() as session:
            self.audit_rows = state_office.audit_log(session, filters)
        self.audit_error = ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def verify_audit_log(self) -> None:
        self.audit_check_ok, self.audit_check = await asyncio.to_thread(_verify)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_checkpoint(self) -> None:
        message = await asyncio.to_thread(write, state_office.record_checkpoint, acting(self))
        self.audit_check_ok, self.audit_check = True, message


def _verify() -> tuple[bool, str]:
    # A consistent snapshot of the whole log: read in one transaction.
    with session_scope() as session:
        return state_office.verification_message(session)
