"""/approvals : the district approver's queue (built out by the approvals issue)."""

import reflex as rx

from .. import routes
from ..components.layout import app_page


@app_page(routes.APPROVALS, "Approvals")
def approvals() -> rx.Component:
    return rx.box(
        rx.heading("Applications waiting for you", as_="h1", size="7"),
        rx.text("No applications are waiting for a decision.", margin_top="1em"),
    )
