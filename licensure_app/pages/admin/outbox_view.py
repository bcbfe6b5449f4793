"""The outbox panel: e-mails by status with recipient, subject, times, attempts and the
last error (never a body), 50 a page, a status filter, and "Retry" for failed ones."""

from __future__ import annotations

import reflex as rx

from ...states.admin import AdminOutboxState
from .common import MUTED, messages, panel, select_field, table

State = AdminOutboxState

_FILTERS = (
    ("", "All"),
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("failed", "Failed"),
)


def _filter() -> rx.Component:
    return rx.form(
        rx.hstack(
            select_field(
                "Status",
                "outbox_status",
                *[rx.el.option(label, value=value) for value, label in _FILTERS],
                max_width="14em",
            ),
            rx.button("Show", type="submit"),
            align="end",
            spacing="3",
        ),
        on_submit=State.filter_outbox,
        reset_on_submit=False,
    )


def _counts() -> rx.Component:
    counts = State.outbox_counts
    return rx.text(
        counts["queued"].to_string(),
        " queued, ",
        counts["sending"].to_string(),
        " sending, ",
        counts["sent"].to_string(),
        " sent, ",
        counts["failed"].to_string(),
        " failed.",
        color=MUTED,
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.created, white_space="nowrap"),
        rx.el.td(r.to_address),
        rx.el.td(r.subject),
        rx.el.td(r.status_label),
        rx.el.td(r.attempts.to_string()),
        rx.el.td(rx.cond(r.sent != "", r.sent, r.next_attempt), white_space="nowrap"),
        rx.el.td(r.error, word_break="break-word"),
        rx.el.td(
            rx.cond(
                r.status == "failed",
                rx.button(
                    "Retry",
                    on_click=State.retry(r.email_id),
                    variant="outline",
                    size="1",
                    aria_label="Retry the message to " + r.to_address,
                ),
            )
        ),
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            "Previous page",
            on_click=State.outbox_previous,
            disabled=State.outbox_page <= 1,
            variant="outline",
        ),
        rx.text(
            "Page ",
            State.outbox_page.to_string(),
            " of ",
            State.outbox_pages.to_string(),
            " (",
            State.outbox_total.to_string(),
            " messages)",
        ),
        rx.button(
            "Next page",
            on_click=State.outbox_next,
            disabled=State.outbox_page >= State.outbox_pages,
            variant="outline",
        ),
        align="center",
        spacing="3",
    )


def outbox_panel() -> rx.Component:
    return panel(
        "Outbox",
        _counts(),
        _filter(),
        messages(State.outbox_message, State.outbox_error),
        table(
            "E-mails, newest first (50 a page)",
            (
                "Created",
                "Recipient",
                "Subject",
                "Status",
                "Attempts",
                "Sent / next attempt",
                "Last error",
                "",
            ),
            rx.foreach(State.outbox_rows, _row),
        ),
        _pager(),
        on_mount=State.open_panel,
    )
