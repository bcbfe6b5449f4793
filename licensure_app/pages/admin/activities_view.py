"""The PD activities panel: find an educator, their activities with source and status,
and voiding one with a reason in a confirmation dialog."""

from __future__ import annotations

import reflex as rx

from ...components.forms import text_field
from ...states.admin import AdminActivitiesState
from .common import MUTED, messages, panel, table

State = AdminActivitiesState


def _find_form() -> rx.Component:
    return rx.form(
        text_field(
            "Educator ID or license number",
            "pd_find_query",
            error=State.pd_find_error,
            max_length=20,
        ),
        rx.button("Show activities", type="submit"),
        on_submit=State.find_pd_educator,
        reset_on_submit=False,
        max_width="28em",
    )


def _activity_row(a: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(a.title),
        rx.el.td(a.provider),
        rx.el.td(a.kind),
        rx.el.td(a.amount),
        rx.el.td(a.completed_on, white_space="nowrap"),
        rx.el.td(a.source),
        rx.el.td(a.status),
        rx.el.td(
            rx.cond(
                a.voided,
                rx.text("Voided", color=MUTED),
                rx.button(
                    "Void",
                    on_click=State.ask_void(a.activity_id),
                    color_scheme="red",
                    variant="outline",
                    size="1",
                    aria_label="Void " + a.title,
                ),
            )
        ),
    )


def _void_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Void this activity?"),
            rx.alert_dialog.description(
                "“",
                State.void_title,
                "” stays on the educator's record but no longer counts toward any renewal. "
                "The educator sees the reason.",
            ),
            rx.form(
                text_field(
                    "Reason for voiding",
                    "void_reason",
                    error=State.void_errors.get("void_reason", ""),
                    max_length=500,
                ),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button("Keep it", variant="outline", on_click=State.cancel_void)
                    ),
                    rx.button("Void activity", type="submit", color_scheme="red"),
                    spacing="3",
                    justify="end",
                    margin_top="1em",
                ),
                on_submit=State.confirm_void,
                reset_on_submit=False,
                margin_top="1em",
            ),
        ),
        open=State.void_id != 0,
    )


def activities_panel() -> rx.Component:
    educator = State.pd_educator
    return panel(
        "An educator's professional development",
        _find_form(),
        messages(State.void_message, State.void_error),
        rx.cond(
            educator.profile_id > 0,
            table(
                "Activities of " + educator.name + " (" + educator.educator_number + ")",
                ("Title", "Provider", "Kind", "Amount", "Completed", "Source", "Status", ""),
                rx.foreach(State.pd_activities, _activity_row),
            ),
        ),
        _void_dialog(),
        on_mount=State.open_panel,
    )
