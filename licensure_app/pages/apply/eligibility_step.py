"""Step 1: eligibility, and the renewal option a renewal uses."""

import reflex as rx

from ... import routes
from ...components.layout import LINK_COLOR
from ...states.wizard import WizardState
from .common import MUTED, buttons


def eligibility_step() -> rx.Component:
    problems = WizardState.view.problems
    options = WizardState.view.renewal_options
    return rx.box(
        rx.cond(
            problems.length() > 0,
            rx.box(
                rx.text("You cannot file this application yet:", weight="bold"),
                rx.el.ul(rx.foreach(problems, lambda p: rx.el.li(p)), padding_left="1.25em"),
                rx.text(
                    "Log what is missing on ",
                    rx.link("Professional development", href=routes.PD, color=LINK_COLOR),
                    " or choose another type of application.",
                ),
            ),
            rx.text("You are eligible for this application.", weight="bold"),
        ),
        rx.cond(
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
        ),
        buttons(show_back=False),
    )
