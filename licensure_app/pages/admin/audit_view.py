"""The audit log panel: the filter form and the newest matching events."""

from __future__ import annotations

import reflex as rx

from ...components.forms import notice, text_field
from ...states.admin import AdminAuditLogState
from .common import panel, table

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


def _event_row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.at, white_space="nowrap"),
        rx.el.td(r.actor),
        rx.el.td(r.role),
        rx.el.td(r.action),
        rx.el.td(r.entity),
        rx.el.td(rx.el.code(r.before), word_break="break-all"),
        rx.el.td(rx.el.code(r.after), word_break="break-all"),
    )


def audit_panel() -> rx.Component:
    return panel(
        "Audit log",
        _filters(),
        rx.cond(State.audit_error != "", notice(State.audit_error, tone="error")),
        table(
            "Audit events, newest first (100 at most)",
            ("Time (UTC)", "Actor", "Role", "Action", "Entity", "Before", "After"),
            rx.foreach(State.audit_rows, _event_row),
        ),
        on_mount=State.open_panel,
    )
