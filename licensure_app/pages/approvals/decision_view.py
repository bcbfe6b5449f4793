"""The decision on one application: the effect of approving, verification, the reason and
the three buttons (or why no decision waits from this approver)."""

from __future__ import annotations

import reflex as rx

from ...components.dialogs import confirm_dialog, danger_button
from ...components.forms import field_error, notice
from ...states.approvals import ApprovalsState
from .common import MUTED, label

D = ApprovalsState.detail


def _verification() -> rx.Component:
    return rx.cond(
        D.needs_verification,
        rx.box(
            rx.checkbox(
                "I have verified the original certificates or transcripts",
                id="verified",
                # Uncontrolled, so it ticks at once; the server gets each change.
                default_checked=False,
                key="verified-" + ApprovalsState.form_version.to_string(),
                on_change=ApprovalsState.set_verified,
                aria_describedby="verified-error",
                size="3",
            ),
            field_error(ApprovalsState.verify_error, "verified"),
            margin_y="0.75em",
        ),
    )


def _reason() -> rx.Component:
    return rx.box(
        label("Reason", "reason"),
        rx.el.p(
            "Required to return or reject: the applicant reads it.",
            id="reason-hint",
            color=MUTED,
            font_size="0.9em",
        ),
        rx.text_area(
            id="reason",
            default_value=ApprovalsState.reason,
            on_blur=ApprovalsState.set_reason,
            aria_describedby="reason-hint reason-error",
            aria_invalid=rx.cond(ApprovalsState.reason_error != "", "true", "false"),
            rows="3",
            width="100%",
            key=ApprovalsState.form_version.to_string(),
        ),
        field_error(ApprovalsState.reason_error, "reason"),
        margin_y="0.75em",
    )


def _buttons() -> rx.Component:
    application_id = D.application_id
    return rx.hstack(
        rx.button("Approve", size="3", on_click=ApprovalsState.approve(application_id)),
        rx.button(
            "Approve and next",
            size="3",
            variant="outline",
            on_click=ApprovalsState.approve_and_next(application_id),
        ),
        rx.button(
            "Return for correction",
            size="3",
            variant="outline",
            on_click=ApprovalsState.return_for_correction(application_id),
        ),
        rx.button(
            "Reject",
            size="3",
            variant="outline",
            color_scheme="red",
            on_click=ApprovalsState.ask_reject,
        ),
        spacing="3",
        wrap="wrap",
    )


def _reject_dialog() -> rx.Component:
    return confirm_dialog(
        "Reject this application?",
        [
            "The applicant is told the reason you gave. A rejected application cannot be "
            "reopened: the applicant must file a new one."
        ],
        is_open=ApprovalsState.reject_open,
        on_cancel=ApprovalsState.cancel_reject,
        cancel_label="Cancel",
        confirm=danger_button(
            "Reject application", on_click=ApprovalsState.reject(D.application_id)
        ),
    )


def decision() -> rx.Component:
    return rx.cond(
        D.can_decide,
        rx.el.section(
            rx.heading("Decision", as_="h2", size="5", id="decision-heading"),
            rx.text(D.approve_effect, margin_y="0.5em"),
            _verification(),
            _reason(),
            _buttons(),
            _reject_dialog(),
            aria_labelledby="decision-heading",
            border="2px solid #3e63dd",
            border_radius="8px",
            padding="1em",
            margin_bottom="1em",
        ),
        # Why not: decided already, with the state office, or the approver's own application.
        notice(D.decision_note, tone="neutral", margin_bottom="1em"),
    )
