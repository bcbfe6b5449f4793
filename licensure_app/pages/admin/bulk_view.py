"""The bulk PD load panel: the CSV upload, the preview with its errors, the load button
and the progress bar; the loads made so far, a load's rows, and rolling one back."""

from __future__ import annotations

import reflex as rx

from licensure_app.components.uploads import drop_zone

from ...components.forms import ERROR_COLOR, notice
from ...states.admin import CSV_UPLOAD_ID, AdminBulkLoadState
from .common import MUTED, messages, panel, table

State = AdminBulkLoadState


def _upload() -> rx.Component:
    return rx.box(
        drop_zone(
            "CSV file",
            CSV_UPLOAD_ID,
            "Choose a CSV file (up to 5 MB)",
            State.upload_csv(rx.upload_files(upload_id=CSV_UPLOAD_ID)),
            multiple=False,
        ),
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
                rx.cond(
                    summary["corrections"] > 0,
                    summary["corrections"].to_string() + " corrections; ",
                    "",
                ),
                summary["already"].to_string(),
                " already loaded; ",
                summary["errors"].to_string(),
                " with errors.",
                role="status",
            ),
            _error_rows(),
            _preview_rows(),
            rx.button(
                "Load "
                + summary["new"].to_string()
                + " new activities"
                + rx.cond(
                    summary["corrections"] > 0,
                    " and " + summary["corrections"].to_string() + " corrections",
                    "",
                ),
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
            "amount and date (YYYY-MM-DD), and optionally the provider's record ID. Loading "
            "the same file again adds nothing; a corrected row with the same record ID "
            "updates its activity instead of adding another.",
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
        _loads(),
        _rollback_dialog(),
        on_mount=State.open_panel,
    )


def _load_row(load: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(load.started, white_space="nowrap"),
        rx.el.td(load.by),
        rx.el.td(load.file_name),
        rx.el.td(load.added.to_string()),
        rx.el.td(load.updated.to_string()),
        rx.el.td(load.skipped.to_string()),
        rx.el.td(load.status),
        rx.el.td(
            rx.hstack(
                rx.button(
                    "Rows",
                    on_click=State.show_load_rows(load.load_id),
                    variant="outline",
                    size="1",
                    aria_label="Rows of load " + load.load_id.to_string(),
                ),
                rx.cond(
                    load.can_roll_back,
                    rx.button(
                        "Roll back",
                        on_click=State.ask_rollback(load.load_id),
                        color_scheme="red",
                        variant="outline",
                        size="1",
                        aria_label="Roll back load " + load.load_id.to_string(),
                    ),
                ),
                spacing="2",
            )
        ),
    )


def _loads() -> rx.Component:
    return rx.box(
        rx.heading("Loads", as_="h3", size="4", margin_top="1.5em"),
        messages(State.load_message, State.load_error),
        table(
            "Loads, newest first",
            ("Started", "By", "File", "Added", "Corrected", "Already loaded", "Status", ""),
            rx.foreach(State.loads, _load_row),
        ),
        rx.cond(
            State.load_rows_id > 0,
            table(
                "Rows of load " + State.load_rows_id.to_string() + " (first 200)",
                ("Line", "Educator", "Title", "Amount", "Result"),
                rx.foreach(
                    State.load_rows,
                    lambda r: rx.el.tr(
                        rx.el.td(r.line.to_string()),
                        rx.el.td(r.educator),
                        rx.el.td(r.title),
                        rx.el.td(r.amount),
                        rx.el.td(r.outcome),
                    ),
                ),
            ),
        ),
    )


def _rollback_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Roll back this load?"),
            rx.alert_dialog.description(
                "The activities load ",
                State.rollback_id.to_string(),
                " (",
                State.rollback_name,
                ") added are removed and the ones it corrected get their earlier values "
                "back. This is recorded in the audit log.",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button("Keep the load", variant="outline", on_click=State.cancel_rollback)
                ),
                rx.alert_dialog.action(
                    rx.button("Roll back load", color_scheme="red", on_click=State.confirm_rollback)
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=State.rollback_id != 0,
    )
