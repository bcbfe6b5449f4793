"""The rules panel: settings and renewal options, the preview awaiting confirmation, and
the forms that change a setting, change an option's amount or add an option."""

from __future__ import annotations

import reflex as rx

from licensure_app.services.state_office import CATEGORY_LABELS

from ...components.forms import notice, text_field
from ...models import RENEWAL_CATEGORIES
from ...services.pd import KIND_LABELS
from ...states.admin import AdminRulesState
from .common import MUTED, form_box, form_heading, messages, panel, select_field, table

State = AdminRulesState


def _setting_row(s: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(s.description),
        rx.el.td(s.value),
        rx.el.td(rx.el.code(s.key)),
    )


def _option_row(o: rx.Var) -> rx.Component:
    active = o.active.to(bool)
    return rx.el.tr(
        rx.el.td(o.category_label),
        rx.el.td(o.position.to_string()),
        rx.el.td(o.label),
        rx.el.td(rx.cond(active, "Offered", "Withdrawn")),
        rx.el.td(
            rx.button(
                rx.cond(active, "Withdraw", "Offer again"),
                size="1",
                variant="outline",
                aria_label=rx.cond(active, "Withdraw ", "Offer again ").to(str)
                + o.category_label.to(str)
                + " option "
                + o.position.to_string(),
                on_click=State.toggle_option(o.option_id, ~active),
            )
        ),
    )


def _kind_options() -> list[rx.Component]:
    return [
        rx.el.option("Choose…", value=""),
        *[rx.el.option(label, value=value) for value, label in KIND_LABELS.items()],
    ]


def _pending_change() -> rx.Component:
    return rx.cond(
        State.pending_kind != "",
        notice(
            rx.text(State.pending_preview),
            rx.hstack(
                rx.button("Save change", on_click=State.confirm_rule_change),
                rx.button("Cancel", variant="outline", on_click=State.cancel_rule_change),
                spacing="3",
                margin_top="0.5em",
            ),
            tone="warning",
            margin_y="0.5em",
        ),
    )


def _setting_form() -> rx.Component:
    return form_box(
        form_heading("Change a setting", margin_bottom="0.5em"),
        rx.form(
            select_field(
                "Setting",
                "setting_key",
                rx.foreach(State.settings, lambda s: rx.el.option(s.description, value=s.key)),
            ),
            text_field("New value", "setting_value", input_mode="decimal"),
            rx.button("Preview setting change", type="submit"),
            on_submit=State.preview_setting,
            reset_on_submit=False,
        ),
    )


def _part_options(o: rx.Var) -> rx.Component:
    return rx.foreach(
        o.parts,
        lambda p: rx.el.option(
            o.category_label.to(str)
            + " option "
            + o.position.to_string()
            + ": "
            + p.amount.to(str)
            + " "
            + p.kind.to(str),
            value=p.part_id.to_string(),
        ),
    )


def _part_form() -> rx.Component:
    return form_box(
        form_heading("Change an option's amount", margin_bottom="0.5em"),
        rx.form(
            select_field("Option part", "part_id", rx.foreach(State.options, _part_options)),
            text_field("New amount", "part_amount", input_mode="decimal"),
            rx.button("Preview amount change", type="submit"),
            on_submit=State.preview_part,
            reset_on_submit=False,
        ),
    )


def _add_option_form() -> rx.Component:
    return form_box(
        form_heading("Add an option", margin_bottom="0.5em"),
        rx.form(
            select_field(
                "Class",
                "new_category",
                *[rx.el.option(CATEGORY_LABELS[c], value=c) for c in RENEWAL_CATEGORIES],
            ),
            select_field("Kind", "new_kind_1", *_kind_options()),
            text_field("Amount", "new_amount_1", input_mode="decimal"),
            select_field("Second kind (optional)", "new_kind_2", *_kind_options()),
            text_field("Second amount", "new_amount_2", input_mode="decimal"),
            rx.button("Add option", type="submit"),
            on_submit=State.add_option,
            reset_on_submit=False,
        ),
    )


def rules_panel() -> rx.Component:
    return panel(
        "Renewal rules",
        rx.text(
            "Changes apply at once to every educator's tracker and to new applications. "
            "Each change shows how many educators it affects before it is saved.",
            color=MUTED,
        ),
        messages(State.rules_message, State.rules_error),
        _pending_change(),
        table("Settings", ("Setting", "Value", "Key"), rx.foreach(State.settings, _setting_row)),
        table(
            "Renewal options",
            ("Class", "Option", "Requirement", "Status", "Actions"),
            rx.foreach(State.options, _option_row),
        ),
        rx.box(
            _setting_form(),
            _part_form(),
            _add_option_form(),
            key=State.rules_version.to_string(),
        ),
        on_mount=State.open_panel,
    )
