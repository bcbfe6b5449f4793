"""/applications : the educator's applications, their timelines, and withdrawal."""

from __future__ import annotations

import asyncio

import reflex as rx

from .. import routes
from ..db import read_scope, session_scope
from ..models import ROLE_EDUCATOR
from ..services import applications, audit
from ..services.accounts.authz import Principal
from ..services.applications import ApplicationError
from . import live
from .auth import AuthState
from .guard import current_principal, opens_page, requires
from .ui import focus_result


class ApplicationsState(AuthState):
    items: list[applications.ApplicationView] = []
    loaded: bool = False
    notice: str = ""
    withdraw_id: int = 0
    withdraw_label: str = ""
    discard_id: int = 0
    _live_beat: float = 0.0  # the live loop's heartbeat (states/live.py)

    def _reload(self, profile_id: int | None) -> None:
        if profile_id is None:
            self.items = []
        else:
            with read_scope() as session:
                self.items = applications.applications_for(session, profile_id)
        self.loaded = True

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self):  # noqa: ANN201
        self.withdraw_id, self.discard_id = 0, 0
        params = self.router.url.query_parameters
        if params.get("submitted", ""):
            self.notice = "Application submitted. You will be notified of the decision."
        elif params.get("discarded", ""):
            self.notice = "Draft discarded."
        else:
            self.notice = ""
        self._reload(current_principal().profile_id)
        return ApplicationsState.watch

    @rx.event(background=True)
    @requires(ROLE_EDUCATOR)
    async def watch(self) -> None:
        """Show decisions made by others without a reload (server-side check, no browser polling)."""

        async def refresh(principal: Principal) -> None:
            async with self:
                self._reload(principal.profile_id)

        await live.follow(self, routes.APPLICATIONS, _version_of, refresh)

    @rx.event
    @requires(ROLE_EDUCATOR)
    def ask_withdraw(self, application_id: int) -> None:
        item = next((i for i in self.items if i.application_id == application_id), None)
        if item is not None and item.can_withdraw:
            self.withdraw_id = application_id
            self.withdraw_label = f"{item.type_title} application" + (
                f" for license {item.license_number}" if item.license_number else ""
            )

    @rx.event
    @requires(ROLE_EDUCATOR)
    def cancel_withdraw(self) -> None:
        self.withdraw_id = 0

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def confirm_withdraw(self):  # noqa: ANN201
        principal = current_principal()
        application_id, self.withdraw_id = self.withdraw_id, 0
        if not application_id or principal.profile_id is None:
            return None
        actor = audit.Actor(principal.account_id, principal.role, self._client_address())
        try:
            moved = await asyncio.to_thread(_withdraw, actor, principal.profile_id, application_id)
        except ApplicationError as exc:
            return rx.toast.error(str(exc))
        self.notice = (
            "Application withdrawn." if moved else "That application can no longer be withdrawn."
        )
        self._reload(principal.profile_id)
        return focus_result("applications-result")

    @rx.event
    @requires(ROLE_EDUCATOR)
    def ask_discard(self, application_id: int) -> None:
        item = next((i for i in self.items if i.application_id == application_id), None)
        if item is not None and item.can_discard:
            self.discard_id = application_id
            self.withdraw_label = f"{item.type_title} application" + (
                f" for license {item.license_number}" if item.license_number else ""
            )

    @rx.event
    @requires(ROLE_EDUCATOR)
    def cancel_discard(self) -> None:
        self.discard_id = 0

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def confirm_discard(self):  # noqa: ANN201
        principal = current_principal()
        application_id, self.discard_id = self.discard_id, 0
        if not application_id or principal.profile_id is None:
            return None
        actor = audit.Actor(principal.account_id, principal.role, self._client_address())
        try:
            await asyncio.to_thread(_discard, actor, principal.profile_id, application_id)
        except ApplicationError as exc:
            return rx.toast.error(str(exc))
        self.notice = "Draft discarded."
        self._reload(principal.profile_id)
        return focus_result("applications-result")


def _discard(actor: audit.Actor, profile_id: int, application_id: int) -> None:
    with session_scope() as session:
        applications.discard(session, actor, profile_id, application_id)


def _withdraw(actor: audit.Actor, profile_id: int, application_id: int) -> bool:
    with session_scope() as session:
        return applications.withdraw(session, actor, profile_id, application_id)


def _version_of(principal: Principal) -> str:
    if principal.profile_id is None:
        return ""
    with read_scope() as session:
        return applications.version_for(session, principal.profile_id)
