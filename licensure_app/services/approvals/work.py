"""Working an application in the queue: "Assign to me" and internal notes.

Who: the approvers of the application's district (an approver in scope, `scope.in_scope`)
and state staff, and never on an application `scope.conflict` bars (their own, or a fellow
approver's). Every write is audited in the same transaction. Notes are internal: only the
approvers' page reads them (`work_panel`); nothing the educator sees (their applications,
notifications, the API) queries `ApplicationNote`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from licensure_app.domain.names import storable
from licensure_app.infra import clock
from licensure_app.models import Account, Application, ApplicationNote
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal

from .scope import conflict, in_scope, refuse, stage_of

MAX_NOTE = 2000
NOTE_REQUIRED = "Write the note before adding it."
NOT_FOUND = "That application was not found."


@dataclass(frozen=True)
class NoteRow:
    at: str
    author: str
    body: str


@dataclass(frozen=True)
class WorkPanel:
    """Assignment and notes of one application, as its approver's page shows them."""

    application_id: int
    assignee_name: str  # "" when unassigned
    assigned_to_me: bool
    can_assign: bool
    can_note: bool
    notes: list[NoteRow]


@dataclass(frozen=True)
class WorkResult:
    ok: bool
    message: str


def _reachable(
    session: Session, principal: Principal, actor: audit.Actor, application_id: int, action: str
) -> tuple[Application | None, str]:
    """The application if this principal may work it; otherwise None, why, and the refusal
    recorded in the audit log."""
    application = session.get(Application, application_id) if application_id else None
    if application is None or not in_scope(principal, application):
        refuse(session, actor, application_id, action)
        return None, NOT_FOUND
    barred = conflict(session, principal, application)
    if barred:
        why = "own application" if "you filed" in barred else "colleague's application"
        refuse(session, actor, application_id, action, why)
        return None, barred
    return application, ""


def assign_to_me(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    now: datetime | None = None,
) -> WorkResult:
    """Assign an open application to the principal (the caller commits)."""
    application, why = _reachable(session, principal, actor, application_id, "assign")
    if application is None:
        return WorkResult(False, why)
    if not stage_of(application):
        return WorkResult(False, "Only an application waiting for a decision can be assigned.")
    if application.assigned_to_id == principal.account_id:
        return WorkResult(True, "This application is already assigned to you.")
    now = now or utcnow()
    before = application.assigned_to_id
    moved = session.exec(  # type: ignore[call-overload]
        update(Application)
        .where(col(Application.id) == application.id)
        .values(assigned_to_id=principal.account_id, assigned_at=now, updated_at=now)
    )
    if moved.rowcount != 1:
        return WorkResult(False, NOT_FOUND)
    audit.record(
        session,
        actor,
        "application.assigned",
        "application",
        application.id,
        before={"assigned_to_id": before},
        after={"assigned_to_id": principal.account_id},
    )
    session.expire(application)
    return WorkResult(True, "Assigned to you.")


def add_note(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    body: str,
    now: datetime | None = None,
) -> WorkResult:
    """Add an internal note (the caller commits)."""
    text = storable(body or "").strip()[:MAX_NOTE]
    if not text:
        return WorkResult(False, NOTE_REQUIRED)
    application, why = _reachable(session, principal, actor, application_id, "add note")
    if application is None:
        return WorkResult(False, why)
    note = ApplicationNote(
        application_id=application.id or 0,
        author_id=principal.account_id,
        body=text,
        at=now or utcnow(),
    )
    session.add(note)
    session.flush()
    audit.record(
        session,
        actor,
        "application.note_added",
        "application",
        application.id,
        after={"note_id": note.id, "body": text},
    )
    return WorkResult(True, "Note added.")


def notes_of(session: Session, application_id: int) -> list[NoteRow]:
    rows = session.exec(
        select(ApplicationNote, Account.display_name, Account.email)
        .join(Account, col(Account.id) == col(ApplicationNote.author_id))
        .where(ApplicationNote.application_id == application_id)
        .order_by(col(ApplicationNote.at), col(ApplicationNote.id))
    ).all()
    return [NoteRow(clock.show(n.at), name or email, n.body) for n, name, email in rows]


def work_panel(session: Session, principal: Principal, application_id: int) -> WorkPanel | None:
    """Assignment and notes of an application the principal may see (None otherwise)."""
    application = session.get(Application, application_id) if application_id else None
    if application is None or not in_scope(principal, application):
        return None
    allowed = not conflict(session, principal, application)
    assignee = (
        session.get(Account, application.assigned_to_id) if application.assigned_to_id else None
    )
    return WorkPanel(
        application_id=application.id or 0,
        assignee_name=(assignee.display_name or assignee.email) if assignee else "",
        assigned_to_me=application.assigned_to_id == principal.account_id,
        can_assign=allowed and bool(stage_of(application)),
        can_note=allowed,
        # The applicant never reads them, even when the applicant is an approver.
        notes=notes_of(session, application.id or 0) if allowed else [],
    )
