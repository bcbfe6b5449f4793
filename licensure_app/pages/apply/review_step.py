"""Step 4: everything the applicant entered, and the activities counted for a renewal."""

import reflex as rx

from ...states.wizard import WizardState
from .common import MUTED, buttons


def review_step() -> rx.Component:
    rows = WizardState.view.review
    snapshot = WizardState.view.snapshot
    return rx.box(
        rx.text("Check everything before you continue. Use Back to change an answer.", color=MUTED),
        rx.el.dl(
            rx.foreach(
                rows,
                lambda r: rx.fragment(
                    rx.el.dt(r.label, font_weight="600", margin_top="0.5em"),
                    rx.el.dd(r.value, margin_left="0"),
                ),
            )
        ),
        rx.cond(
            snapshot.length() > 0,
            rx.box(
                rx.heading(
                    "Activities counted for this renewal", as_="h3", size="3", margin_top="1em"
                ),
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th("Activity", scope="col", text_align="left"),
                            rx.el.th("Amount", scope="col", text_align="left"),
                            rx.el.th("Completed", scope="col", text_align="left"),
                        )
                    ),
                    rx.el.tbody(
                        rx.foreach(
                            snapshot,
                            lambda s: rx.el.tr(
                                rx.el.td(s.title),
                                rx.el.td(s.amount),
                                rx.el.td(s.completed_on),
                            ),
                        )
                    ),
                    class_name="data-table",
                ),
                rx.text(
                    "Take the original certificates or transcripts to your superintendent or "
                    "their designee, who verifies them before approving.",
                    color=MUTED,
                    margin_top="0.5em",
                ),
            ),
        ),
        buttons(),
    )
