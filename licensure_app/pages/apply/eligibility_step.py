"""Step 1: eligibility, and the renewal option a renewal uses. An applicant who may not
file the application is told why and where to fix it, and offered "Back" and (for a
draft) "Discard draft" instead of "Next"."""

import reflex as rx

from ...components.layout import LINK_COLOR
from ...services.applications.wizard import EligibilityProblem
from ...states.wizard import WizardState
from .common import MUTED, back_button, buttons, discard_dialog


def _problem(p: rx.Var[EligibilityProblem]) -> rx.Component:
    return rx.el.li(
        p.text,
        rx.cond(
            p.fix_href != "",
            rx.fragment(" ", rx.link(p.fix_text, href=p.fix_href, color=LINK_COLOR), "."),
        ),
    )


def _ineligible() -> rx.Component:
    return rx.box(
        rx.text("You cannot file this application yet:", weight="bold"),
        rx.el.ul(rx.foreach(WizardState.view.problems, _problem), padding_left="1.25em"),
        _renewal_options(),
        rx.text(
            "Choose Back to pick another type of application",
            rx.cond(
                WizardState.view.status == "draft",
                ", or Discard draft to delete this draft.",
                ".",
            ),
            color=MUTED,
            margin_top="1em",
        ),
        rx.hstack(
            back_button(),
            rx.cond(
                WizardState.view.status == "draft",
                rx.button(
                    "Discard draft",
                    type="button",
                    variant="outline",
                    color_scheme="red",
                    size="3",
                    on_click=WizardState.ask_discard,
                ),
            ),
            spacing="3",
            margin_top="1.5em",
        ),
        discard_dialog(),
    )


def _renewal_options() -> rx.Component:
    options = WizardState.view.renewal_options
    return rx.cond(
        options.length() > 0,
        rx.el.fieldset(
            rx.el.legend("Renewal option you are using", font_weight="600"),
            rx.text(
                "Only one option can be used in a validity cycle; only its activities count.",
                color=MUTED,
                size="2",
            ),
            rx.foreach(
                options,
                lambda o: rx.el.div(
                    rx.el.input(
                        type="radio",
                        name="renewal_option",
                        id="renewal_option_" + o.id,
                        value=o.id,
                        default_checked=WizardState.renewal_option_id == o.id,
                        disabled=~o.met,
                        on_change=WizardState.set_answer("renewal_option", o.id),
                    ),
                    rx.el.label(
                        o.label,
                        rx.cond(o.met, " (met)", " (not met)"),
                        html_for="renewal_option_" + o.id,
                        margin_left="0.5em",
                    ),
                    margin_y="0.25em",
                ),
            ),
            border="none",
            padding="0",
            margin_top="1em",
        ),
    )


def eligibility_step() -> rx.Component:
    return rx.cond(
        WizardState.view.eligible,
        rx.box(
            rx.text("You are eligible for this application.", weight="bold"),
            _renewal_options(),
            buttons(),
        ),
        _ineligible(),
    )
