"""The audit log as the state office reads it: the newest events matching filters, with
times and date filters in the state's time zone; verifying the log and recording a
checkpoint of its head (services.audit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from licensure_app.infra import clock
from licensure_app.models import Account, AuditEvent
from licensure_app.services import audit

from .access import require_staff

AUDIT_PAGE = 100


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # an email, or part of one
    entity_type: str = ""
    entity_id: str = ""
    action: str = ""  # a prefix, e.g. "application."
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    event_id: int
    at: str
    actor: str
    role: str
    action: str
    entity: str
    before: str
    after: str


def _short_json(text: str) -> str:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return text[:300]
    if not value:
        return ""
    rendered = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return rendered if len(rendered) <= 300 else rendered[:297] + "…"


def _midnight(day: date) -> datetime:
    """The start of `day` in the state's time zone, as the UTC time stored times compare to."""
    return datetime.combine(day, datetime.min.time(), tzinfo=clock.state_zone()).astimezone(UTC)


def _conditions(session: Session, filters: AuditFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.actor.strip():
        needle = filters.actor.strip().lower()
        if needle in ("system", "(system)"):
            conditions.append(col(AuditEvent.actor_id).is_(None))
        else:
            ids = session.exec(
                select(Account.id).where(col(Account.email).contains(needle)).limit(200)
            ).all()
            conditions.append(col(AuditEvent.actor_id).in_(list(ids)))
    if filters.entity_type.strip():
        conditions.append(AuditEvent.entity_type == filters.entity_type.strip())
    if filters.entity_id.strip():
        conditions.append(AuditEvent.entity_id == filters.entity_id.strip())
    if filters.action.strip():
        conditions.append(col(AuditEvent.action).startswith(filters.action.strip()))
    if filters.date_from:
        conditions.append(AuditEvent.at >= _midnight(filters.date_from))
    if filters.date_to:
        conditions.append(AuditEvent.at < _midnight(filters.date_to + timedelta(days=1)))
    return conditions


def audit_log(session: Session, filters: AuditFilters, limit: int = AUDIT_PAGE) -> list[AuditRow]:
    """The newest audit events matching the filters."""
    rows = session.exec(
        select(AuditEvent, Account.email)
        .join(Account, col(Account.id) == col(AuditEvent.actor_id), isouter=True)
        .where(*_conditions(session, filters))
        .order_by(col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    return [
        AuditRow(
            event_id=e.id or 0,
            at=clock.local(e.at).strftime("%Y-%m-%d %H:%M:%S %Z"),
            actor=email or ("System" if e.actor_id is None else f"Account {e.actor_id}"),
            role=e.actor_role,
            action=e.action,
            entity=f"{e.entity_type} {e.entity_id}".strip(),
            before=_short_json(e.before_json),
            after=_short_json(e.after_json),
        )
        for e, email in rows
    ]


def verification_message(session: Session) -> tuple[bool, str]:
    """Verify the audit log (services.audit.verify): (intact, what to tell staff)."""
    result = audit.verify(session)
    if not result.ok:
        return False, f"The audit log fails verification: {result.problem}"
    events = "1 event" if result.events == 1 else f"{result.events} events"
    marks = "1 checkpoint" if result.checkpoints == 1 else f"{result.checkpoints} checkpoints"
    return True, f"Audit log intact: {events}, chain and {marks} verified."


def record_checkpoint(session: Session, actor: audit.Actor) -> str:
    """Write a checkpoint of the log's head now, after the event that records who asked
    (the caller commits); what to tell staff."""
    require_staff(actor)
    audit.record(session, actor, "audit.checkpoint_recorded", "audit_checkpoint")
    mark = audit.checkpoint(session)
    if mark is None:
        return "The audit log is empty: there is nothing to checkpoint yet."
    return (
        f"Checkpoint recorded at event {mark.last_event_id} ({mark.event_count} events in the log)."
    )
