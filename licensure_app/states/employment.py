"""The employing district: the educator's request on /profile, the waiting "staff
changes" on /district (and the state office's direct change on an educator's record)."""

from __future__ import annotations

import reflex as rx

from ..db import read_scope, session_scope
from ..models import ROLE_DISTRICT_APPROVER, ROLE_EDUCATOR, ROLE_STATE_STAFF
from ..services import audit
from ..services.accounts import employment
from .auth import AuthState
from .guard import current_principal, requires


def _actor(state: AuthState) -> audit.Actor:
    principal = current_principal()
    return audit.Actor(principal.account_id, principal.role, state._client_address())


class EmploymentState(AuthState):
    district_choices: list[tuple[str, str]] = []  # (id, name)
    my_employment: employment.Employment = employment.Employment("", "", "")
    employment_message: str = ""
    employment_error: str = ""
    staff_changes: list[employment.StaffChangeRow] = []
    staff_change_message: str = ""

    @rx.event
    @requires(ROLE_EDUCATOR)
    def load_employment(self) -> None:
        profile_id = current_principal().profile_id
        with read_scope() as session:
            self.district_choices = [(str(i), n) for i, n in employment.district_names(session)]
            if profile_id is not None:
                self.my_employment = employment.employment(session, profile_id)
        self.employment_message = self.employment_error = ""

    @rx.event
    @requires(ROLE_EDUCATOR)
    def ask_for_district(self, form: dict) -> None:
        profile_id = current_principal().profile_id
        raw = str(form.get("employing_district", ""))
        if profile_id is None or not raw.isdigit():
            self.employment_error = "Choose one of the districts listed."
            return
        with session_scope() as session:
            problem = employment.request_change(session, _actor(self), profile_id, int(raw))
            if problem:
                session.rollback()
        with read_scope() as session:
            self.my_employment = employment.employment(session, profile_id)
        self.employment_error = problem
        self.employment_message = (
            "" if problem else "Asked. The change takes effect when the district confirms it."
        )

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)
    def load_staff_changes(self) -> None:
        with read_scope() as session:
            self.staff_changes = employment.waiting_changes(session, current_principal())

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)
    def decide_staff_change(self, change_id: int, confirm: bool) -> None:
        principal = current_principal()
        with session_scope() as session:
            problem = employment.decide_change(
                session, principal, _actor(self), int(change_id), bool(confirm)
            )
        with read_scope() as session:
            self.staff_changes = employment.waiting_changes(session, principal)
        self.staff_change_message = problem or ("Confirmed." if confirm else "Declined.")
