"""The employing district on /profile ("Employing district", asked for and confirmed by
the district) and the district's waiting "Staff changes" on /district."""

from __future__ import annotations

import reflex as rx

from ..components.forms import notice
from ..components.tables import scroll_region
from ..states.employment import EmploymentState as State
from .admin.common import MUTED, SELECT_STYLE


def employment_section() -> rx.Component:
    """For the educator's /profile."""
    mine = State.my_employment
    return rx.box(
        rx.heading("Employing district", as_="h2", size="5", margin_y="0.75em"),
        rx.text("Your employing district: ", rx.text.strong(mine.district)),
        rx.cond(
            mine.pending_to != "",
            rx.text(
                "Waiting for ",
                mine.pending_to,
                " to confirm you as staff (asked ",
                mine.pending_since,
                ").",
                color=MUTED,
            ),
        ),
        rx.form(
            rx.el.label(
                "Employing district",
                html_for="employing_district",
                display="block",
                font_weight="600",
                margin_top="0.5em",
            ),
            rx.text(
                "Your applications go to this district's superintendent. A change takes "
                "effect when the district confirms you are on its staff.",
                id="employing-district-hint",
                size="2",
                color=MUTED,
            ),
            rx.el.select(
                rx.el.option("Choose a district", value=""),
                rx.foreach(State.district_choices, lambda o: rx.el.option(o[1], value=o[0])),
                id="employing_district",
                name="employing_district",
                aria_describedby="employing-district-hint",
                style=SELECT_STYLE,
            ),
            rx.button("Ask to change district", type="submit", margin_top="0.5em"),
            on_submit=State.ask_for_district,
            reset_on_submit=False,
        ),
        rx.cond(
            State.employment_error != "",
            notice(State.employment_error, tone="error", role="alert", margin_top="0.5em"),
        ),
        rx.cond(
            State.employment_message != "",
            notice(State.employment_message, tone="success", role="status", margin_top="0.5em"),
        ),
        on_mount=State.load_employment,
        margin_y="1.5em",
    )


def _change(c: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(c.educator, rx.el.br(), rx.el.small(c.educator_number)),
        rx.el.td(c.from_district),
        rx.el.td(c.to_district),
        rx.el.td(c.requested),
        rx.el.td(
            rx.hstack(
                rx.button(
                    "Confirm",
                    on_click=State.decide_staff_change(c.change_id, True),
                    aria_label="Confirm " + c.educator,
                    size="1",
                ),
                rx.button(
                    "Decline",
                    on_click=State.decide_staff_change(c.change_id, False),
                    aria_label="Decline " + c.educator,
                    variant="outline",
                    size="1",
                ),
                spacing="2",
            )
        ),
    )


def staff_changes_section() -> rx.Component:
    """For /district: educators asking to join the district's staff."""
    return rx.box(
        rx.heading("Staff changes", as_="h2", size="5", margin_y="0.75em"),
        rx.cond(
            State.staff_change_message != "",
            rx.text(State.staff_change_message, role="status"),
        ),
        rx.cond(
            State.staff_changes.length() > 0,
            scroll_region(
                rx.el.table(
                    rx.el.caption("Educators asking to join the district's staff"),
                    rx.el.thead(
                        rx.el.tr(
                            *[
                                rx.el.th(h, scope="col", text_align="left")
                                for h in ("Educator", "From", "To", "Asked", "Decision")
                            ]
                        )
                    ),
                    rx.el.tbody(rx.foreach(State.staff_changes, _change)),
                    class_name="data-table",
                ),
                "Staff changes",
            ),
            rx.text("No educator is waiting to join the district's staff.", color=MUTED),
        ),
        on_mount=State.load_staff_changes,
    )
