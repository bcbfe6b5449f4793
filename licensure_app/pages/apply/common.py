"""What every step of the application wizard shares: the step list, the error summary,
the buttons, labels and native form controls."""

import reflex as rx

from licensure_app.services.applications.wizard import STEPS

from ...components.dialogs import confirm_dialog, danger_button
from ...components.forms import notice
from ...states.wizard import WizardState

MUTED = "#414651"
NATIVE_CONTROL = {
    "width": "100%",
    "padding": "0.5em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "background": "white",
    "color": "#1f2937",
}


def label(text: rx.Var | str, html_for: rx.Var | str) -> rx.Component:
    return rx.el.label(
        text, html_for=html_for, display="block", font_weight="600", margin_bottom="0.25em"
    )


def step_list() -> rx.Component:
    return rx.el.nav(
        rx.el.ol(
            *[
                rx.el.li(
                    rx.text(
                        f"{i + 1}. {title}",
                        weight=rx.cond(WizardState.step == i, "bold", "regular"),
                        color=rx.cond(WizardState.step == i, "#1e3a5f", MUTED),
                    ),
                    aria_current=rx.cond(WizardState.step == i, "step", "false"),
                    padding="0.25em 0.75em",
                    border_bottom=rx.cond(
                        WizardState.step == i, "3px solid #3e63dd", "3px solid transparent"
                    ),
                )
                for i, title in enumerate(STEPS)
            ],
            style={
                "display": "flex",
                "flex_wrap": "wrap",
                "gap": "0.25em",
                "list_style": "none",
                "padding": "0",
            },
        ),
        aria_label="Application steps",
        margin_bottom="1em",
    )


def error_summary() -> rx.Component:
    return rx.cond(
        WizardState.errors.get("_", "") != "",
        rx.box(
            notice(WizardState.errors.get("_", ""), tone="error"),
            id="wizard-errors",
            tab_index=-1,
            margin_bottom="1em",
        ),
    )


def back_button() -> rx.Component:
    """Back one step (from the eligibility step, back to choosing the type)."""
    return rx.button("Back", type="button", variant="outline", size="3", on_click=WizardState.back)


def buttons(submit_label: str = "Next") -> rx.Component:
    return rx.hstack(
        back_button(),
        rx.button(
            "Save draft",
            type="button",
            variant="outline",
            size="3",
            on_click=WizardState.save_draft,
        ),
        rx.button(submit_label, type="submit", size="3"),
        rx.cond(
            WizardState.saved_note != "",
            rx.text(WizardState.saved_note, color=MUTED, role="status"),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        margin_top="1.5em",
    )


def discard_dialog() -> rx.Component:
    """The confirmation before a draft is deleted."""
    return confirm_dialog(
        "Discard this draft?",
        [
            "Your draft ",
            WizardState.view.type_title,
            " application and everything you entered in it will be deleted. This cannot be undone.",
        ],
        is_open=WizardState.confirming_discard,
        on_cancel=WizardState.cancel_discard,
        cancel_label="Keep draft",
        confirm=danger_button("Discard draft", WizardState.confirm_discard),
    )
