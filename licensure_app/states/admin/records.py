"""The records panel: find an educator, then record a transcript, a background check or
an assessment score for them."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import licensing, state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ...services.state_office import records
from ..auth import AuthState
from ..guard import requires
from ..ui import focus
from .common import acting, day, stripped, whole, write

NOBODY = state_office.EducatorRef(profile_id=0, name="", educator_number="", district="")


class AdminRecordsState(AuthState):
    # The educator found (profile_id 0: none yet).
    educator: state_office.EducatorRef = NOBODY
    find_error: str = ""
    record_errors: dict[str, str] = {}
    record_message: str = ""
    # Changes after a record is saved so the forms render empty again.
    record_version: int = 0
    # The educator's claim waiting for the office's confirmation ("" if none).
    pending_claim: str = ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.record_message = self.find_error = ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def find_educator(self, form: dict):  # noqa: ANN201
        with read_scope() as session:
            found = state_office.find_educator(session, stripped(form, "find_query"))
            pending = licensing.pending_claim(session, found.profile_id) if found else None
        self.pending_claim = pending.summary if pending else ""
        self.educator = found or NOBODY
        self.find_error = "" if found else "No educator has that educator ID or license number."
        self.record_errors, self.record_message = {}, ""
        return None if found else focus("find_query")

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_transcript(self, form: dict) -> None:
        await self._record(
            records.record_transcript,
            stripped(form, "institution"),
            stripped(form, "degree"),
            day(stripped(form, "received_on")),
            message="Transcript recorded",
        )

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_background_check(self, form: dict) -> None:
        await self._record(
            records.record_background_check,
            stripped(form, "check_status"),
            day(stripped(form, "checked_on")),
            message="Background check recorded",
        )

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_score(self, form: dict) -> None:
        score, passing = stripped(form, "score"), stripped(form, "passing_score")
        await self._record(
            records.record_assessment_score,
            stripped(form, "assessment"),
            whole(score) if score else None,
            whole(passing) if passing else None,
            day(stripped(form, "taken_on")),
            message="Assessment score recorded",
        )

    async def _record(self, fn: Any, *args: Any, message: str) -> None:
        actor = acting(self)
        profile_id = self.educator.profile_id
        if not profile_id:
            self.find_error = "Find the educator first."
            return
        errors = await asyncio.to_thread(write, fn, actor, profile_id, *args, clock.today())
        self.record_errors = errors
        self.record_message = "" if errors else f"{message} for {self.educator.name}"
        if not errors:
            self.record_version += 1

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def confirm_claim(self) -> None:
        """Confirm the found educator's claim: their private details show to them from now."""
        profile_id = self.educator.profile_id
        if not profile_id or not self.pending_claim:
            return
        confirmed = await asyncio.to_thread(
            write, licensing.confirm_claim, acting(self), profile_id
        )
        self.pending_claim = ""
        self.record_message = (
            f"Claim confirmed for {self.educator.name}" if confirmed else "No claim waits here."
        )
