"""The PD activities panel: find an educator, see their activities, and void one with a
reason after a confirmation (services.state_office.pd_activities)."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from ..ui import focus
from .common import acting, stripped, write

NOBODY = state_office.EducatorRef(profile_id=0, name="", educator_number="", district="")


class AdminActivitiesState(AuthState):
    pd_educator: state_office.EducatorRef = NOBODY
    pd_find_error: str = ""
    pd_activities: list[state_office.StaffActivityRow] = []
    # The activity waiting for the void confirmation (0: none).
    void_id: int = 0
    void_title: str = ""
    void_errors: dict[str, str] = {}
    void_message: str = ""
    void_error: str = ""

    def _refresh(self) -> None:
        profile_id = self.pd_educator.profile_id
        with read_scope() as session:
            self.pd_activities = (
                state_office.staff_activity_rows(session, profile_id) if profile_id else []
            )

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.void_message = self.void_error = self.pd_find_error = ""
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def find_pd_educator(self, form: dict):  # noqa: ANN201
        with read_scope() as session:
            found = state_office.find_educator(session, stripped(form, "pd_find_query"))
        self.pd_educator = found or NOBODY
        self.pd_find_error = "" if found else "No educator has that educator ID or license number."
        self.void_message = self.void_error = ""
        self._refresh()
        return None if found else focus("pd_find_query")

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def ask_void(self, activity_id: int) -> None:
        row = next((a for a in self.pd_activities if a.activity_id == int(activity_id or 0)), None)
        if row is not None and not row.voided:
            self.void_id, self.void_title, self.void_errors = row.activity_id, row.title, {}

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def cancel_void(self) -> None:
        self.void_id, self.void_title, self.void_errors = 0, "", {}

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def confirm_void(self, form: dict) -> None:
        if not self.void_id:
            return
        result = await asyncio.to_thread(
            write,
            state_office.void_activity,
            acting(self),
            self.void_id,
            stripped(form, "void_reason"),
        )
        self.void_errors = result.errors
        if result.errors:
            return  # the dialog stays open with the error
        self.void_id, self.void_title = 0, ""
        self.void_message = result.message if result.ok else ""
        self.void_error = "" if result.ok else result.message
        self._refresh()
