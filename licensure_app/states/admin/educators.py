"""/admin/educators and /admin/educators/[educator_id]: finding an educator and reading
their whole record (each opening of a record is audited)."""

from __future__ import annotations

import reflex as rx

from licensure_app.services import state_office
from licensure_app.services.accounts import employment
from licensure_app.services.state_office.educator_record import (
    ApplicationSection,
    LicenseSection,
    Line,
)
from licensure_app.services.state_office.educator_search import MAX_QUERY

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import current_principal, opens_page, requires
from .common import acting, stripped


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
    office_records: list[Line] = []
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
