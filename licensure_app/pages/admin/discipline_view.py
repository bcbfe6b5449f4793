"""The disciplinary notices panel: find a license, record a public notice, hide or show one."""

from __future__ import annotations

import reflex as rx

from licensure_app.models import NOTICE_MAX_CHARACTERS

from ...components.forms import field_error, notice, text_field
from ...states.admin.discipline import AdminDisciplineState
from .common import MUTED, form_box, form_heading, panel, table

State = AdminDisciplineState
TEXTAREA_STYLE = {
    "width": "100%",
    "padding": "0.5em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "font_family": "inherit",
}


def _find_form() -> rx.Component:
    return rx.form(
        text_field("License number", "notice_find", error=State.find_error, max_length=20),
        rx.button("Find license", type="submit"),
        on_submit=State.find_license,
        reset_on_submit=False,
        max_width="28em",
    )


def _record_form() -> rx.Component:
    e = State.errors
    return form_box(
        form_heading("Record a disciplinary notice"),
        rx.form(
            rx.box(
                rx.el.label("Notice", html_for="notice_body", display="block", font_weight="600"),
                rx.el.p(
                    "Written as the public will read it on the verification page.",
                    id="notice_body-hint",
                    color=MUTED,
                    font_size="0.9em",
                ),
                rx.el.textarea(
                    id="notice_body",
                    name="notice_body",
                    rows=3,
                    max_length=NOTICE_MAX_CHARACTERS,
                    aria_describedby="notice_body-hint notice_body-error",
                    style=TEXTAREA_STYLE,
                ),
                field_error(e.get("notice_body", ""), "notice_body"),
                margin_bottom="1em",
            ),
            text_field(
                "Effective date",
                "notice_effective",
                input_type="date",
                error=e.get("notice_effective", ""),
            ),
            rx.el.div(
                rx.el.input(
                    type="checkbox", id="notice_public", name="notice_public", default_checked=True
                ),
                rx.el.label(
                    "Show on the public verification page",
                    html_for="notice_public",
                    margin_left="0.5em",
                ),
                display="flex",
                align_items="center",
                margin_bottom="1em",
            ),
            rx.button("Record notice", type="submit"),
            on_submit=State.record_notice,
            reset_on_submit=False,
            key=State.form_version.to_string(),
        ),
    )


def _notice_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.effective_on),
        rx.el.td(row.body),
        rx.el.td(row.visibility),
        rx.el.td(
            rx.cond(
                row.public,
                rx.button(
                    "Hide",
                    on_click=State.set_visibility(row.notice_id, False),
                    variant="outline",
                    size="1",
                ),
                rx.button(
                    "Show",
                    on_click=State.set_visibility(row.notice_id, True),
                    variant="outline",
                    size="1",
                ),
            )
        ),
    )


def _notices() -> rx.Component:
    return rx.cond(
        State.notices.length() > 0,
        table(
            "Disciplinary notices on this license",
            ("Effective", "Notice", "Public page", "Change"),
            rx.foreach(State.notices, _notice_row),
        ),
        rx.text("No disciplinary notices are recorded on this license.", margin_y="0.75em"),
    )


def _license() -> rx.Component:
    return rx.box(
        rx.text("Recording for ", rx.text.strong(State.holder), margin_y="1em"),
        rx.cond(State.message != "", notice(State.message, tone="success")),
        _record_form(),
        _notices(),
    )


def discipline_panel() -> rx.Component:
    return panel(
        "Disciplinary notices",
        rx.text(
            "Notices marked public show on the license's verification page from their "
            "effective date.",
            color=MUTED,
        ),
        _find_form(),
        rx.cond(State.license_number != "", _license()),
        on_mount=State.open_panel,
    )
