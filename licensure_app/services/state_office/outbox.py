"""The e-mail outbox as state staff see it: messages by status, newest first, a page at a
time, and retrying a failed one.

Message bodies may hold password-reset links: only the recipient, subject, status, times,
attempts and the last error are read here, never a body.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from licensure_app.infra import clock
from licensure_app.models import OUTBOX_STATUSES, OutboxEmail
from licensure_app.models._base import utcnow
from licensure_app.services import audit

from .access import require_staff
from .results import AdminResult

OUTBOX_PAGE = 50
STATUS_LABELS = {"queued": "Queued", "sending": "Sending", "sent": "Sent", "failed": "Failed"}
NOT_FOUND = "That message was not found."


@dataclass(frozen=True)
class OutboxRow:
    email_id: int
    to_address: str
    subject: str
    status: str
    status_label: str
    created: str
    sent: str
    next_attempt: str
    attempts: int
    error: str


@dataclass(frozen=True)
class OutboxPage:
    rows: list[OutboxRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int]


def _time(moment: datetime | None) -> str:
    """A stored time in the state's zone, "2026-11-30 23:30 CST" ("" for none)."""
    return clock.local(moment).strftime("%Y-%m-%d %H:%M %Z") if moment else ""


def status_counts(session: Session) -> dict[str, int]:
    found = dict(
        session.exec(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)).all()
    )
    return {s: int(found.get(s, 0)) for s in OUTBOX_STATUSES}


def outbox_page(session: Session, status: str = "", page: int = 1) -> OutboxPage:
    """Page `page` (from 1) of the messages with `status` ("" for all), newest first."""
    where = [OutboxEmail.status == status] if status in OUTBOX_STATUSES else []
    total = int(session.exec(select(func.count()).select_from(OutboxEmail).where(*where)).one())
    pages = max(1, -(-total // OUTBOX_PAGE))
    page = min(max(1, page), pages)
    columns = (
        OutboxEmail.id,
        OutboxEmail.to_address,
        OutboxEmail.subject,
        OutboxEmail.status,
        OutboxEmail.created_at,
        OutboxEmail.sent_at,
        OutboxEmail.next_attempt_at,
        OutboxEmail.attempts,
        OutboxEmail.error,
    )
    found = session.exec(
        select(*columns)
        .where(*where)
        .order_by(col(OutboxEmail.created_at).desc(), col(OutboxEmail.id).desc())
        .offset((page - 1) * OUTBOX_PAGE)
        .limit(OUTBOX_PAGE)
    ).all()
    rows = [
        OutboxRow(
            email_id=email_id or 0,
            to_address=to_address,
            subject=subject,
            status=state,
            status_label=STATUS_LABELS.get(state, state),
            created=_time(created_at),
            sent=_time(sent_at),
            next_attempt=_time(next_attempt_at) if state == "queued" else "",
            attempts=attempts,
            error=error,
        )
        for email_id, to_address, subject, state, created_at, sent_at, next_attempt_at, attempts, error in found
    ]
    return OutboxPage(rows, total, page, pages, status_counts(session))


def retry_email(session: Session, actor: audit.Actor, email_id: int) -> AdminResult:
    """Queue a failed message again (attempts from 0, due now), audited."""
    require_staff(actor)
    message = session.get(OutboxEmail, email_id)
    if message is None:
        return AdminResult(False, NOT_FOUND)
    if message.status != "failed":
        return AdminResult(False, "Only a failed message can be retried.")
    to_address, attempts, error = message.to_address, message.attempts, message.error
    changed = session.execute(
        update(OutboxEmail)
        .where(col(OutboxEmail.id) == email_id, col(OutboxEmail.status) == "failed")
        .values(
            status="queued", attempts=0, next_attempt_at=utcnow(), claim_token="", claimed_at=None
        )
    ).rowcount
    if changed != 1:
        return AdminResult(False, "Only a failed message can be retried.")
    audit.record(
        session,
        actor,
        "outbox_email.retried",
        "outbox_email",
        email_id,
        before={"status": "failed", "attempts": attempts, "error": error},
        after={"status": "queued", "attempts": 0},
    )
    session.expire(message)
    return AdminResult(True, f"The message to {to_address} is queued again.")
