"""Bulk verification (on /admin and /district): upload a CSV of license numbers, read the
summary and the first rows, download the results as CSV."""

from __future__ import annotations

import reflex as rx

from ..components.forms import notice
from ..components.tables import scroll_region
from ..components.uploads import drop_zone
from ..services.lookup import bulk_verification as bulk
from ..states.bulk_verification import PREVIEW_ROWS, UPLOAD_ID, BulkVerificationState

State = BulkVerificationState
HINT_ID = "bulk-verification-hint"


def _row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.line),
        rx.el.td(r.license_number),
        rx.el.td(r.name_given),
        rx.el.td(rx.cond(r.found, r.holder_name, "Not found")),
        rx.el.td(rx.cond(r.name_matches == "no", rx.text("No", weight="bold"), r.name_matches)),
        rx.el.td(r.status),
        rx.el.td(r.expires_on),
    )


def _results() -> rx.Component:
    return rx.cond(
        State.verify_summary != "",
        rx.box(
            notice(State.verify_summary, tone="success", role="status", margin_y="0.5em"),
            rx.button("Download results (CSV)", on_click=State.download_verification),
            scroll_region(
                rx.el.table(
                    rx.el.caption(f"First {PREVIEW_ROWS} rows", text_align="left"),
                    rx.el.thead(
                        rx.el.tr(
                            *[
                                rx.el.th(h, scope="col", text_align="left")
                                for h in (
                                    "Line",
                                    "License number",
                                    "Name given",
                                    "Name on record",
                                    "Name matches",
                                    "Status",
                                    "Expires on",
                                )
                            ]
                        )
                    ),
                    rx.el.tbody(rx.foreach(State.verify_rows, _row)),
                    class_name="data-table",
                ),
                "Bulk verification results",
            ),
        ),
    )


def bulk_verification_section() -> rx.Component:
    return rx.box(
        rx.heading("Bulk verification", as_="h2", size="5", margin_y="0.75em"),
        rx.text(
            "Upload a CSV file with a license number in the first column and, if you like, "
            "the person's name in the second. You get back each license's status, type, "
            f"class, endorsements and expiry, with names that do not match the record "
            f"flagged. Up to {bulk.MAX_ROWS:,} rows.",
            id=HINT_ID,
        ),
        rx.box(
            drop_zone(
                "License numbers (CSV)",
                UPLOAD_ID,
                "Choose a CSV file of license numbers",
                State.verify_upload(rx.upload_files(upload_id=UPLOAD_ID)),
                described_by=HINT_ID,
                multiple=False,
            ),
            margin_y="1em",
            max_width="36em",
        ),
        rx.cond(State.verify_running, rx.text("Checking…", role="status")),
        rx.cond(
            State.verify_error != "",
            notice(State.verify_error, tone="error", role="alert", margin_y="0.5em"),
        ),
        _results(),
    )
