"""/approvals : the live queue, one application's record with its evidence, the decisions,
bulk approval of renewals and (for superintendents) the district's designees.

The views: `queue_view` (counts, filters, table), `bulk_view` (bulk approval of renewals),
`designees_view`, `detail_view` (one application's record), `decision_view` (its decision);
`common` holds the shared pieces."""

from __future__ import annotations

import reflex as rx

from ... import routes
from ...components.forms import notice
from ...components.layout import app_page
from ...states.approvals import ApprovalsState
from .detail_view import detail_view, missing_view
from .queue_view import queue_view


@app_page(routes.APPROVALS, "Approvals", on_load=[ApprovalsState.load])
def approvals_page() -> rx.Component:
    return rx.box(
        rx.cond(
            ApprovalsState.message != "",
            rx.box(
                rx.match(
                    ApprovalsState.message_tone,
                    ("error", notice(ApprovalsState.message, tone="error")),
                    notice(ApprovalsState.message, tone="success"),
                ),
                id="approvals-result",
                margin_bottom="1em",
            ),
        ),
        rx.cond(
            ApprovalsState.detail_missing,
            missing_view(),
            rx.cond(ApprovalsState.detail, detail_view(), queue_view()),
        ),
    )
