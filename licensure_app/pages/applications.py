"""/applications : the educator's applications with status and history."""

import reflex as rx

from .. import routes
from ..components.forms import notice
from ..components.layout import LINK_COLOR, app_page
from ..states.applications import ApplicationsState

MUTED = "#414651"


def _timeline(item: rx.Var) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            item["timeline"].to(list[dict]),
            lambda t: rx.el.li(
                rx.text.strong(t["status"].to(str)),
                " · ",
                t["at"].to(str),
                " · ",
                t["actor"].to(str),
                rx.cond(
                    t["reason"].to(str) != "", rx.text(" “", t["reason"].to(str), "”", as_="span")
                ),
            ),
        ),
        padding_left="1.25em",
        color="#1f2937",
    )


def _card(item: rx.Var) -> rx.Component:
    app_id = item["application_id"].to(int)
    return rx.el.article(
        rx.hstack(
            rx.heading(
                item["type_title"].to(str),
                rx.cond(
                    item["license_number"].to(str) != "",
                    " · license " + item["license_number"].to(str),
                    "",
                ),
                as_="h2",
                size="4",
            ),
            rx.badge(
                item["status_label"].to(str), color_scheme="gray", size="2", high_contrast=True
            ),
            justify="between",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            item["submitted_on"].to(str) != "",
            rx.text("Submitted ", item["submitted_on"].to(str), color=MUTED),
            rx.text("Not submitted yet", color=MUTED),
        ),
        rx.cond(
            item["return_reason"].to(str) != "",
            notice(
                rx.text.strong("Returned for correction: "),
                item["return_reason"].to(str),
                tone="warning",
                margin_y="0.5em",
            ),
        ),
        rx.cond(
            item["timeline"].to(list[dict]).length() > 0,
            rx.el.details(rx.el.summary("History"), _timeline(item), margin_y="0.5em"),
        ),
        rx.hstack(
            rx.cond(
                item["can_continue"].to(bool),
                rx.link(
                    rx.cond(
                        item["status"].to(str) == "returned", "Correct and resubmit", "Continue"
                    ),
                    href=routes.APPLY + "?application=" + item["application_id"].to(str),
                    color=LINK_COLOR,
                ),
            ),
            rx.cond(
                item["can_withdraw"].to(bool),
                rx.button(
                    "Withdraw",
                    variant="outline",
                    color_scheme="red",
                    on_click=ApplicationsState.ask_withdraw(app_id),
                ),
            ),
            spacing="4",
            align="center",
        ),
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
        max_width="48em",
    )
