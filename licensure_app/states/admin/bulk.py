"""The bulk PD load panel: preview an uploaded CSV, then load it chunk by chunk
(services.pd.bulk_load), moving a progress bar."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import audit
from licensure_app.services.pd import bulk_load

from ...db import read_scope, session_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires
from .common import acting

CSV_UPLOAD_ID = "bulk-csv"


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
        self._show_preview(preview)
        self._bulk_text = "" if preview.file_error else text

    def _show_preview(self, preview: bulk_load.Preview) -> None:
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
            actor = acting(self)
        added = skipped = 0
        try:
            parsed = await asyncio.to_thread(_parse, text)
            batches = bulk_load.chunks(parsed.good)
            for done, chunk in enumerate(batches, start=1):
                a, s = await asyncio.to_thread(_load_chunk, actor, chunk)
                added, skipped = added + a, skipped + s
                async with self:
                    self.bulk_progress = round(100 * done / len(batches))
            preview = await asyncio.to_thread(_preview, text)
            async with self:
                self._show_preview(preview)
                self.bulk_progress = 100
                self.bulk_result = (
                    f"Loaded {added} new activit{'y' if added == 1 else 'ies'}; "
                    f"{skipped} already loaded; {len(parsed.bad)} rows with errors not loaded."
                )
        finally:
            async with self:
                self.bulk_running = False


# ---------------------------------------------------------------- off the event loop


def _preview(text: str) -> bulk_load.Preview:
    with read_scope() as session:
        return bulk_load.preview(session, text, clock.today())


def _parse(text: str) -> bulk_load.ParsedFile:
    with read_scope() as session:
        return bulk_load.parse(session, text, clock.today())


def _load_chunk(actor: audit.Actor, rows: list[bulk_load.ParsedRow]) -> tuple[int, int]:
    with session_scope() as session:
        return bulk_load.load_chunk(session, actor, rows)
