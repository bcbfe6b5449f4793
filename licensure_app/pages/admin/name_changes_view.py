"""The name-changes panel: each waiting request with the current, requested and previous
names, the reason and the document (viewable in the page), and Approve / Reject."""

from __future__ import annotations

import reflex as rx

from ...components.forms import field_error
from ...components.layout import LINK_COLOR
from ...states.admin.name_changes import AdminNameChangesState
from .common import BORDER, MUTED, messages, panel

State = AdminNameChangesState


def _fact(label: str, value: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.el.dt(label, font_weight="600"),
        rx.el.dd(value, margin_left="0", margin_bottom="0.5em"),
    )


def _document(r: rx.Var) -> rx.Component:
    shown = State.viewing_request == r.request_id
    return rx.box(
        rx.hstack(
            rx.text("Document: ", weight="medium"),
            rx.link(r.document_name, href=r.document_href, is_external=True, color=LINK_COLOR),
            rx.button(
                rx.cond(shown, "Hide", "View"),
                size="1",
                variant="outline",
                type="button",
                aria_label=rx.cond(shown, "Hide ", "View ").to(str) + r.document_name,
                on_click=State.toggle_document(r.request_id),
            ),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            shown,
            rx.cond(
                r.document_kind == "pdf",
                rx.el.iframe(
                    src=r.document_href,
                    title="Document: " + r.document_name,
                    width="100%",
                    height="640px",
                    border=f"1px solid {BORDER}",
                ),
                rx.image(
                    src=r.document_href,
                    alt="Document: " + r.document_name,
                    max_width="100%",
                    border=f"1px solid {BORDER}",
                ),
            ),
        ),
        margin_y="0.5em",
    )


def _decision(r: rx.Var) -> rx.Component:
    reason_id = "reason-" + r.request_id.to_string()
    error = rx.cond(State.reason_error_request == r.request_id, State.reason_error, "")
    return rx.cond(
        r.own,
        rx.text(
            "This request is about your own name: another staff member decides it.",
            color=MUTED,
        ),
        rx.hstack(
            rx.form(
                rx.el.input(type="hidden", name="request_id", value=r.request_id.to_string()),
                rx.button("Approve", type="submit", size="2"),
                on_submit=State.approve_name_change,
            ),
            rx.form(
                rx.el.input(type="hidden", name="request_id", value=r.request_id.to_string()),
                rx.el.label(
                    "Reason for rejecting (the educator sees it)",
                    html_for=reason_id,
                    display="block",
                    font_weight="600",
                ),
                rx.el.input(
                    id=reason_id,
                    name="reason",
                    aria_describedby=reason_id + "-error",
                    style={"width": "100%", "padding": "0.4em", "border": "1px solid #8a8f98"},
                ),
                field_error(error, reason_id),
                rx.button("Reject", type="submit", size="2", variant="outline", margin_top="0.5em"),
                on_submit=State.reject_name_change,
                flex="1",
            ),
            align="start",
            spacing="4",
            width="100%",
        ),
    )


def _request(r: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.heading(r.current_name, " to ", r.requested_name, as_="h3", size="4"),
        rx.el.dl(
            _fact("Educator ID", r.educator_number),
            _fact("Current legal name", r.current_name),
            _fact("Requested name", r.requested_name),
            _fact("Previous names", r.previous_names),
            _fact("Reason", r.reason),
            _fact("Requested on", r.requested_on),
            margin_y="0.5em",
        ),
        _document(r),
        _decision(r),
        border=f"1px solid {BORDER}",
        border_radius="8px",
        padding="1em",
        margin_y="1em",
    )


def name_changes_panel() -> rx.Component:
    return panel(
        "Name changes waiting for review",
        rx.text(
            "An approved request changes the legal name on the educator's record, licenses "
            "and the public look-up; the previous name is kept.",
            color=MUTED,
        ),
        messages(State.name_change_message, State.name_change_error),
        rx.cond(
            State.name_change_rows.length() > 0,
            rx.box(
                rx.foreach(State.name_change_rows, _request),
                key=State.name_change_version.to_string(),
            ),
            rx.text("No name-change requests are waiting.", margin_y="1em"),
        ),
        on_mount=State.open_panel,
    )
