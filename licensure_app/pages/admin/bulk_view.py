"""The bulk PD load panel: the CSV upload, the preview with its errors, the load button
and the progress bar."""

from __future__ import annotations

import reflex as rx

from ...components.forms import ERROR_COLOR, notice
from ...components.layout import LINK_COLOR
from ...states.admin import CSV_UPLOAD_ID, AdminBulkLoadState
from .common import MUTED, panel, table

State = AdminBulkLoadState


def _upload() -> rx.Component:
    return rx.el.label(
        rx.text("CSV file", font_weight="600", display="block"),
        rx.upload(
            rx.text(
                "Choose a CSV file (up to 5 MB)", color=LINK_COLOR, text_decoration="underline"
            ),
            id=CSV_UPLOAD_ID,
            multiple=False,
            no_click=True,
            on_drop=State.upload_csv(rx.upload_files(upload_id=CSV_UPLOAD_ID)),
            role="button",
            border="1px dashed #8a8f98",
            border_radius="6px",
            padding="0.75em",
            cursor="pointer",
            margin_top="0.25em",
        ),
        display="block",
        margin_y="1em",
        max_width="36em",
    )


def _error_rows() -> rx.Component:
    return rx.cond(
        State.bulk_errors.length() > 0,
        table(
            "Rows with errors (not loaded)",
            ("Line", "Educator", "Problem"),
            rx.foreach(
                State.bulk_errors,
                lambda e: rx.el.tr(
                    rx.el.td(e["line"]),
                    rx.el.td(e["identifier"]),
                    rx.el.td(e["message"]),
                ),
            ),
        ),
    )


def _preview_rows() -> rx.Component:
    return table(
        "Preview",
        ("Line", "Educator", "Title", "Kind", "Amount", "Date", "Result"),
        rx.foreach(
            State.bulk_rows,
            lambda r: rx.el.tr(
                rx.el.td(r["line"]),
                rx.el.td(r["educator"]),
                rx.el.td(r["title"]),
                rx.el.td(r["kind"]),
                rx.el.td(r["amount"]),
                rx.el.td(r["date"]),
                rx.el.td(r["status"]),
            ),
        ),
    )


def _preview() -> rx.Component:
    summary = State.bulk_summary
    return rx.cond(
        summary.length() > 0,
        rx.box(
            rx.text(
                State.bulk_file_name,
                ": ",
                summary["total"].to_string(),
                " rows; ",
                summary["new"].to_string(),
                " new; ",
                summary["already"].to_string(),
                " already loaded; ",
                summary["errors"].to_string(),
                " with errors.",
                role="status",
            ),
            _error_rows(),
            _preview_rows(),
            rx.button(
                "Load " + summary["new"].to_string() + " new activities",
                on_click=State.run_bulk_load,
                # Enabled with nothing new too: loading again shows that it adds nothing.
                disabled=State.bulk_running,
                size="3",
            ),
        ),
    )


def _progress() -> rx.Component:
    return rx.cond(
        State.bulk_running | (State.bulk_progress > 0),
        rx.box(
            rx.progress(
                value=State.bulk_progress,
                max=100,
                aria_label="Bulk load progress",
                size="3",
            ),
            rx.text(State.bulk_progress.to_string(), "% loaded", color=MUTED),
            margin_y="0.75em",
            max_width="36em",
        ),
    )


def bulk_panel() -> rx.Component:
    return panel(
        "Bulk professional development load",
        rx.text(
            "A CSV file of SEMI credits or eLearning CEUs with a header row and the columns "
            "educator ID or license number, title, provider, kind (CEU or SEMI credits), "
            "amount and date (YYYY-MM-DD). Loading the same file again adds nothing.",
            color=MUTED,
        ),
        _upload(),
        rx.cond(
            State.bulk_file_error != "",
            rx.el.p(State.bulk_file_error, color=ERROR_COLOR, role="alert"),
        ),
        _preview(),
        _progress(),
        rx.cond(
            State.bulk_result != "",
            notice(State.bulk_result, tone="success", margin_y="0.5em"),
        ),
    )
