"""/apply : the application wizard (type and license, eligibility, questions, attachments,
review, declaration). Each step's view is its own module."""

import reflex as rx

from licensure_app.services.applications.wizard import STEPS

from ... import routes
from ...components.forms import notice
from ...components.layout import app_page
from ...states.wizard import WizardState
from .attachments_step import attachments_step
from .choose_step import choose_step
from .common import error_summary, step_list
from .declaration_step import declaration_step
from .eligibility_step import eligibility_step
from .questions_step import questions_step
from .review_step import review_step


def _wizard() -> rx.Component:
    return rx.box(
        step_list(),
        rx.cond(
            WizardState.view.return_reason != "",
            # On every step, so the applicant corrects what the approver asked for.
            notice(
                rx.text.strong("Returned for correction: "),
                WizardState.view.return_reason,
                tone="warning",
                role="status",
                id="return-reason",
                margin_bottom="1em",
            ),
        ),
        error_summary(),
        rx.cond(
            WizardState.step == 0,
            choose_step(),
            rx.box(
                rx.heading(
                    WizardState.view.type_title,
                    rx.cond(
                        WizardState.view.license_number != "",
                        " · license " + WizardState.view.license_number,
                        "",
                    ),
                    as_="h2",
                    size="5",
                ),
                rx.heading(
                    rx.match(WizardState.step, *[(i, title) for i, title in enumerate(STEPS)], ""),
                    as_="h3",
                    size="4",
                    id="wizard-step-heading",
                    tab_index=-1,
                    margin_y="0.5em",
                ),
                rx.form(
                    rx.match(
                        WizardState.step,
                        (1, eligibility_step()),
                        (2, questions_step()),
                        (3, attachments_step()),
                        (4, review_step()),
                        (5, declaration_step()),
                        rx.fragment(),
                    ),
                    on_submit=WizardState.next_step,
                    reset_on_submit=False,
                    key=WizardState.form_version.to_string() + "-" + WizardState.step.to_string(),
                ),
            ),
        ),
    )


@app_page(routes.APPLY, "Apply", on_load=[WizardState.load])
def apply_page() -> rx.Component:
    return rx.box(
        rx.heading("Apply", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(WizardState.loaded, _wizard(), rx.text("Loading…", role="status")),
        max_width="48em",
    )
