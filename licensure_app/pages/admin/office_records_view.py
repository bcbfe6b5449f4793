"""The record page's "Transcripts, background checks and assessments": the office's records
of the educator, each with a "Correct" button, buttons to add one, and the one open form
(adding or correcting) with the same fields as the Records tab."""

from __future__ import annotations

import reflex as rx

from licensure_app.services.state_office import office_records as kinds
from licensure_app.services.state_office.records import BACKGROUND_STATUSES

from ...components.forms import notice, text_field
from ...components.tables import scroll_region
from ...states.admin import EducatorRecordState
from .common import MUTED, form_box, select_field

Record = EducatorRecordState
CAPTION = "Transcripts, background checks and assessments"


def _row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.on, white_space="nowrap"),
        rx.el.td(r.what),
        rx.el.td(r.details),
        rx.el.td(
            rx.button(
                "Correct",
                variant="outline",
                size="1",
                aria_label="Correct " + r.what + " " + r.details,
                on_click=Record.open_office_form(r.kind, r.record_id),
            )
        ),
    )


def _list() -> rx.Component:
    headers = ("Date", "Record", "Details", "")
    return rx.cond(
        Record.office_records.length() > 0,
        scroll_region(
            rx.el.table(
                rx.el.caption(CAPTION, text_align="left"),
                rx.el.thead(
                    rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])
                ),
                rx.el.tbody(rx.foreach(Record.office_records, _row)),
                class_name="data-table",
            ),
            CAPTION,
        ),
        rx.text("Nothing recorded yet.", color=MUTED),
    )


def _fields() -> rx.Component:
    f, e = Record.office_form, Record.office_errors
    return rx.match(
        f.kind,
        (
            kinds.TRANSCRIPT,
            rx.fragment(
                text_field("Institution", "institution", error=e.get("institution", ""),
                           default_value=f.institution),
                text_field("Degree", "degree", error=e.get("degree", ""), default_value=f.degree),
                text_field("Received on", "received_on", input_type="date",
                           error=e.get("received_on", ""), default_value=f.received_on),
            ),
        ),
        (
            kinds.BACKGROUND_CHECK,
            rx.fragment(
                select_field(
                    "Status", "check_status",
                    *[rx.el.option(s.capitalize(), value=s) for s in BACKGROUND_STATUSES],
                    error=e.get("status", ""), default_value=f.status,
                ),
                text_field("Checked on", "checked_on", input_type="date",
                           error=e.get("checked_on", ""), default_value=f.checked_on),
            ),
        ),
        rx.fragment(
            text_field("Assessment", "assessment", error=e.get("assessment", ""),
                       default_value=f.assessment),
            text_field("Score", "score", error=e.get("score", ""), input_mode="numeric",
                       default_value=f.score),
            text_field("Passing score", "passing_score", error=e.get("passing_score", ""),
                       input_mode="numeric", default_value=f.passing_score),
            text_field("Taken on", "taken_on", input_type="date", error=e.get("taken_on", ""),
                       default_value=f.taken_on),
        ),
    )  # fmt: skip


def _form() -> rx.Component:
    f = Record.office_form
    title = rx.match(
        f.kind,
        (kinds.TRANSCRIPT, "transcript"),
        (kinds.BACKGROUND_CHECK, "background check"),
        "assessment score",
    )
    return form_box(
        rx.heading(
            rx.cond(f.record_id > 0, "Correct ", "Add "),
            title,
            as_="h3",
            size="4",
            id="office-form",
        ),
        rx.cond(
            Record.office_errors.contains("record"),
            notice(Record.office_errors["record"], tone="error", role="alert"),
        ),
        rx.form(
            _fields(),
            rx.hstack(
                rx.button(
                    rx.cond(f.record_id > 0, "Save correction", "Save record"), type="submit"
                ),
                rx.button(
                    "Cancel", type="button", variant="outline", on_click=Record.close_office_form
                ),
                spacing="2",
            ),
            on_submit=Record.save_office_record,
            reset_on_submit=False,
            key="office-form-" + Record.office_form_version.to_string(),
        ),
        aria_labelledby="office-form",
        role="group",
    )


def office_records_section() -> rx.Component:
    return rx.box(
        rx.heading(CAPTION, as_="h2", size="5", margin_top="1.25em"),
        rx.cond(
            Record.office_message != "",
            notice(Record.office_message, tone="success", role="status"),
        ),
        _list(),
        rx.hstack(
            rx.button(
                "Add transcript",
                variant="outline",
                on_click=Record.open_office_form(kinds.TRANSCRIPT, 0),
            ),
            rx.button(
                "Add background check",
                variant="outline",
                on_click=Record.open_office_form(kinds.BACKGROUND_CHECK, 0),
            ),
            rx.button(
                "Add assessment score",
                variant="outline",
                on_click=Record.open_office_form(kinds.ASSESSMENT_SCORE, 0),
            ),
            spacing="2",
            wrap="wrap",
            margin_y="0.75em",
        ),  # fmt: skip
        rx.cond(Record.office_form.kind != "", _form()),
    )
