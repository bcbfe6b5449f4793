"""/admin : state office tools (built out by the approvals and admin issue)."""

import reflex as rx

from .. import routes
from ..components.layout import app_page


@app_page(routes.ADMIN, "Administration")
def admin() -> rx.Component:
    return rx.box(
        rx.heading("State office administration", as_="h1", size="7"),
        rx.text("Districts, rules, bulk loads and the audit log.", margin_top="1em"),
    )
