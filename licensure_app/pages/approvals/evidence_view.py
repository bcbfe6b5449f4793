"""The renewal's counted activities, one card each: its facts, the decision on it so far, its
evidence full width (an image at once, a PDF in a frame on "View") and, while the renewal waits
for this approver, "Accept" / "Not accepted" with a "Reason for not accepting"."""

from __future__ import annotations

import reflex as rx

from ...components.forms import ERROR_COLOR
from ...components.layout import LINK_COLOR
from ...services import approvals
from ...states.approvals import ApprovalsState
from .common import BORDER, MUTED, card

D = ApprovalsState.detail
S = ApprovalsState


def file_frame(file: rx.Var[approvals.FileRow], pdf_height: str) -> rx.Component:
    """The file in the page, full width: a PDF in a frame, an image as an image."""
    return rx.cond(
        file.kind == "pdf",
        rx.el.iframe(
            src=file.href,
            title="Evidence: " + file.name,
            width="100%",
            height=pdf_height,
            border=f"1px solid {BORDER}",
        ),
        rx.image(
            src=file.href,
            alt="Evidence: " + file.name,
            width="100%",
            height="auto",
            border=f"1px solid {BORDER}",
        ),
    )


def view_button(file: rx.Var[approvals.FileRow]) -> rx.Component:
    """ "View <name>" / "Hide <name>": shows the file in the page or hides it."""
    shown = S.viewing == file.evidence_id
    return rx.button(
        rx.cond(shown, "Hide", "View"),
        size="1",
        variant="outline",
        aria_label=rx.cond(shown, "Hide ", "View ").to(str) + file.name,
        on_click=S.toggle_view(file.evidence_id),
    )


def _evidence(file: rx.Var[approvals.FileRow]) -> rx.Component:
    """An image shows in the page at once; a PDF opens in the page, full width, with "View
    <name>" (Chromium's PDF viewer takes keyboard focus as it loads: it loads when asked)."""
    is_pdf = file.kind == "pdf"
    return rx.box(
        rx.hstack(
            rx.link(file.name, href=file.href, is_external=True, color=LINK_COLOR),
            rx.text("(", file.size, ")", color=MUTED),
            rx.cond(is_pdf, view_button(file)),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(~is_pdf | (S.viewing == file.evidence_id), file_frame(file, "640px")),
        width="100%",
        margin_y="0.5em",
    )


def _review(row: rx.Var[approvals.CountedRow]) -> rx.Component:
    """The reason field and the two decisions, named after the activity for screen readers."""
    reason_id = "activity-reason-" + row.activity_id.to_string()
    error = rx.cond(S.review_activity == row.activity_id, S.review_error, "")
    return rx.box(
        rx.el.label(
            "Reason for not accepting",
            html_for=reason_id,
            display="block",
            font_weight="600",
            margin_bottom="0.25em",
        ),
        rx.text_area(
            id=reason_id,
            aria_label="Reason for not accepting " + row.label,
            default_value="",
            max_length=500,
            on_blur=lambda value: S.set_activity_reason(row.activity_id, value),
            aria_describedby=reason_id + "-error",
            aria_invalid=rx.cond(error != "", "true", "false"),
            rows="2",
            width="100%",
            # A new field once the decision changes (the reason given is then in the record).
            key=reason_id + row.verification,
        ),
        rx.cond(
            error != "",
            rx.el.p(
                error, id=reason_id + "-error", color=ERROR_COLOR, font_size="0.9em", role="alert"
            ),
        ),
        rx.hstack(
            rx.button(
                "Accept",
                aria_label="Accept " + row.label,
                variant=rx.cond(row.decision == "accepted", "solid", "outline"),
                on_click=S.accept_activity(row.activity_id),
            ),
            rx.button(
                "Not accepted",
                aria_label="Not accepted " + row.label,
                color_scheme="red",
                variant=rx.cond(row.decision == "not_accepted", "solid", "outline"),
                on_click=S.not_accept_activity(row.activity_id),
            ),
            spacing="3",
            margin_top="0.5em",
            wrap="wrap",
        ),
        margin_top="0.75em",
    )


def _result(row: rx.Var[approvals.CountedRow]) -> rx.Component:
    """What the last decision on this activity did (read out where it was made)."""
    mine = (S.review_activity == row.activity_id) & (S.review_message != "")
    return rx.box(
        rx.cond(
            mine,
            rx.text(
                S.review_message,
                color=rx.cond(S.review_tone == "error", ERROR_COLOR, "#1f2937"),
                font_weight="500",
                margin_top="0.5em",
            ),
        ),
        role="status",
        id="activity-result-" + row.activity_id.to_string(),
    )


def _activity(row: rx.Var[approvals.CountedRow]) -> rx.Component:
    heading_id = "activity-heading-" + row.activity_id.to_string()
    return rx.el.article(
        rx.el.h3(row.title, id=heading_id, font_weight="600", font_size="1.1em"),
        rx.text(row.provider, " · ", row.amount, " · completed ", row.completed_on, color=MUTED),
        rx.text(rx.text.strong("Decision: "), row.verification, margin_y="0.25em"),
        rx.cond(
            row.evidence.length() > 0,
            rx.foreach(row.evidence, _evidence),
            rx.text("No evidence attached", color=MUTED),
        ),
        rx.cond(D.can_review & (row.decision != "gone"), _review(row)),
        _result(row),
        aria_labelledby=heading_id,
        border=f"1px solid {BORDER}",
        border_radius="8px",
        padding="0.75em",
        margin_top="0.75em",
        width="100%",
    )


def counted_activities() -> rx.Component:
    return rx.cond(
        D.type_code == "renewal",
        card(
            "Professional development counted",
            "counted-heading",
            rx.text("Renewal option chosen: ", rx.text.strong(D.renewal_option)),
            rx.text(D.counted_totals.join(", "), color=MUTED),
            rx.cond(
                D.can_review,
                rx.text(
                    "Accept each activity once you have checked its evidence, or mark it "
                    "\u201cNot accepted\u201d with a reason. An activity not accepted no longer "
                    "counts; if the option is then no longer met, the application goes back to "
                    "the applicant with your reasons. Approving accepts the activities not yet "
                    "reviewed.",
                    margin_top="0.5em",
                ),
            ),
            rx.box(
                rx.foreach(D.counted, _activity),
                overflow_x="auto",
                tab_index=0,
                role="region",
                aria_label="Activities counted at submission",
            ),
        ),
    )
