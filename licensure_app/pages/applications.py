"""/applications : the educator's applications with status and history."""

import reflex as rx

from .. import routes
from ..components.forms import notice
from ..components.layout import LINK_COLOR, app_page
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


def _heading(item: rx.Var[ApplicationView]) -> rx.Component:
    return rx.hstack(
        rx.heading(
            item.type_title,
            rx.cond(item.license_number != "", " · license " + item.license_number, ""),
            as_="h2",
            size="4",
        ),
        rx.badge(item.status_label, color_scheme="gray", size="2", high_contrast=True),
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
        rx.cond(
            item.timeline.length() > 0,
            rx.el.details(rx.el.summary("History"), _timeline(item), margin_y="0.5em"),
        ),
        _actions(item),
        padding="1em",
        border="1px solid #d0d5dd",
        border_radius="10px",
        margin_bottom="1em",
    )


def _withdraw_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Withdraw this application?"),
            rx.alert_dialog.description(
                "Your ",
                ApplicationsState.withdraw_label,
                " will be withdrawn. You can start a new one later.",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Keep it", variant="outline", on_click=ApplicationsState.cancel_withdraw
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Withdraw application",
                        color_scheme="red",
                        on_click=ApplicationsState.confirm_withdraw,
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=ApplicationsState.withdraw_id != 0,
    )


def _discard_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Discard this draft?"),
            rx.alert_dialog.description(
                "Your draft ",
                ApplicationsState.withdraw_label,
                " and everything you entered in it will be deleted. This cannot be undone.",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Keep draft", variant="outline", on_click=ApplicationsState.cancel_discard
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Discard draft",
                        color_scheme="red",
                        high_contrast=True,  # white on plain red is below AA contrast
                        on_click=ApplicationsState.confirm_discard,
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=ApplicationsState.discard_id != 0,
    )


@app_page(routes.APPLICATIONS, "Applications", on_load=[ApplicationsState.load])
def applications_page() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.heading("Your applications", as_="h1", size="7"),
            rx.link(rx.button("Start an application", size="3"), href=routes.APPLY),
            justify="between",
            align="center",
            wrap="wrap",
            margin_bottom="1em",
        ),
        rx.cond(
            ApplicationsState.notice != "",
            notice(ApplicationsState.notice, tone="success", margin_bottom="1em"),
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
