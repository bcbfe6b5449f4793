"""The bulk PD load panel: preview an uploaded CSV, then load it chunk by chunk
(services.pd.bulk_load), moving a progress bar; the loads made so far with their rows, and
rolling one back after a confirmation (services.state_office.pd_loads)."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import audit, state_office
from licensure_app.services.pd import bulk_load

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires, requires_upload
from .common import acting, write

CSV_UPLOAD_ID = "bulk-csv"


def _activities(n: int) -> str:
    return f"{n} new activit{'y' if n == 1 else 'ies'}"


def result_text(added: int, updated: int, skipped: int, bad: int) -> str:
    """ "Loaded 2 new activities; 1 corrected; 0 already loaded; 1 rows with errors not
    loaded." (the corrections only when there are some)."""
    corrected = f"{updated} corrected; " if updated else ""
    return (
        f"Loaded {_activities(added)}; {corrected}{skipped} already loaded; "
        f"{bad} rows with errors not loaded."
    )


class AdminBulkLoadState(AuthState):
    bulk_file_name: str = ""
    bulk_file_error: str = ""
    bulk_summary: dict[str, int] = {}
    bulk_errors: list[dict[str, str]] = []
    bulk_rows: list[dict[str, str]] = []
    bulk_running: bool = False
    bulk_progress: int = 0
    bulk_result: str = ""
    _bulk_text: str = ""
    # The loads made so far, one's rows, and the load waiting for rollback confirmation.
    loads: list[state_office.LoadView] = []
    load_rows_id: int = 0
    load_rows: list[state_office.LoadRowView] = []
    rollback_id: int = 0
    rollback_name: str = ""
    load_message: str = ""
    load_error: str = ""

    def _refresh_loads(self) -> None:
        with read_scope() as session:
            self.loads = state_office.load_views(session)
            if self.load_rows_id:
                self.load_rows = state_office.load_rows(session, self.load_rows_id)

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        self.load_message = self.load_error = ""
        self._refresh_loads()

    @rx.event
    @requires_upload(ROLE_STATE_STAFF, max_bytes=bulk_load.MAX_BYTES)
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
        self._show_preview(preview)
        self._bulk_text = "" if preview.file_error else text

    def _show_preview(self, preview: bulk_load.Preview) -> None:
        self.bulk_file_error = preview.file_error
        self.bulk_summary = {
            "total": preview.total,
            "new": preview.new,
            "corrections": preview.corrections,
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
            text, file_name = self._bulk_text, self.bulk_file_name
            actor = acting(self)
        totals = bulk_load.ChunkResult()
        try:
            parsed = await asyncio.to_thread(_parse, text)
            batches = bulk_load.chunks(parsed.good)
            load_id = await asyncio.to_thread(_start, actor, file_name) if batches else 0
            for done, chunk in enumerate(batches, start=1):
                result = await asyncio.to_thread(_load_chunk, actor, chunk, load_id)
                totals = bulk_load.ChunkResult(
                    totals.added + result.added,
                    totals.updated + result.updated,
                    totals.skipped + result.skipped,
                )
                async with self:
                    self.bulk_progress = round(100 * done / len(batches))
            if load_id:
                await asyncio.to_thread(_finish, load_id)
            preview = await asyncio.to_thread(_preview, text)
            async with self:
                self._show_preview(preview)
                self.bulk_progress = 100
                self.bulk_result = result_text(
                    totals.added, totals.updated, totals.skipped, len(parsed.bad)
                )
                self._refresh_loads()
        finally:
            async with self:
                self.bulk_running = False

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def show_load_rows(self, load_id: int) -> None:
        self.load_rows_id = int(load_id or 0)
        self._refresh_loads()

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def ask_rollback(self, load_id: int) -> None:
        load = next((v for v in self.loads if v.load_id == int(load_id or 0)), None)
        if load is not None:
            self.rollback_id, self.rollback_name = load.load_id, load.file_name

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def cancel_rollback(self) -> None:
        self.rollback_id, self.rollback_name = 0, ""

    @rx.event
    @requires(ROLE_STATE_STAFF)
    async def confirm_rollback(self) -> None:
        load_id = self.rollback_id
        self.rollback_id, self.rollback_name = 0, ""
        if not load_id:
            return
        result = await asyncio.to_thread(write, state_office.rollback_load, acting(self), load_id)
        self.load_message = result.message if result.ok else ""
        self.load_error = "" if result.ok else result.message
        self._refresh_loads()


# ---------------------------------------------------------------- off the event loop


def _preview(text: str) -> bulk_load.Preview:
    with read_scope() as session:
        return bulk_load.preview(session, text, clock.today())


def _parse(text: str) -> bulk_load.ParsedFile:
    with read_scope() as session:
        return bulk_load.parse(session, text, clock.today())


def _start(actor: audit.Actor, file_name: str) -> int:
    with session_scope() as session:
        return bulk_load.start_load(session, actor, file_name)


def _finish(load_id: int) -> None:
    with session_scope() as session:
        bulk_load.finish_load(session, load_id)


def _load_chunk(
    actor: audit.Actor, rows: list[bulk_load.ParsedRow], load_id: int
) -> bulk_load.ChunkResult:
    with session_scope() as session:
        return bulk_load.load_chunk(session, actor, rows, load_id)
