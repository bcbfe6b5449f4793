"""The rules panel: the renewal settings and options, each change previewed with the
educators it affects before it is saved."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting, stripped, write


class AdminRulesState(AuthState):
    settings: list[state_office.SettingView] = []
    options: list[state_office.OptionView] = []
    rules_message: str = ""
    rules_error: str = ""
    pending_kind: str = ""  # "setting" | "part" while a preview waits for confirmation
    pending_key: str = ""
    pending_value: str = ""
    pending_preview: str = ""
    # Changes after a successful change so the forms render empty again.
    rules_version: int = 0

    def _refresh(self) -> None:
        with read_scope() as session:
            self.settings = state_office.setting_views(session)
            self.options = state_office.option_views(session)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.rules_message = self.rules_error = self.pending_kind = ""
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def preview_setting(self, form: dict) -> None:
        key, value = stripped(form, "setting_key"), stripped(form, "setting_value")
        with read_scope() as session:
            preview = state_office.preview_setting(session, key, value)
        self._show_preview("setting", key, value, preview)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def preview_part(self, form: dict) -> None:
        part_id, value = stripped(form, "part_id"), stripped(form, "part_amount")
        option_id = next(
            (o.option_id for o in self.options for p in o.parts if str(p.part_id) == part_id),
            0,
        )
        with read_scope() as session:
            preview = state_office.preview_option_change(session, option_id)
        self._show_preview("part", part_id, value, preview)

    def _show_preview(
        self, kind: str, key: str, value: str, preview: state_office.RulePreview
    ) -> None:
        self.rules_message = ""
        if not preview.ok:
            self.rules_error, self.pending_kind = preview.message, ""
            return
        self.rules_error = ""
        self.pending_kind, self.pending_key, self.pending_value = kind, key, value
        self.pending_preview = preview.message

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def cancel_rule_change(self) -> None:
        self.pending_kind = self.pending_preview = ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def confirm_rule_change(self) -> None:
        actor = acting(self)
        kind, key, value = self.pending_kind, self.pending_key, self.pending_value
        self.pending_kind = self.pending_preview = ""
        if kind == "setting":
            result = await asyncio.to_thread(write, state_office.update_setting, actor, key, value)
        elif kind == "part":
            result = await asyncio.to_thread(
                write, state_office.update_option_part, actor, int(key or 0), value
            )
        else:
            return
        self._show_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def toggle_option(self, option_id: int, active: bool) -> None:
        result = await asyncio.to_thread(
            write,
            state_office.set_option_active,
            acting(self),
            int(option_id or 0),
            bool(active),
        )
        self._show_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def add_option(self, form: dict) -> None:
        parts = [
            (stripped(form, "new_kind_1"), stripped(form, "new_amount_1")),
            (stripped(form, "new_kind_2"), stripped(form, "new_amount_2")),
        ]
        result = await asyncio.to_thread(
            write,
            state_office.add_option,
            acting(self),
            stripped(form, "new_category"),
            parts,
        )
        self._show_result(result)

    def _show_result(self, result: state_office.AdminResult) -> None:
        self.rules_message = result.message if result.ok else ""
        self.rules_error = (
            ""
            if result.ok
            else " ".join([result.message, *[v for v in result.errors.values() if v]])
        )
        if result.ok:
            self.rules_version += 1
            self._refresh()
