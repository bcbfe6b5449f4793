"""/admin/educators and /admin/educators/[educator_id]: finding an educator and reading
their whole record (each opening of a record is audited)."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import state_office
from licensure_app.services.accounts import employment
from licensure_app.services.state_office import office_records, records
from licensure_app.services.state_office.educator_record import (
    ApplicationSection,
    LicenseSection,
    Line,
)
from licensure_app.services.state_office.educator_search import MAX_QUERY
from licensure_app.services.state_office.office_records import OfficeForm, OfficeRecordRow

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import current_principal, opens_page, requires
from .common import acting, day, stripped, whole, write


class EducatorSearchState(AuthState):
    educator_query: str = ""
    educator_hits: list[state_office.EducatorHit] = []
    educator_searched: bool = False

    @rx.event
    @opens_page(ROLE_STATE_STAFF)
    def load(self) -> None:
        self.educator_query, self.educator_hits, self.educator_searched = "", [], False

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def search(self, form: dict) -> None:
        self.educator_query = stripped(form, "educator_query")[:MAX_QUERY]
        with read_scope() as session:
            self.educator_hits = state_office.search_educators(session, self.educator_query)
        self.educator_searched = True


class EducatorRecordState(AuthState):
    found: bool = False
    educator_number: str = ""
    educator_name: str = ""
    previous_names: str = ""
    email: str = ""
    phone: str = ""
    employing_district: str = ""
    licenses: list[LicenseSection] = []
    activities: list[Line] = []
    applications: list[ApplicationSection] = []
    office_records: list[OfficeRecordRow] = []
    # The open add-or-correct form of an office record (kind "": none open).
    office_form: OfficeForm = OfficeForm()
    office_errors: dict[str, str] = {}
    office_message: str = ""
    # Changes whenever a form opens, so its inputs remount with the new starting values.
    office_form_version: int = 0
    notifications: list[Line] = []
    emails: list[Line] = []
    audit_trail: list[state_office.AuditRow] = []
    district_choices: list[tuple[str, str]] = []
    district_message: str = ""
    district_error: str = ""
    _profile_id: int = 0

    @rx.event
    @opens_page(ROLE_STATE_STAFF)
    def load(self) -> None:
        number = str(self.router.page.params.get("educator_id", ""))[:16]
        with session_scope() as session:
            record = state_office.educator_record(session, acting(self), number)
            self.district_choices = [(str(i), n) for i, n in employment.district_names(session)]
        self.district_message = self.district_error = ""
        self._show(record, number)

    def _show(self, record: state_office.EducatorRecord | None, number: str) -> None:
        self.found = record is not None
        if record is None:
            self.educator_number, self.educator_name = number, ""
            return
        self._profile_id = record.profile_id
        self.educator_number, self.educator_name = record.educator_number, record.name
        self.previous_names, self.email, self.phone = (
            record.previous_names,
            record.email,
            record.phone,
        )
        self.employing_district = record.employing_district
        self.licenses, self.activities = record.licenses, record.activities
        self.applications, self.office_records = record.applications, record.office_records
        self.notifications, self.emails = record.notifications, record.emails
        self.audit_trail = record.audit_trail

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def set_employing_district(self, form: dict) -> None:
        raw = stripped(form, "record_district")
        if not raw.isdigit() or not self._profile_id:
            self.district_error = "Choose one of the districts listed."
            return
        with session_scope() as session:
            problem = employment.set_district(
                session, current_principal(), acting(self), self._profile_id, int(raw)
            )
            if problem:
                session.rollback()
        with session_scope() as session:
            # Re-read what changed (this re-reading is audited like any opening).
            record = state_office.educator_record(session, acting(self), self.educator_number)
        self._show(record, self.educator_number)
        self.district_error = problem
        self.district_message = "" if problem else "Employing district changed."

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_office_form(self, kind: str, record_id: int = 0) -> None:
        """Open the form to add a record of `kind`, or to correct one of this educator's."""
        number = whole(str(record_id))
        form = None
        if number is not None and number >= 0:
            with read_scope() as session:
                form = office_records.office_form(session, self._profile_id, str(kind), number)
        self.office_form = form or OfficeForm()
        self.office_errors, self.office_message = {}, ""
        self.office_form_version += 1

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def close_office_form(self) -> None:
        self.office_form, self.office_errors = OfficeForm(), {}

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def save_office_record(self, form: dict) -> None:
        kind, record_id = self.office_form.kind, self.office_form.record_id or None
        if kind not in office_records.KIND_TITLES or not self._profile_id:
            return
        args = _record_args(kind, form)
        fn = {
            office_records.TRANSCRIPT: records.record_transcript,
            office_records.BACKGROUND_CHECK: records.record_background_check,
            office_records.ASSESSMENT_SCORE: records.record_assessment_score,
        }[kind]
        errors = await asyncio.to_thread(
            write, fn, acting(self), self._profile_id, *args, clock.today(), record_id
        )
        self.office_errors = errors
        if errors:
            return
        title = office_records.KIND_TITLES[kind]
        self.office_message = f"{title}: {'correction saved' if record_id else 'recorded'}."
        self.office_form = OfficeForm()
        with session_scope() as session:
            # Re-read what changed (this re-reading is audited like any opening).
            record = state_office.educator_record(session, acting(self), self.educator_number)
        self._show(record, self.educator_number)


def _record_args(kind: str, form: dict) -> tuple:
    """The service's arguments for one kind of record, from the form's inputs."""
    if kind == office_records.TRANSCRIPT:
        return (
            stripped(form, "institution"),
            stripped(form, "degree"),
            day(stripped(form, "received_on")),
        )
    if kind == office_records.BACKGROUND_CHECK:
        return (stripped(form, "check_status"), day(stripped(form, "checked_on")))
    score, passing = stripped(form, "score"), stripped(form, "passing_score")
    return (
        stripped(form, "assessment"),
        whole(score) if score else None,
        whole(passing) if passing else None,
        day(stripped(form, "taken_on")),
    )
