"""The audit log panel: verifying the log and recording a checkpoint, the filter form, and
the matching events one line each (times in the state's time zone), the fields an event
changed as "before → after" when its line is expanded; paging and CSV export."""

from __future__ import annotations

import reflex as rx

from ...components.forms import notice, text_field
from ...states.admin import AdminAuditLogState
from .common import MUTED, panel, table

State = AdminAuditLogState


def _filters() -> rx.Component:
    return rx.form(
        rx.grid(
            text_field("Actor email", "audit_actor", hint="Or “system”."),
            text_field("Entity type", "audit_entity_type", hint="e.g. application, license"),
            text_field("Entity ID", "audit_entity_id"),
            text_field("Action", "audit_action", hint="Starts with, e.g. application."),
            text_field("From", "audit_from", input_type="date"),
            text_field("To", "audit_to", input_type="date"),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
        ),
        rx.button("Filter", type="submit"),
        on_submit=State.filter_audit,
        reset_on_submit=False,
    )


def _change(c: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.strong(c.field),
        ": ",
        rx.el.span(c.before, class_name="audit-before"),
        " → ",
        rx.el.span(c.after, class_name="audit-after"),
    )


def _entity(r: rx.Var) -> rx.Component:
    return rx.cond(r.entity_link != "", rx.link(r.entity, href=r.entity_link), rx.text(r.entity))


def _event_row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.at, white_space="nowrap"),
        # Whole words: an e-mail or an action cut mid-word is hard to read; the changed
        # fields take what room is left and wrap.
        rx.el.td(r.actor, rx.el.br(), rx.el.small(r.role), white_space="nowrap"),
        rx.el.td(r.action, white_space="nowrap"),
        rx.el.td(_entity(r), white_space="nowrap"),
        rx.el.td(
            rx.cond(
                r.changes.length() > 0,
                rx.el.details(
                    rx.el.summary("Show changes (", r.changes.length().to_string(), ")"),
                    rx.el.ul(rx.foreach(r.changes, _change), margin="0.25em 0 0 1em"),
                ),
                rx.text("No field changes", color=MUTED),
            ),
            overflow_wrap="anywhere",
            min_width="14em",
        ),
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            "Newer events",
            on_click=State.previous_audit_page,
            disabled=State.audit_page_number <= 1,
            variant="outline",
        ),
        rx.text("Page ", State.audit_page_number.to_string(), role="status"),
        rx.button(
            "Older events",
            on_click=State.next_audit_page,
            disabled=~State.audit_has_next,
            variant="outline",
        ),
        rx.spacer(),
        rx.button("Download audit CSV", on_click=State.download_audit_csv, variant="outline"),
        align="center",
        spacing="3",
        wrap="wrap",
    )


def _integrity() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.button("Verify audit log", on_click=State.verify_audit_log),
            rx.button("Record checkpoint", on_click=State.record_checkpoint, variant="outline"),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            State.audit_check != "",
            rx.cond(
                State.audit_check_ok,
                notice(State.audit_check, tone="success", role="status", margin_y="0.5em"),
                notice(State.audit_check, tone="error", role="status", margin_y="0.5em"),
            ),
        ),
        margin_bottom="1em",
    )


def audit_panel() -> rx.Component:
    return panel(
        "Audit log",
        _integrity(),
        _filters(),
        rx.cond(State.audit_error != "", notice(State.audit_error, tone="error")),
        _pager(),
        rx.cond(
            State.audit_rows.length() > 0,
            table(
                "Audit events, newest first, 50 a page",
                ("Time", "Actor", "Action", "Entity", "Changed fields"),
                rx.foreach(State.audit_rows, _event_row),
            ),
            rx.text("No audit events match these filters.", margin_y="1em"),
        ),
        rx.text(
            "The CSV holds the events matching the filters, newest first (50,000 at most).",
            color=MUTED,
            size="2",
        ),
        on_mount=State.open_panel,
    )
