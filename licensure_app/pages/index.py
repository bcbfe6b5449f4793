"""/ : what the system is, with the ways in."""

import reflex as rx

from .. import routes
from ..components.layout import LINK_COLOR, app_page


@app_page(routes.HOME, "Home")
def index() -> rx.Component:
    return rx.vstack(
        rx.heading("Educator licensure", as_="h1", size="8"),
        rx.text(
            "Keep your teaching license current: register, log your professional development, "
            "see how much you still need to renew, and file your renewal online. Your district "
            "superintendent approves it and the license is renewed at once.",
            size="4",
        ),
        rx.hstack(
            rx.link(rx.button("Sign in", size="3"), href=routes.LOGIN),
            rx.link(
                rx.button("Create an account", size="3", variant="outline"), href=routes.REGISTER
            ),
            rx.link(
                rx.button("Look up a license", size="3", variant="outline"), href=routes.LOOKUP
            ),
            spacing="3",
            wrap="wrap",
        ),
        rx.heading("Verify a license", as_="h2", size="5", margin_top="1em"),
        rx.text(
            "Anyone can check an educator's license without an account in the ",
            rx.link("public license look-up", href=routes.LOOKUP, color=LINK_COLOR),
            ".",
        ),
        spacing="4",
        align="start",
    )
