"""Bulk approval of renewals: the bar under the filters and the confirmation dialog."""

from __future__ import annotations

import reflex as rx

from ...components.dialogs import confirm_dialog
from ...components.forms import field_error
from ...states.approvals import ApprovalsState


def bulk_bar() -> rx.Component:
    return rx.cond(
        ApprovalsState.selected.length() > 0,
        rx.hstack(
            rx.text(ApprovalsState.selected.length().to_string(), " renewals selected"),
            rx.button("Approve selected renewals", on_click=ApprovalsState.open_bulk, size="2"),
            align="center",
            spacing="3",
            margin_y="0.75em",
        ),
    )


def bulk_dialog() -> rx.Component:
    return confirm_dialog(
        "Approve these renewals?",
        ["Each license listed is renewed at once for a new validity period."],
        details=[
            rx.el.ul(
                rx.foreach(
                    ApprovalsState.bulk_list,
                    lambda c: rx.el.li(c.applicant_name, ", license ", c.license_number),
                ),
                padding_left="1.25em",
                margin_y="0.75em",
            ),
            rx.checkbox(
                "I have verified the original certificates or transcripts",
                id="bulk-verified",
                default_checked=False,
                on_change=ApprovalsState.set_bulk_verified,
            ),
            field_error(ApprovalsState.bulk_error, "bulk-verified"),
        ],
        is_open=ApprovalsState.bulk_open,
        on_cancel=ApprovalsState.cancel_bulk,
        cancel_label="Cancel",
        confirm=rx.button(
            "Approve " + ApprovalsState.bulk_list.length().to_string() + " renewals",
            on_click=ApprovalsState.confirm_bulk,
        ),
    )
