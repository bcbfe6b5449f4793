"""/notifications : decisions, submissions and other messages for the signed-in user."""

import reflex as rx

from .. import routes
from ..components.layout import LINK_COLOR, app_page
from ..states.notifications import NotificationsState


def _item(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.text(
            rx.cond(~item.read, rx.text.strong("New: "), ""),
            item.text,
        ),
        rx.hstack(
            rx.text(item.at, color="#414651", size="2"),
            rx.cond(
                item.link != "",
                rx.link("Open", href=item.link, color=LINK_COLOR, size="2"),
            ),
            spacing="3",
        ),
        padding_y="0.5em",
        border_bottom="1px solid #d0d5dd",
    )


@app_page(routes.NOTIFICATIONS, "Notifications", on_load=[NotificationsState.load])
def notifications_page() -> rx.Component:
    return rx.box(
        rx.heading("Notifications", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(
            NotificationsState.items.length() > 0,
            rx.el.ul(
                rx.foreach(NotificationsState.items, _item),
                style={"list_style": "none", "padding": "0"},
            ),
            rx.text("Nothing yet. Decisions on your applications will appear here."),
        ),
        max_width="48em",
    )
