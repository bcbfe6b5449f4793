"""The rules panel: settings and renewal options, the scheduled changes, and the forms that
change a setting, change an option's amount or add an option, each from an effective date
(a setting's or an amount's preview sits next to its form)."""

from __future__ import annotations

import reflex as rx

from licensure_app.services.state_office import CATEGORY_LABELS

from ...components.dialogs import confirm_dialog, danger_button
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
        rx.el.td(
            rx.cond(active, "Offered", "Withdrawn"),
            rx.cond(o.scheduled != "", rx.text(" (", o.scheduled, ")", as_="span")),
        ),
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


def _preview(kind: str) -> rx.Component:
    """The preview of the form `kind`, next to it: an error (nothing to save) or what the
    change does, with "Save change" and "Cancel"."""
    return rx.box(
        rx.cond(
            State.preview_for == kind,
            rx.cond(
                State.preview_ok,
                notice(
                    rx.text(State.preview_text),
                    rx.hstack(
                        rx.button("Save change", on_click=State.confirm_rule_change),
                        rx.button("Cancel", variant="outline", on_click=State.cancel_rule_change),
                        spacing="3",
                        margin_top="0.5em",
                    ),
                    tone="warning",
                ),
                notice(State.preview_text, tone="error"),
            ),
        ),
        aria_live="polite",
        aria_label=f"Preview of the {'setting' if kind == 'setting' else 'amount'} change",
        role="region",
        class_name="rule-preview",
    )


def _effective_field(field_id: str) -> rx.Component:
    return text_field(
        "Effective date",
        field_id,
        input_type="date",
        # No `min`: the browser would block the form silently; the preview says why instead.
        default_value=State.today_iso,
        hint="It applies to licenses expiring on or after this date.",
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
            _effective_field("setting_effective_on"),
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
            _effective_field("part_effective_on"),
            rx.button("Preview amount change", type="submit"),
            on_submit=State.preview_part,
            reset_on_submit=False,
        ),
    )


def _withdraw_form() -> rx.Component:
    return form_box(
        form_heading("Withdraw an option", margin_bottom="0.5em"),
        rx.form(
            select_field(
                "Option to withdraw",
                "withdraw_option_id",
                rx.el.option("Choose…", value=""),
                rx.foreach(
                    State.options,
                    lambda o: rx.cond(
                        o.active,
                        rx.el.option(
                            o.category_label.to(str)
                            + " option "
                            + o.position.to_string()
                            + ": "
                            + o.label.to(str),
                            value=o.option_id.to_string(),
                        ),
                    ),
                ),
            ),
            _effective_field("withdraw_effective_on"),
            rx.button("Withdraw option", type="submit"),
            on_submit=State.withdraw_option,
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
            _effective_field("new_effective_on"),
            rx.button("Add option", type="submit"),
            on_submit=State.add_option,
            reset_on_submit=False,
        ),
    )


def _scheduled_row(c: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(c.summary),
        rx.el.td(c.effective_on),
        rx.el.td(c.created_by),
        rx.el.td(
            rx.button(
                "Cancel change",
                size="1",
                variant="outline",
                aria_label="Cancel change: " + c.summary.to(str),
                on_click=State.ask_cancel_scheduled(c.change_id),
            )
        ),
    )


def _scheduled() -> rx.Component:
    return rx.cond(
        State.scheduled.length() > 0,
        table(
            "Scheduled rule changes",
            ("Change", "Effective", "Scheduled by", "Actions"),
            rx.foreach(State.scheduled, _scheduled_row),
        ),
        rx.text("Scheduled rule changes: none.", color=MUTED),
    )


def _cancel_dialog() -> rx.Component:
    return confirm_dialog(
        "Cancel this scheduled change?",
        ["“", State.cancel_summary, "” will not take effect."],
        is_open=State.cancel_id != 0,
        on_cancel=State.keep_scheduled,
        cancel_label="Keep it",
        confirm=danger_button("Cancel change", State.confirm_cancel_scheduled),
    )


def _beside(form: rx.Component, kind: str) -> rx.Component:
    """A form with its preview beside it (side by side from 1024 px, assets/styles.css)."""
    return rx.box(form, _preview(kind), class_name="form-with-preview")


def rules_panel() -> rx.Component:
    return panel(
        "Renewal rules",
        rx.text(
            "A change takes effect on its effective date (today or later) for every license "
            "expiring on or after that date; licenses expiring earlier keep the rules they "
            "had. Each setting or amount change is previewed with the educators' trackers it "
            "changes before it is saved.",
            color=MUTED,
        ),
        messages(State.rules_message, State.rules_error),
        _scheduled(),
        _cancel_dialog(),
        table("Settings", ("Setting", "Value", "Key"), rx.foreach(State.settings, _setting_row)),
        table(
            "Renewal options",
            ("Class", "Option", "Requirement", "Status", "Actions"),
            rx.foreach(State.options, _option_row),
        ),
        rx.box(
            _beside(_setting_form(), "setting"),
            _beside(_part_form(), "part"),
            _withdraw_form(),
            _add_option_form(),
            key=State.rules_version.to_string() + State.today_iso,
        ),
        on_mount=State.open_panel,
    )
