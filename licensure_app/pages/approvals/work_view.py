"""Working one application: who has it ("Assign to me") and the internal notes (approvers
and state staff only: the applicant never sees them)."""

from __future__ import annotations

import reflex as rx

from ...components.forms import field_error
from ...services import approvals
from ...states.approvals import ApprovalsState
from .common import MUTED, card, label

W = ApprovalsState.work


def _assignment() -> rx.Component:
    return rx.hstack(
        rx.text(
            "Assigned to: ",
            rx.text.strong(
                rx.cond(
                    W.assigned_to_me,
                    "you",
                    rx.cond(W.assignee_name != "", W.assignee_name, "nobody yet"),
                )
            ),
        ),
        rx.cond(
            W.can_assign & ~W.assigned_to_me,
            rx.button(
                "Assign to me",
                variant="outline",
                on_click=ApprovalsState.assign_to_me(W.application_id),
            ),
        ),
        align="center",
        spacing="3",
        wrap="wrap",
    )


def _note(note: rx.Var[approvals.NoteRow]) -> rx.Component:
    return rx.el.li(
        rx.text(rx.text.strong(note.author), " · ", note.at, color=MUTED, font_size="0.9em"),
        rx.text(note.body, white_space="pre-wrap"),
        margin_bottom="0.5em",
    )


def _note_form() -> rx.Component:
    return rx.el.form(
        label("Internal note", "note"),
        rx.el.p(
            "Seen by approvers and the state office, never by the applicant.",
            id="note-hint",
            color=MUTED,
            font_size="0.9em",
        ),
        rx.text_area(
            id="note",
            name="note",
            rows="3",
            width="100%",
            max_length=approvals.work.MAX_NOTE,
            aria_describedby="note-hint note-error",
            aria_invalid=rx.cond(ApprovalsState.note_error != "", "true", "false"),
            key="note-" + ApprovalsState.note_version.to_string(),
        ),
        field_error(ApprovalsState.note_error, "note"),
        rx.button("Add note", type="submit", margin_top="0.5em"),
        on_submit=ApprovalsState.add_note,
        margin_top="0.75em",
    )


def work_panel() -> rx.Component:
    return rx.cond(
        W & W.can_note,
        card(
            "Assignment and internal notes",
            "work-heading",
            _assignment(),
            rx.cond(
                W.notes.length() > 0,
                rx.el.ul(
                    rx.foreach(W.notes, _note), list_style="none", padding="0", margin_y="0.75em"
                ),
                rx.text("No notes yet.", color=MUTED, margin_y="0.75em"),
            ),
            _note_form(),
        ),
    )
