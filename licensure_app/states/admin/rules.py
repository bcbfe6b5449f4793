"""The rules panel: the renewal settings and options, each change previewed next to its form
(validated as saving validates it, with what it does to educators' trackers) before it is
saved, from an effective date; and the scheduled changes, each of which may be cancelled."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting, stripped, write


class AdminRulesState(AuthState):
    settings: list[state_office.SettingView] = []
    options: list[state_office.OptionView] = []
    scheduled: list[state_office.ScheduledView] = []
    rules_message: str = ""
    rules_error: str = ""
    # The preview shown next to its form: "setting" | "part" ("" none); ok: it may be saved.
    preview_for: str = ""
    preview_ok: bool = False
    preview_text: str = ""
    pending_key: str = ""
    pending_value: str = ""
    pending_effective: str = ""
    # The effective date fields start at today (the state's calendar), as YYYY-MM-DD.
    today_iso: str = ""
    # The scheduled change the confirmation dialog asks about (0: closed).
    cancel_id: int = 0
    cancel_summary: str = ""
    # Changes after a successful change so the forms render empty again.
    rules_version: int = 0

    def _refresh(self) -> None:
        self.today_iso = clock.today().isoformat()
        with read_scope() as session:
            self.settings = state_office.setting_views(session)
            self.options = state_office.option_views(session)
            self.scheduled = state_office.scheduled_views(session)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.rules_message = self.rules_error = self.preview_for = ""
        self.cancel_id = 0
        self._refresh()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def preview_setting(self, form: dict) -> None:
        key, value = stripped(form, "setting_key"), stripped(form, "setting_value")
        effective = stripped(form, "setting_effective_on")
        with read_scope() as session:
            preview = state_office.preview_setting(session, key, value, effective)
        self._show_preview("setting", key, value, effective, preview)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def preview_part(self, form: dict) -> None:
        part_id, value = stripped(form, "part_id"), stripped(form, "part_amount")
        effective = stripped(form, "part_effective_on")
        with read_scope() as session:
            preview = state_office.preview_part(
                session, int(part_id) if part_id.isdigit() else 0, value, effective
            )
        self._show_preview("part", part_id, value, effective, preview)

    def _show_preview(
        self, kind: str, key: str, value: str, effective: str, preview: state_office.RulePreview
    ) -> None:
        self.rules_message = self.rules_error = ""
        self.preview_for, self.preview_ok, self.preview_text = kind, preview.ok, preview.message
        self.pending_key, self.pending_value, self.pending_effective = key, value, effective

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def cancel_rule_change(self) -> None:
        self.preview_for = self.preview_text = ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def confirm_rule_change(self) -> None:
        actor = acting(self)
        kind, key = self.preview_for, self.pending_key
        value, effective = self.pending_value, self.pending_effective
        if not self.preview_ok:
            return
        self.preview_for = self.preview_text = ""
        if kind == "setting":
            result = await asyncio.to_thread(
                write, state_office.update_setting, actor, key, value, effective
            )
        elif kind == "part":
            part_id = int(key) if key.isdigit() else 0
            result = await asyncio.to_thread(
                write, state_office.update_option_part, actor, part_id, value, effective
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
    async def withdraw_option(self, form: dict) -> None:
        """Withdraw an option from the effective date (today: at once)."""
        option_id = stripped(form, "withdraw_option_id")
        result = await asyncio.to_thread(
            write,
            state_office.set_option_active,
            acting(self),
            int(option_id) if option_id.isdigit() else 0,
            False,
            stripped(form, "withdraw_effective_on"),
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
            stripped(form, "new_effective_on"),
        )
        self._show_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def ask_cancel_scheduled(self, change_id: int) -> None:
        row = next((s for s in self.scheduled if s.change_id == change_id), None)
        if row is not None:
            self.cancel_id = row.change_id
            self.cancel_summary = f"{row.summary}, from {row.effective_on}"

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def keep_scheduled(self) -> None:
        self.cancel_id = 0

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def confirm_cancel_scheduled(self) -> None:
        change_id, self.cancel_id = self.cancel_id, 0
        if not change_id:
            return
        result = await asyncio.to_thread(
            write, state_office.cancel_rule_change, acting(self), change_id
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
