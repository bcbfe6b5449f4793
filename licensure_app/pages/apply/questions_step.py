"""Step 2: the questions of the application type."""

import reflex as rx

from ...components.forms import ERROR_COLOR
from ...states.wizard import WizardState
from .common import MUTED, NATIVE_CONTROL, buttons, label


def _question(q: rx.Var) -> rx.Component:
    key = q.key
    value = WizardState.answers.get(key, "")
    common = {
        "id": key,
        "name": key,
        "default_value": value,
        "on_blur": lambda v: WizardState.set_answer(key, v),
        "aria_describedby": key + "-error",
        "style": NATIVE_CONTROL,
    }
    control = rx.match(
        q.kind,
        (
            "select",
            rx.el.select(
                rx.el.option("Choose…", value=""),
                rx.foreach(q.options, lambda opt: rx.el.option(opt, value=opt)),
                id=key,
                name=key,
                default_value=value,
                on_change=lambda v: WizardState.set_answer(key, v),
                aria_describedby=key + "-error",
                style=NATIVE_CONTROL,
            ),
        ),
        ("textarea", rx.el.textarea(rows=4, **common)),
        ("number", rx.el.input(type="number", step="any", **common)),
        ("date", rx.el.input(type="date", **common)),
        rx.el.input(type="text", **common),
    )
    return rx.box(
        label(q.label, key),
        rx.cond(q.hint != "", rx.text(q.hint, color=MUTED, size="2")),
        control,
        rx.cond(
            WizardState.errors.get(key, "") != "",
            rx.el.p(
                WizardState.errors.get(key, ""), id=key + "-error", color=ERROR_COLOR, role="alert"
            ),
        ),
        margin_bottom="1em",
    )


def questions_step() -> rx.Component:
    questions = WizardState.view.questions
    return rx.box(
        rx.cond(
            questions.length() > 0,
            rx.foreach(questions, _question),
            rx.text("This application has no further questions. Choose Next."),
        ),
        buttons(),
    )
