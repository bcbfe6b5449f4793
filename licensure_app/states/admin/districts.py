"""The districts panel: districts, their superintendents, create, rename and delete."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting, stripped, write


class AdminDistrictsState(AuthState):
    districts: list[state_office.DistrictView] = []
    district_errors: dict[str, str] = {}
    district_message: str = ""
    district_error: str = ""
    # Changes after a successful change so the forms render empty again.
    district_version: int = 0

    def _refresh(self) -> None:
        with read_scope() as session:
            self.districts = state_office.district_views(session)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.district_message = self.district_error = ""
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def save_district(self, form: dict) -> None:
        result = await asyncio.to_thread(
            write,
            state_office.save_district,
            acting(self),
            int(stripped(form, "district_id") or 0),
            stripped(form, "district_code"),
            stripped(form, "district_name"),
        )
        self._show_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def set_superintendent(self, form: dict) -> None:
        result = await asyncio.to_thread(
            write,
            state_office.set_superintendent,
            acting(self),
            int(stripped(form, "super_district_id") or 0),
            stripped(form, "super_email"),
            stripped(form, "super_name"),
        )
        self._show_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def delete_district(self, district_id: int) -> None:
        result = await asyncio.to_thread(
            write, state_office.delete_district, acting(self), int(district_id or 0)
        )
        self._show_result(result)

    def _show_result(self, result: state_office.AdminResult) -> None:
        self.district_errors = result.errors
        self.district_message = result.message if result.ok else ""
        self.district_error = "" if result.ok else result.message
        if result.ok:
            self.district_version += 1
            self._refresh()
