"""The audit log panel: verifying the log and recording a checkpoint, the filter form and
the newest matching events (times in the state's time zone)."""

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
        table(
            "Audit events, newest first (100 at most)",
            ("Time", "Actor", "Role", "Action", "Entity", "Before", "After"),
            rx.foreach(State.audit_rows, _event_row),
        ),
        on_mount=State.open_panel,
    )
