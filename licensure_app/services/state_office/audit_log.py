"""The audit log as the state office reads it: the newest events matching filters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import aware
from licensure_app.models import Account, AuditEvent

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
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


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
            at=aware(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            actor=email or ("System" if e.actor_id is None else f"Account {e.actor_id}"),
            role=e.actor_role,
            action=e.action,
            entity=f"{e.entity_type} {e.entity_id}".strip(),
            before=_short_json(e.before_json),
            after=_short_json(e.after_json),
        )
        for e, email in rows
    ]
