"""The state review panel: the count of forwarded applications and a link to the queue."""

from __future__ import annotations

import reflex as rx

from ... import routes
from ...components.layout import LINK_COLOR
from ...states.admin import AdminReviewState
from .common import panel


def review_panel() -> rx.Component:
    return panel(
        "State review",
        rx.text(
            rx.text.strong(AdminReviewState.state_review_count.to_string()),
            " applications forwarded by the districts are waiting for the state's decision.",
        ),
        rx.link(
            "Open the state review queue",
            href=f"{routes.APPROVALS}?status=state_review",
            color=LINK_COLOR,
        ),
    )
