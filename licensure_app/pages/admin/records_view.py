"""The records panel: find an educator, then the transcript, background check and
assessment score forms."""

from __future__ import annotations

import reflex as rx

from licensure_app.services.state_office.records import BACKGROUND_STATUSES

from ...components.forms import notice, text_field
from ...states.admin import AdminRecordsState
from .common import form_box, form_heading, panel, select_field

State = AdminRecordsState


def _find_form() -> rx.Component:
    return rx.form(
        text_field(
            "Educator ID or license number",
            "find_query",
            error=State.find_error,
            max_length=20,
        ),
        rx.button("Find educator", type="submit"),
        on_submit=State.find_educator,
        reset_on_submit=False,
        max_width="28em",
    )


def _transcript_form() -> rx.Component:
    e = State.record_errors
    return form_box(
        form_heading("Transcript received"),
        rx.form(
            text_field("Institution", "institution", error=e.get("institution", "")),
            text_field("Degree", "degree", error=e.get("degree", "")),
            text_field(
                "Received on",
                "received_on",
                input_type="date",
                error=e.get("received_on", ""),
            ),
            rx.button("Record transcript", type="submit"),
            on_submit=State.record_transcript,
            reset_on_submit=False,
        ),
    )


def _background_form() -> rx.Component:
    e = State.record_errors
    return form_box(
        form_heading("Background check"),
        rx.form(
            select_field(
                "Status",
                "check_status",
                *[rx.el.option(s.capitalize(), value=s) for s in BACKGROUND_STATUSES],
                error=e.get("status", ""),
            ),
            text_field(
                "Checked on",
                "checked_on",
                input_type="date",
                error=e.get("checked_on", ""),
            ),
            rx.button("Record background check", type="submit"),
            on_submit=State.record_background_check,
            reset_on_submit=False,
        ),
    )


def _score_form() -> rx.Component:
    e = State.record_errors
    return form_box(
        form_heading("Assessment score"),
        rx.form(
            text_field("Assessment", "assessment", error=e.get("assessment", "")),
            text_field("Score", "score", error=e.get("score", ""), input_mode="numeric"),
            text_field(
                "Passing score",
                "passing_score",
                error=e.get("passing_score", ""),
                input_mode="numeric",
            ),
            text_field(
                "Taken on",
                "taken_on",
                input_type="date",
                error=e.get("taken_on", ""),
            ),
            rx.button("Record score", type="submit"),
            on_submit=State.record_score,
            reset_on_submit=False,
        ),
    )


def _pending_claim() -> rx.Component:
    return form_box(
        form_heading("Claim waiting for confirmation"),
        rx.text(State.pending_claim, margin_bottom="0.75em"),
        rx.button("Confirm claim", on_click=State.confirm_claim),
    )


def _recording() -> rx.Component:
    educator = State.educator
    return rx.box(
        rx.text(
            "Recording for ",
            rx.text.strong(educator.name),
            " (",
            educator.educator_number,
            ", ",
            educator.district,
            ")",
            margin_y="1em",
        ),
        rx.cond(State.record_message != "", notice(State.record_message, tone="success")),
        rx.cond(State.pending_claim != "", _pending_claim()),
        rx.flex(
            _transcript_form(),
            _background_form(),
            _score_form(),
            gap="1em",
            wrap="wrap",
            key=State.record_version.to_string(),
        ),
    )


def records_panel() -> rx.Component:
    return panel(
        "Transcripts, background checks and assessment scores",
        _find_form(),
        rx.cond(State.educator.profile_id > 0, _recording()),
        on_mount=State.open_panel,
    )
