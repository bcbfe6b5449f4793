"""The disciplinary notices panel: find a license, record a public notice on it (with its
effective date and whether the public sees it), and hide or show a notice later."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.infra import clock

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ...services.licensing.license_facts import normalise_license_number
from ...services.lookup import lookup_license
from ...services.state_office import discipline
from ..auth import AuthState
from ..guard import requires
from ..ui import focus
from .common import acting, day, stripped, write


def _notices(number: str) -> list[discipline.StaffNoticeRow]:
    with read_scope() as session:
        return discipline.notices_for_staff(session, number, clock.today())


def _holder(number: str) -> str:
    """ "Thompson, Avery Lynn (license 100100)", or "" when no license has the number."""
    with read_scope() as session:
        record = lookup_license(session, number)
    return f"{record.holder_name} (license {record.license_number})" if record else ""


class AdminDisciplineState(AuthState):
    # The license the panel records on ("" until one is found) and who holds it.
    license_number: str = ""
    holder: str = ""
    notices: list[discipline.StaffNoticeRow] = []
    find_error: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    # Changes after a notice is recorded so the form renders empty again.
    form_version: int = 0

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.message = self.find_error = ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def find_license(self, form: dict):  # noqa: ANN201
        number = normalise_license_number(stripped(form, "notice_find"))[:20]
        holder = await asyncio.to_thread(_holder, number) if number.isdigit() else ""
        self.errors, self.message = {}, ""
        if not holder:
            self.license_number, self.holder, self.notices = "", "", []
            self.find_error = "No license has that number."
            return focus("notice_find")
        self.find_error = ""
        self.license_number, self.holder = number, holder
        self.notices = await asyncio.to_thread(_notices, number)
        return None

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_notice(self, form: dict):  # noqa: ANN201
        if not self.license_number:
            self.find_error = "Find the license first."
            return focus("notice_find")
        errors = await asyncio.to_thread(
            write,
            discipline.record_notice,
            acting(self),
            self.license_number,
            stripped(form, "notice_body"),
            day(stripped(form, "notice_effective")),
            form.get("notice_public") in ("on", True, "true"),
        )
        self.errors = errors
        if errors:
            self.message = ""
            return focus(next(iter(errors)))
        self.message = f"{discipline.NOTICE_RECORDED} on license {self.license_number}"
        self.form_version += 1
        self.notices = await asyncio.to_thread(_notices, self.license_number)
        return None

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def set_visibility(self, notice_id: int, public: bool) -> None:
        """Hide a notice from the public page, or show it again."""
        ids = {n.notice_id for n in self.notices}
        if not isinstance(notice_id, int) or notice_id not in ids:
            return
        changed = await asyncio.to_thread(
            write, discipline.set_notice_visibility, acting(self), notice_id, bool(public)
        )
        if changed:
            self.message = "Notice shown publicly" if public else "Notice hidden from the public"
        self.notices = await asyncio.to_thread(_notices, self.license_number)
