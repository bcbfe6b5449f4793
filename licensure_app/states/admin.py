"""/admin : the state office's tools. Thin: rules and writes live in services.state_office,
services.pd.bulk_load and services.licensing; every handler is for state staff only."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from typing import Any

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import audit, state_office
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.pd import bulk_load

from ..db import read_scope, session_scope
from ..models import ROLE_STATE_STAFF
from ..services import licensing as license_records
from .auth import AuthState
from .guard import current_principal, opens_page, requires
from .ui import focus, form_text

CSV_UPLOAD_ID = "bulk-csv"


def _stripped(form: dict, key: str) -> str:
    return form_text(form, key).strip()


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _whole(value: str) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class AdminState(AuthState):
    loaded: bool = False
    # State review.
    state_review_count: int = 0
    # Districts.
    districts: list[dict[str, Any]] = []
    district_errors: dict[str, str] = {}
    district_message: str = ""
    district_error: str = ""
    district_version: int = 0
    # Rules.
    settings: list[dict[str, Any]] = []
    options: list[dict[str, Any]] = []
    rules_message: str = ""
    rules_error: str = ""
    pending_kind: str = ""  # "setting" | "part" while a preview waits for confirmation
    pending_key: str = ""
    pending_value: str = ""
    pending_preview: str = ""
    rules_version: int = 0
    # Bulk PD load.
    bulk_file_name: str = ""
    bulk_file_error: str = ""
    bulk_summary: dict[str, int] = {}
    bulk_errors: list[dict[str, str]] = []
    bulk_rows: list[dict[str, str]] = []
    bulk_running: bool = False
    bulk_progress: int = 0
    bulk_result: str = ""
    _bulk_text: str = ""
    # Records (transcripts, background checks, assessment scores).
    educator: dict[str, Any] = {}
    find_error: str = ""
    record_errors: dict[str, str] = {}
    record_message: str = ""
    record_version: int = 0
    # Expiring licenses.
    expiring_total: int = 0
    expiring_per_district: list[dict[str, str]] = []
    expiring_rows: list[dict[str, str]] = []
    # The audit log.
    audit_rows: list[dict[str, Any]] = []
    audit_error: str = ""

    def _actor(self, principal: Principal) -> audit.Actor:
        return audit.Actor(principal.account_id, principal.role, self._client_address())

    def _refresh(self) -> None:
        today = clock.today()
        with read_scope() as session:
            self.state_review_count = state_office.state_review_count(session)
            self.districts = [dataclasses.asdict(d) for d in state_office.district_views(session)]
            self.settings = [dataclasses.asdict(s) for s in state_office.setting_views(session)]
            self.options = [dataclasses.asdict(o) for o in state_office.option_views(session)]
            report = state_office.expiring(session, today)
        self.expiring_total = report.total
        self.expiring_per_district = report.per_district
        self.expiring_rows = report.rows[: state_office.EXPIRING_SHOWN]
        self.loaded = True

    @rx.event
    @opens_page(ROLE_STATE_STAFF)
    def load(self) -> None:
        self.district_message = self.district_error = self.rules_message = ""
        self.rules_error = self.record_message = self.find_error = ""
        self.pending_kind = ""
        self._refresh()
        with read_scope() as session:
            self.audit_rows = [
                dataclasses.asdict(r)
                for r in state_office.audit_log(session, state_office.AuditFilters())
            ]

    # ------------------------------------------------------------ districts

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def save_district(self, form: dict) -> None:
        principal = current_principal()
        result = await asyncio.to_thread(
            _write,
            state_office.save_district,
            self._actor(principal),
            int(_stripped(form, "district_id") or 0),
            _stripped(form, "district_code"),
            _stripped(form, "district_name"),
        )
        self._show_district_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def set_superintendent(self, form: dict) -> None:
        principal = current_principal()
        result = await asyncio.to_thread(
            _write,
            state_office.set_superintendent,
            self._actor(principal),
            int(_stripped(form, "super_district_id") or 0),
            _stripped(form, "super_email"),
            _stripped(form, "super_name"),
        )
        self._show_district_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def delete_district(self, district_id: int) -> None:
        principal = current_principal()
        result = await asyncio.to_thread(
            _write, state_office.delete_district, self._actor(principal), int(district_id or 0)
        )
        self._show_district_result(result)

    def _show_district_result(self, result: state_office.AdminResult) -> None:
        self.district_errors = result.errors
        self.district_message = result.message if result.ok else ""
        self.district_error = "" if result.ok else result.message
        if result.ok:
            self.district_version += 1
            self._refresh()

    # ------------------------------------------------------------ rules

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def preview_setting(self, form: dict) -> None:
        key, value = _stripped(form, "setting_key"), _stripped(form, "setting_value")
        with read_scope() as session:
            preview = state_office.preview_setting(session, key, value)
        self._show_preview("setting", key, value, preview)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def preview_part(self, form: dict) -> None:
        part_id, value = _stripped(form, "part_id"), _stripped(form, "part_amount")
        option_id = next(
            (o["option_id"] for o in self.options for p in o["parts"] if p["part_id"] == part_id),
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
        principal = current_principal()
        kind, key, value = self.pending_kind, self.pending_key, self.pending_value
        self.pending_kind = self.pending_preview = ""
        if kind == "setting":
            result = await asyncio.to_thread(
                _write, state_office.update_setting, self._actor(principal), key, value
            )
        elif kind == "part":
            result = await asyncio.to_thread(
                _write,
                state_office.update_option_part,
                self._actor(principal),
                int(key or 0),
                value,
            )
        else:
            return
        self._show_rules_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def toggle_option(self, option_id: int, active: bool) -> None:
        principal = current_principal()
        result = await asyncio.to_thread(
            _write,
            state_office.set_option_active,
            self._actor(principal),
            int(option_id or 0),
            bool(active),
        )
        self._show_rules_result(result)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def add_option(self, form: dict) -> None:
        principal = current_principal()
        parts = [
            (_stripped(form, "new_kind_1"), _stripped(form, "new_amount_1")),
            (_stripped(form, "new_kind_2"), _stripped(form, "new_amount_2")),
        ]
        result = await asyncio.to_thread(
            _write,
            state_office.add_option,
            self._actor(principal),
            _stripped(form, "new_category"),
            parts,
        )
        self._show_rules_result(result)

    def _show_rules_result(self, result: state_office.AdminResult) -> None:
        self.rules_message = result.message if result.ok else ""
        self.rules_error = (
            ""
            if result.ok
            else " ".join([result.message, *[v for v in result.errors.values() if v]])
        )
        if result.ok:
            self.rules_version += 1
            self._refresh()

    # ------------------------------------------------------------ bulk PD load

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def upload_csv(self, files: list[rx.UploadFile]) -> None:
        self.bulk_result, self.bulk_progress = "", 0
        self.bulk_summary, self.bulk_errors, self.bulk_rows = {}, [], []
        if not files:
            return
        file = files[0]
        data = await file.read(bulk_load.MAX_BYTES + 1)
        self.bulk_file_name = (file.name or "file.csv")[:200]
        text = bulk_load.decode(data)
        if text is None:
            self.bulk_file_error = "The file is empty or larger than 5 MB."
            self._bulk_text = ""
            return
        preview = await asyncio.to_thread(_preview, text)
        self._show_preview_of_load(preview)
        self._bulk_text = "" if preview.file_error else text

    def _show_preview_of_load(self, preview: bulk_load.Preview) -> None:
        self.bulk_file_error = preview.file_error
        self.bulk_summary = {
            "total": preview.total,
            "new": preview.new,
            "already": preview.already_loaded,
            "errors": len(preview.errors),
        }
        self.bulk_errors = preview.errors[:500]
        self.bulk_rows = preview.rows

    @rx.event(background=True)
    @requires(ROLE_STATE_STAFF)
    async def run_bulk_load(self):  # noqa: ANN201
        """Loads chunk by chunk, each its own transaction, moving the progress bar."""
        async with self:
            if self.bulk_running or not self._bulk_text:
                return
            self.bulk_running, self.bulk_progress, self.bulk_result = True, 0, ""
            text = self._bulk_text
            actor = self._actor(current_principal())
        added = skipped = 0
        try:
            parsed = await asyncio.to_thread(_parse, text)
            good = parsed.good
            batches = bulk_load.chunks(good)
            for done, chunk in enumerate(batches, start=1):
                a, s = await asyncio.to_thread(_load_chunk, actor, chunk)
                added, skipped = added + a, skipped + s
                async with self:
                    self.bulk_progress = round(100 * done / len(batches))
            preview = await asyncio.to_thread(_preview, text)
            async with self:
                self._show_preview_of_load(preview)
                self.bulk_progress = 100
                self.bulk_result = (
                    f"Loaded {added} new activit{'y' if added == 1 else 'ies'}; "
                    f"{skipped} already loaded; {len(parsed.bad)} rows with errors not loaded."
                )
        finally:
            async with self:
                self.bulk_running = False

    # ------------------------------------------------------------ records

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def find_educator(self, form: dict):  # noqa: ANN201
        with read_scope() as session:
            found = state_office.find_educator(session, _stripped(form, "find_query"))
        self.educator = dataclasses.asdict(found) if found else {}
        self.find_error = "" if found else "No educator has that educator ID or license number."
        self.record_errors, self.record_message = {}, ""
        return None if found else focus("find_query")

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_transcript(self, form: dict) -> None:
        await self._record(
            license_records.record_transcript,
            _stripped(form, "institution"),
            _stripped(form, "degree"),
            _day(_stripped(form, "received_on")),
            message="Transcript recorded",
        )

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_background_check(self, form: dict) -> None:
        await self._record(
            license_records.record_background_check,
            _stripped(form, "check_status"),
            _day(_stripped(form, "checked_on")),
            message="Background check recorded",
        )

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def record_score(self, form: dict) -> None:
        score, passing = _stripped(form, "score"), _stripped(form, "passing_score")
        await self._record(
            license_records.record_assessment_score,
            _stripped(form, "assessment"),
            _whole(score) if score else None,
            _whole(passing) if passing else None,
            _day(_stripped(form, "taken_on")),
            message="Assessment score recorded",
        )

    async def _record(self, fn: Any, *args: Any, message: str) -> None:
        principal = current_principal()
        profile_id = int(self.educator.get("profile_id", 0)) if self.educator else 0
        if not profile_id:
            self.find_error = "Find the educator first."
            return
        errors = await asyncio.to_thread(
            _write, fn, self._actor(principal), profile_id, *args, clock.today()
        )
        self.record_errors = errors
        self.record_message = "" if errors else f"{message} for {self.educator['name']}"
        if not errors:
            self.record_version += 1

    # ------------------------------------------------------------ reports

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def download_expiring(self):  # noqa: ANN201
        with read_scope() as session:
            report = state_office.expiring(session, clock.today())
        return rx.download(
            data=state_office.expiring_csv(report),
            filename=f"licenses-expiring-{clock.today().isoformat()}.csv",
            mime_type="text/csv",
        )

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def filter_audit(self, form: dict) -> None:
        raw_from, raw_to = _stripped(form, "audit_from"), _stripped(form, "audit_to")
        date_from, date_to = _day(raw_from), _day(raw_to)
        if (raw_from and date_from is None) or (raw_to and date_to is None):
            self.audit_error = "Enter the dates as dates."
            return
        filters = state_office.AuditFilters(
            actor=_stripped(form, "audit_actor"),
            entity_type=_stripped(form, "audit_entity_type"),
            entity_id=_stripped(form, "audit_entity_id"),
            action=_stripped(form, "audit_action"),
            date_from=date_from,
            date_to=date_to,
        )
        with read_scope() as session:
            self.audit_rows = [
                dataclasses.asdict(r) for r in state_office.audit_log(session, filters)
            ]
        self.audit_error = ""


# ---------------------------------------------------------------- off the event loop


def _write(fn: Any, actor: audit.Actor, *args: Any) -> Any:
    with session_scope() as session:
        return fn(session, actor, *args)


def _preview(text: str) -> bulk_load.Preview:
    with read_scope() as session:
        return bulk_load.preview(session, text, clock.today())


def _parse(text: str) -> bulk_load.ParsedFile:
    with read_scope() as session:
        return bulk_load.parse(session, text, clock.today())


def _load_chunk(actor: audit.Actor, rows: list[bulk_load.ParsedRow]) -> tuple[int, int]:
    with session_scope() as session:
        return bulk_load.load_chunk(session, actor, rows)
