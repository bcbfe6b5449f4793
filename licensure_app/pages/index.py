"""/ : what the system is, with the ways in."""

import reflex as rx

from .. import routes
from ..components.layout import LINK_COLOR, app_page
from ..components.links import link_button


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
            link_button("Sign in", routes.LOGIN, size="3"),
            link_button("Create an account", routes.REGISTER, size="3", variant="outline"),
            link_button("Look up a license", routes.LOOKUP, size="3", variant="outline"),
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
