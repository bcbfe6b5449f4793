"""The districts panel: the districts table, the add-or-rename form and the
superintendent form."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ...components.forms import text_field
from ...states.admin import AdminDistrictsState
from .common import form_box, form_heading, messages, panel, select_field, table

State = AdminDistrictsState


def _district_row(d: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(d.code),
        rx.el.td(d.name),
        rx.el.td(d.superintendent, rx.el.br(), d.superintendent_email),
        rx.el.td(d.designees.to_string()),
        rx.el.td(d.educators.to_string()),
        rx.el.td(
            rx.button(
                "Delete",
                size="1",
                variant="outline",
                color_scheme="red",
                aria_label="Delete district " + d.name.to(str),
                on_click=State.delete_district(d.district_id),
            )
        ),
    )


def _district_options(first: str) -> list[Any]:
    return [
        rx.el.option(first, value="0" if first.startswith("New") else ""),
        rx.foreach(
            State.districts,
            lambda d: rx.el.option(
                d.code.to(str) + " " + d.name.to(str), value=d.district_id.to_string()
            ),
        ),
    ]


def _district_form() -> rx.Component:
    e = State.district_errors
    return form_box(
        form_heading("Add or rename a district", margin_bottom="0.5em"),
        rx.form(
            select_field("District", "district_id", *_district_options("New district")),
            text_field("Code", "district_code", error=e.get("code", ""), hint="4 digits"),
            text_field("Name", "district_name", error=e.get("name", "")),
            rx.button("Save district", type="submit"),
            on_submit=State.save_district,
            reset_on_submit=False,
        ),
    )


def _superintendent_form() -> rx.Component:
    e = State.district_errors
    return form_box(
        form_heading("Superintendent", margin_bottom="0.5em"),
        rx.form(
            select_field("For district", "super_district_id", *_district_options("Choose…")),
            text_field(
                "Superintendent's email",
                "super_email",
                input_type="email",
                error=e.get("email", ""),
            ),
            text_field(
                "Superintendent's name",
                "super_name",
                error=e.get("name", ""),
                hint="Needed for a new account; it gets a set-password link by e-mail.",
            ),
            rx.button("Set superintendent", type="submit"),
            on_submit=State.set_superintendent,
            reset_on_submit=False,
        ),
    )


def districts_panel() -> rx.Component:
    return panel(
        "Districts and superintendents",
        messages(State.district_message, State.district_error),
        table(
            "Districts",
            ("Code", "Name", "Superintendent", "Designees", "Educators", "Actions"),
            rx.foreach(State.districts, _district_row),
        ),
        rx.box(
            _district_form(),
            _superintendent_form(),
            key=State.district_version.to_string(),
        ),
        on_mount=State.open_panel,
    )
