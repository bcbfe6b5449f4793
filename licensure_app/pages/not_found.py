"""The page at every address the app does not have: inside the shell (header, skip link,
<main>), with an h1 and the way back (issue 16.10, WCAG 2.4.2 / 2.4.5)."""

import reflex as rx

from .. import routes
from ..components.layout import app_page
from ..components.links import link_button


@app_page(routes.NOT_FOUND, "Page not found")
def not_found() -> rx.Component:
    return rx.vstack(
        rx.heading("Page not found", as_="h1", size="8"),
        rx.text(
            "There is no page at this address: the link may be mistyped or out of date. "
            "Check the address, or start again from the home page.",
            size="4",
        ),
        rx.hstack(
            link_button("Go to the home page", routes.HOME, size="3"),
            link_button("Look up a license", routes.LOOKUP, size="3", variant="outline"),
            spacing="3",
            wrap="wrap",
        ),
        spacing="4",
        align="start",
    )
