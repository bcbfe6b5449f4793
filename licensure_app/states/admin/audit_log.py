"""The audit log panel: one line per event, a page at a time, filtered by actor, entity,
action and dates, and the same selection as CSV; verifying the log and recording a
checkpoint of its head."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting, day, stripped, write

_FIELDS = ("audit_actor", "audit_entity_type", "audit_entity_id", "audit_action")


class AdminAuditLogState(AuthState):
    audit_rows: list[state_office.AuditRow] = []
    audit_error: str = ""
    audit_page_number: int = 1
    audit_has_next: bool = False
    # The last verification's or checkpoint's outcome, and whether it found the log intact.
    audit_check: str = ""
    audit_check_ok: bool = True
    # The filters in force (as typed) and where each page seen so far starts, for paging back.
    _audit_form: dict[str, str] = {}
    _audit_starts: list[int] = []
    _audit_next: int = 0

    def _filters(self) -> state_office.AuditFilters:
        form = self._audit_form
        return state_office.AuditFilters(
            actor=form.get("audit_actor", ""),
            entity_type=form.get("audit_entity_type", ""),
            entity_id=form.get("audit_entity_id", ""),
            action=form.get("audit_action", ""),
            date_from=day(form.get("audit_from", "")),
            date_to=day(form.get("audit_to", "")),
        )

    def _load(self, before_id: int) -> None:
        """The page of events below `before_id` (0: the newest)."""
        with read_scope() as session:
            page = state_office.audit_page(session, self._filters(), before_id or None)
        self.audit_rows = page.rows
        self.audit_has_next = page.next_before_id is not None
        self._audit_next = page.next_before_id or 0

    def _first_page(self) -> None:
        self._audit_starts = [0]
        self.audit_page_number = 1
        self._load(0)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.audit_check = ""
        self.audit_error = ""
        self._audit_form = {}
        self._first_page()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def filter_audit(self, form: dict) -> None:
        raw_from, raw_to = stripped(form, "audit_from"), stripped(form, "audit_to")
        if (raw_from and day(raw_from) is None) or (raw_to and day(raw_to) is None):
            self.audit_error = "Enter the dates as dates."
            return
        self._audit_form = {key: stripped(form, key) for key in _FIELDS} | {
            "audit_from": raw_from,
            "audit_to": raw_to,
        }
        self.audit_error = ""
        self._first_page()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def next_audit_page(self) -> None:
        if not self.audit_has_next:
            return
        start = self._audit_next
        self._audit_starts = [*self._audit_starts, start]
        self.audit_page_number = len(self._audit_starts)
        self._load(start)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def previous_audit_page(self) -> None:
        if len(self._audit_starts) <= 1:
            return
        self._audit_starts = self._audit_starts[:-1]
        self.audit_page_number = len(self._audit_starts)
        self._load(self._audit_starts[-1])

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def download_audit_csv(self) -> rx.event.EventSpec:
        filters = self._filters()
        text = await asyncio.to_thread(_csv, filters)
        return rx.download(data=text, filename="audit-log.csv", mime_type="text/csv")

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def verify_audit_log(self) -> None:
        self.audit_check_ok, self.audit_check = await asyncio.to_thread(_verify)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_checkpoint(self) -> None:
        message = await asyncio.to_thread(write, state_office.record_checkpoint, acting(self))
        self.audit_check_ok, self.audit_check = True, message


def _csv(filters: state_office.AuditFilters) -> str:
    with read_scope() as session:
        return state_office.audit_csv(session, filters)


def _verify() -> tuple[bool, str]:
    # A consistent snapshot of the whole log: read in one transaction.
    with session_scope() as session:
        return state_office.verification_message(session)
