"""The outbox panel: e-mails by status, newest first, 50 a page, and retrying a failed one
(services.state_office.outbox). Never a message's body."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting, stripped, write


class AdminOutboxState(AuthState):
    outbox_rows: list[state_office.OutboxRow] = []
    outbox_status: str = ""
    outbox_page: int = 1
    outbox_pages: int = 1
    outbox_total: int = 0
    outbox_counts: dict[str, int] = {}
    outbox_message: str = ""
    outbox_error: str = ""

    def _refresh(self) -> None:
        with read_scope() as session:
            page = state_office.outbox_page(session, self.outbox_status, self.outbox_page)
        self.outbox_rows, self.outbox_total = page.rows, page.total
        self.outbox_page, self.outbox_pages, self.outbox_counts = page.page, page.pages, page.counts

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.outbox_message = self.outbox_error = ""
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def filter_outbox(self, form: dict) -> None:
        self.outbox_status, self.outbox_page = stripped(form, "outbox_status"), 1
        self.outbox_message = self.outbox_error = ""
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def outbox_next(self) -> None:
        self.outbox_page += 1
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def outbox_previous(self) -> None:
        self.outbox_page -= 1
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def retry(self, email_id: int) -> None:
        result = await asyncio.to_thread(
            write, state_office.retry_email, acting(self), int(email_id or 0)
        )
        self.outbox_message = result.message if result.ok else ""
        self.outbox_error = "" if result.ok else result.message
        self._refresh()
