"""The audit log: append-only and hash-chained, written in the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from ..models import AuditEvent
from ..models._base import utcnow


@dataclass(frozen=True)
class Actor:
    """Who did something: an account (or None for the system) and the role it acted in."""

    account_id: int | None
    role: str
    client_address: str = ""


SYSTEM = Actor(account_id=None, role="system")


def _json(value: dict[str, Any] | None) -> str:
    def default(o: object) -> str:
        if isinstance(o, datetime | date):
            return o.isoformat()
        return str(o)

    text = json.dumps(value or {}, sort_keys=True, default=default, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (a crafted request can send one) cannot be stored or hashed as
        # UTF-8: this event's JSON keeps it escaped instead.
        text = json.dumps(value or {}, sort_keys=True, default=default)
    return text


def _canonical_time(at: datetime) -> str:
    # SQLite hands timestamps back without their zone (they are stored as UTC).
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _event_hash(prev_hash: str, event: AuditEvent) -> str:
    payload = "|".join(
        [
            prev_hash,
            _canonical_time(event.at),
            str(event.actor_id or ""),
            event.actor_role,
            event.action,
            event.entity_type,
            event.entity_id,
            event.before_json,
            event.after_json,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: object = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event to the session's transaction (the caller commits)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        # Serialise appenders so the hash chain never forks.
        session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    prev = session.exec(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.account_id,
        actor_role=actor.role,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before_json=_json(before),
        after_json=_json(after),
        client_address=actor.client_address[:64],
        prev_hash=prev or "",
        hash="",
    )
    event.hash = _event_hash(event.prev_hash, event)
    session.add(event)
    session.flush()
    return event


def verify_chain(session: Session) -> tuple[bool, int | None]:
    """(True, None) when every event's hash matches; else (False, id of the first bad one)."""
    prev = ""
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
        if event.prev_hash != prev or _event_hash(prev, event) != event.hash:
            return False, event.id
        prev = event.hash
    return True, None


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
