"""/applications : the educator's applications with status and history."""

import reflex as rx

from .. import routes
from ..components.dialogs import confirm_dialog, danger_button
from ..components.forms import notice
from ..components.layout import LINK_COLOR, app_page
from ..components.links import link_button
from ..components.status import status_badge
from ..services.applications import ApplicationView
from ..states.applications import ApplicationsState

MUTED = "#414651"


def _timeline(item: rx.Var[ApplicationView]) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            item.timeline,
            lambda t: rx.el.li(
                rx.text.strong(t.status),
                " · ",
                t.at,
                " · ",
                t.actor,
                rx.cond(t.reason != "", rx.text(" “", t.reason, "”", as_="span")),
            ),
        ),
        padding_left="1.25em",
        color="#1f2937",
    )


def _upcoming(item: rx.Var[ApplicationView]) -> rx.Component:
    """The steps still to come, the current one marked "now"."""
    return rx.cond(
        item.upcoming.length() > 0,
        rx.box(
            rx.el.h3("Still to come", font_weight="600", margin_top="0.5em"),
            rx.el.ol(
                rx.foreach(
                    item.upcoming,
                    lambda step: rx.el.li(
                        step.label,
                        rx.cond(step.current, rx.text.strong(" (now)")),
                    ),
                ),
                padding_left="1.25em",
                color="#1f2937",
            ),
        ),
    )


def _where_now(item: rx.Var[ApplicationView]) -> rx.Component:
    return rx.fragment(
        rx.cond(
            item.holder != "",
            rx.text(rx.text.strong("Now with: "), item.holder, margin_top="0.25em"),
        ),
        rx.cond(item.processing != "", rx.text(item.processing, color=MUTED)),
    )


def _heading(item: rx.Var[ApplicationView]) -> rx.Component:
    return rx.hstack(
        rx.heading(
            item.type_title,
            rx.cond(item.license_number != "", " · license " + item.license_number, ""),
            as_="h2",
            size="4",
        ),
        status_badge(item.status_label),
        justify="between",
        align="center",
        wrap="wrap",
    )


def _actions(item: rx.Var[ApplicationView]) -> rx.Component:
    return rx.hstack(
        rx.cond(
            item.can_continue,
            rx.link(
                rx.cond(item.status == "returned", "Correct and resubmit", "Continue"),
                href=routes.APPLY + "?application=" + item.application_id.to(str),
                color=LINK_COLOR,
            ),
        ),
        rx.cond(
            item.can_discard,
            rx.button(
                "Discard draft",
                variant="outline",
                color_scheme="red",
                on_click=ApplicationsState.ask_discard(item.application_id),
            ),
            rx.cond(
                item.can_withdraw,
                rx.button(
                    "Withdraw",
                    variant="outline",
                    color_scheme="red",
                    on_click=ApplicationsState.ask_withdraw(item.application_id),
                ),
            ),
        ),
        spacing="4",
        align="center",
    )


def _card(item: rx.Var[ApplicationView]) -> rx.Component:
    return rx.el.article(
        _heading(item),
        rx.cond(
            item.submitted_on != "",
            rx.text("Submitted ", item.submitted_on, color=MUTED),
            rx.text("Not submitted yet", color=MUTED),
        ),
        rx.cond(
            item.return_reason != "",
            notice(
                rx.text.strong("Returned for correction: "),
                item.return_reason,
                tone="warning",
                margin_y="0.5em",
            ),
        ),
        _where_now(item),
        rx.cond(
            item.timeline.length() > 0,
            rx.box(
                rx.el.h3("Done", font_weight="600", margin_top="0.5em"),
                _timeline(item),
            ),
        ),
        _upcoming(item),
        _actions(item),
        padding="1em",
        border="1px solid #d0d5dd",
        border_radius="10px",
        margin_bottom="1em",
    )


def _withdraw_dialog() -> rx.Component:
    return confirm_dialog(
        "Withdraw this application?",
        [
            "Your ",
            ApplicationsState.withdraw_label,
            " will be withdrawn. You can start a new one later.",
        ],
        is_open=ApplicationsState.withdraw_id != 0,
        on_cancel=ApplicationsState.cancel_withdraw,
        cancel_label="Keep it",
        confirm=danger_button("Withdraw application", ApplicationsState.confirm_withdraw),
    )


def _discard_dialog() -> rx.Component:
    return confirm_dialog(
        "Discard this draft?",
        [
            "Your draft ",
            ApplicationsState.withdraw_label,
            " and everything you entered in it will be deleted. This cannot be undone.",
        ],
        is_open=ApplicationsState.discard_id != 0,
        on_cancel=ApplicationsState.cancel_discard,
        cancel_label="Keep draft",
        confirm=danger_button("Discard draft", ApplicationsState.confirm_discard),
    )


@app_page(routes.APPLICATIONS, "Applications", on_load=[ApplicationsState.load])
def applications_page() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.heading("Your applications", as_="h1", size="7"),
            link_button("Start an application", routes.APPLY, size="3"),
            justify="between",
            align="center",
            wrap="wrap",
            margin_bottom="1em",
        ),
        rx.cond(
            ApplicationsState.notice != "",
            notice(
                ApplicationsState.notice,
                tone="success",
                margin_bottom="1em",
                id="applications-result",
            ),
        ),
        rx.cond(
            ApplicationsState.loaded & (ApplicationsState.items.length() == 0),
            rx.text(
                "You have no applications yet. When your renewal requirements are met, file it from ",
                rx.link("Professional development", href=routes.PD, color=LINK_COLOR),
                ".",
            ),
        ),
        rx.box(rx.foreach(ApplicationsState.items, _card), aria_live="polite"),
        _withdraw_dialog(),
        _discard_dialog(),
        max_width="48em",
    )
