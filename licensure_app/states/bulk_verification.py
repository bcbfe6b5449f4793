"""Bulk verification for approvers and state staff: upload a CSV of license numbers, see a
summary and the first rows, download every row's public facts as CSV."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import reflex as rx

from ..db import read_connection
from ..domain.status import LICENSE_ACTIVE, license_label
from ..models import ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF
from ..services.lookup import bulk_verification as bulk
from .auth import AuthState
from .guard import current_principal, requires, requires_upload

UPLOAD_ID = "bulk-verification-csv"
PREVIEW_ROWS = 50
log = logging.getLogger("licensure.bulk_verification")


@dataclass(frozen=True)
class VerifiedRow:
    line: int
    license_number: str
    name_given: str
    found: bool
    holder_name: str
    name_matches: str
    status: str
    expires_on: str


def _check(data: bytes) -> tuple[list[bulk.Verified], str]:
    try:
        requests = bulk.parse(data)
    except bulk.BulkFileError as problem:
        return [], str(problem)
    with read_connection() as reader:
        return bulk.verify(reader, requests), ""


class BulkVerificationState(AuthState):
    verify_file_name: str = ""
    verify_error: str = ""
    verify_summary: str = ""
    verify_rows: list[VerifiedRow] = []
    verify_running: bool = False
    _verify_csv: str = ""

    @rx.event
    @requires_upload(ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF, max_bytes=bulk.MAX_BYTES)
    async def verify_upload(self, files: list[rx.UploadFile]):  # noqa: ANN201
        self.verify_error = self.verify_summary = self._verify_csv = ""
        self.verify_rows = []
        if not files:
            return
        data = await files[0].read(bulk.MAX_BYTES + 1)
        self.verify_file_name = (files[0].name or "licenses.csv")[:200]
        self.verify_running = True
        yield
        try:
            results, problem = await asyncio.to_thread(_check, data)
        finally:
            self.verify_running = False
        if problem:
            self.verify_error = problem
            return
        summary = bulk.summarise(results, license_label(LICENSE_ACTIVE))
        log.info(
            "bulk verification of %d rows by account %s",
            summary.rows,
            current_principal().account_id,
        )
        self.verify_summary = (
            f"Checked {summary.rows:,} rows: {summary.found:,} found, "
            f"{summary.not_found:,} not found, {summary.name_mismatches:,} names that do not "
            f"match the record, {summary.not_active:,} licenses not active."
        )
        self.verify_rows = [
            VerifiedRow(
                r.request.line,
                r.request.license_number,
                r.request.name,
                r.found,
                r.holder_name,
                r.name_matches,
                r.status,
                r.expires_on,
            )
            for r in results[:PREVIEW_ROWS]
        ]
        self._verify_csv = bulk.results_csv(results)

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)
    def download_verification(self):  # noqa: ANN201
        if not self._verify_csv:
            return None
        stem = self.verify_file_name.rsplit(".", 1)[0] or "licenses"
        return rx.download(data=self._verify_csv, filename=f"{stem}-verified.csv")
