"""Step 5: the conduct questions and the sworn statement."""

import reflex as rx

from ...components.forms import field_error
from ...services.applications import CONDUCT_QUESTIONS, SWORN_STATEMENT
from ...states.wizard import WizardState
from .common import NATIVE_CONTROL, buttons, label


def _yes_no(key: str, question: str) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(question, font_weight="600"),
        rx.hstack(
            *[
                rx.el.div(
                    rx.el.input(
                        type="radio",
                        name=key,
                        # Never id == name: Reflex reads a form field with an id from its
                        # ref, which for a radio is its value whether checked or not.
                        id=f"{key}-{value}",
                        value=value,
                        default_checked=WizardState.attestation.get(key, "") == value,
                        on_change=WizardState.set_answer(key, value),
                    ),
                    rx.el.label(
                        value.capitalize(),
                        html_for=f"{key}-{value}",
                        margin_left="0.35em",
                    ),
                )
                for value in ("yes", "no")
            ],
            spacing="4",
        ),
        field_error(WizardState.errors.get(key, ""), key),
        border="none",
        padding="0",
        margin_bottom="1em",
    )


def declaration_step() -> rx.Component:
    return rx.box(
        *[_yes_no(key, question) for key, question in CONDUCT_QUESTIONS],
        rx.box(
            label("Explanation of any “yes” answer", "conduct_explanation"),
            rx.el.textarea(
                id="conduct_explanation",
                name="conduct_explanation",
                rows=3,
                default_value=WizardState.attestation.get("conduct_explanation", "").to(str),
                on_blur=lambda v: WizardState.set_answer("conduct_explanation", v),
                style=NATIVE_CONTROL,
            ),
            field_error(WizardState.errors.get("conduct_explanation", ""), "conduct_explanation"),
            margin_bottom="1em",
        ),
        rx.el.div(
            rx.el.input(
                type="checkbox",
                id="sworn",
                name="sworn",
                default_checked=WizardState.sworn,
                on_change=WizardState.set_sworn,
            ),
            rx.el.label(SWORN_STATEMENT, html_for="sworn", margin_left="0.5em"),
            display="flex",
            align_items="start",
        ),
        field_error(WizardState.errors.get("sworn", ""), "sworn"),
        buttons("Submit application"),
    )
