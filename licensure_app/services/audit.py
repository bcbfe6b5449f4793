"""The audit log: append-only and hash-chained, written in the caller's transaction.

Every `CHECKPOINT_EVERY` events (and on demand) the head of the log is written to
`audit_checkpoint`, so a log cut short at its end, which leaves an intact chain, is caught:
`verify` checks the chain and every checkpoint against it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, select

from ..infra import clock
from ..models import AuditCheckpoint, AuditEvent
from ..models._base import utcnow


@dataclass(frozen=True)
class Actor:
    """Who did something: an account (or None for the system) and the role it acted in."""

    account_id: int | None
    role: str
    client_address: str = ""


SYSTEM = Actor(account_id=None, role="system")
CHECKPOINT_EVERY = 100


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
    if (event.id or 0) % CHECKPOINT_EVERY == 0:
        checkpoint(session, "periodic")
    return event


def checkpoint(session: Session, reason: str = "on demand") -> AuditCheckpoint | None:
    """Write the log's head (last event, its hash, how many events) in the caller's
    transaction; None while the log is empty."""
    head = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    if head is None or head.id is None:
        return None
    count = session.exec(select(func.count()).select_from(AuditEvent)).one()
    mark = AuditCheckpoint(
        last_event_id=head.id, event_count=int(count), head_hash=head.hash, reason=reason
    )
    session.add(mark)
    session.flush()
    return mark


def verify_chain(session: Session) -> tuple[bool, int | None]:
    """(True, None) when every event's hash matches; else (False, id of the first bad one)."""
    prev = ""
    for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
        if event.prev_hash != prev or _event_hash(prev, event) != event.hash:
            return False, event.id
        prev = event.hash
    return True, None


@dataclass(frozen=True)
class Verification:
    ok: bool
    events: int
    checkpoints: int
    problem: str = ""  # what is wrong, for people
    first_bad_id: int | None = None


def _checkpoint_problem(
    mark: AuditCheckpoint, hashes: dict[int, str], ids: list[int]
) -> str | None:
    when = clock.show(mark.at)
    if hashes.get(mark.last_event_id) != mark.head_hash:
        return (
            f"Event {mark.last_event_id}, the last one of the checkpoint of {when}, "
            "is missing or changed: the log was cut short or rewritten."
        )
    counted = sum(1 for event_id in ids if event_id <= mark.last_event_id)
    if counted != mark.event_count:
        return (
            f"The checkpoint of {when} counted {mark.event_count} events up to event "
            f"{mark.last_event_id}; the log now has {counted}."
        )
    return None


def verify(session: Session) -> Verification:
    """The chain, event by event, and every checkpoint against it."""
    ok, bad_id = verify_chain(session)
    rows = session.exec(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id)).all()
    hashes = {event_id: digest for event_id, digest in rows if event_id is not None}
    ids = list(hashes)
    marks = session.exec(select(AuditCheckpoint).order_by(AuditCheckpoint.id)).all()
    if not ok:
        problem = f"Event {bad_id} does not match the chain: it or an earlier one was changed."
        return Verification(False, len(ids), len(marks), problem, bad_id)
    for mark in marks:
        problem = _checkpoint_problem(mark, hashes, ids)
        if problem:
            return Verification(False, len(ids), len(marks), problem, mark.last_event_id)
    return Verification(True, len(ids), len(marks))


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
