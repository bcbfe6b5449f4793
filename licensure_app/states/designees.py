"""The district's designees on /approvals (superintendents only): the list, granting and
revoking approver rights. Every rule is in services.state_office.designees."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.state_office import designees

from ..db import read_scope
from ..models import ROLE_DISTRICT_APPROVER
from . import approvals_jobs as jobs
from .auth import AuthState
from .guard import current_principal, requires
from .ui import focus


def _id(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


class DesigneesState(AuthState):
    designees: list[designees.DesigneeView] = []
    designee_error: str = ""
    designee_message: str = ""
    # Changes after a grant so the form renders empty again.
    designee_version: int = 0
    # The designee whose rights the confirmation dialog asks to revoke (0: none asked).
    revoke_id: int = 0
    revoke_email: str = ""

    def _actor(self, principal: Principal) -> audit.Actor:
        return audit.Actor(principal.account_id, principal.role, self._client_address())

    def _refresh(self, principal: Principal) -> None:
        if principal.superintendent_of is None:
            self.designees = []
            return
        with read_scope() as session:
            self.designees = designees.designees_for(session, principal)

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def load_designees(self) -> None:
        """When the section shows (superintendents only): the district's designees."""
        self.designee_error = self.designee_message = ""
        self.revoke_id, self.revoke_email = 0, ""
        self._refresh(current_principal())

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def ask_revoke(self, designee_id: int) -> None:
        """Open the confirmation for one of the listed designees."""
        chosen = next((d for d in self.designees if d.designee_id == _id(designee_id)), None)
        self.revoke_id = chosen.designee_id if chosen else 0
        self.revoke_email = chosen.email if chosen else ""

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def cancel_revoke(self) -> None:
        self.revoke_id, self.revoke_email = 0, ""

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    async def grant_designee(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        email = form.get("designee_email", "")
        result = await asyncio.to_thread(
            jobs.grant, principal, self._actor(principal), email if isinstance(email, str) else ""
        )
        self.designee_error = "" if result.ok else result.message
        self.designee_message = result.message if result.ok else ""
        if result.ok:
            self.designee_version += 1
        self._refresh(principal)
        return None if result.ok else focus("designee_email")

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    async def revoke_designee(self) -> None:
        """Revoke the rights the dialog asked about (the service checks the district)."""
        principal, designee_id = current_principal(), self.revoke_id
        self.revoke_id, self.revoke_email = 0, ""
        if not designee_id:
            return
        result = await asyncio.to_thread(
            jobs.revoke, principal, self._actor(principal), designee_id
        )
        self.designee_error = "" if result.ok else result.message
        self.designee_message = result.message if result.ok else ""
        self._refresh(principal)
