"""The audit log as the state office reads it: one line per event, a page at a time, with
only the fields each event changed, and as CSV; times and date filters in the state's time
zone; verifying the log and recording a checkpoint of its head (services.audit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.infra import clock
from licensure_app.infra.csv_export import csv_text
from licensure_app.models import Account, AuditEvent, License
from licensure_app.services import audit

from .access import require_staff

AUDIT_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # an email, or part of one
    entity_type: str = ""
    entity_id: str = ""
    action: str = ""  # a prefix, e.g. "application."
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class FieldChange:
    """One field an event changed, as staff read it: "before → after"."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    event_id: int
    at: str
    actor: str
    role: str
    action: str
    entity: str
    # Where staff can look at the entity, when the app has a page for it ("" when not).
    entity_link: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    # The id to continue below for the next (older) page; None on the last page.
    next_before_id: int | None


MISSING = "—"
_VALUE_LIMIT = 200


def _as_dict(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"value": text}
    if isinstance(value, dict):
        return value
    return {} if value in (None, "", []) else {"value": value}


def _shown(value: Any) -> str:
    if value is None:
        return MISSING
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 1] + "…"


def changed_fields(before_json: str, after_json: str) -> list[FieldChange]:
    """The fields whose value differs between the event's before and after, in name order;
    a field only one side has shows "—" on the other."""
    before, after = _as_dict(before_json), _as_dict(after_json)
    return [
        FieldChange(name, _shown(before.get(name)), _shown(after.get(name)))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


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


def _links(session: Session, events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """Pages staff can open for the events' entities: an application in the approval queue,
    a license's public record (one query for all the page's licenses)."""
    links = {
        ("application", e.entity_id): f"{routes.APPROVALS}?application={e.entity_id}"
        for e in events
        if e.entity_type == "application" and e.entity_id.isdigit()
    }
    license_ids = {
        int(e.entity_id) for e in events if e.entity_type == "license" and e.entity_id.isdigit()
    }
    if license_ids:
        numbers = session.exec(
            select(License.id, License.license_number).where(col(License.id).in_(license_ids))
        ).all()
        for license_id, number in numbers:
            links[("license", str(license_id))] = routes.LICENSE_RECORD.replace(
                "[license_number]", number
            )
    return links


def audit_rows(session: Session, found: list[tuple[AuditEvent, str | None]]) -> list[AuditRow]:
    """Audit events (with their actor's e-mail) as staff read them."""
    links = _links(session, [e for e, _ in found])
    return [
        AuditRow(
            event_id=e.id or 0,
            at=clock.local(e.at).strftime("%Y-%m-%d %H:%M:%S %Z"),
            actor=email or ("System" if e.actor_id is None else f"Account {e.actor_id}"),
            role=e.actor_role,
            action=e.action,
            entity=f"{e.entity_type} {e.entity_id}".strip(),
            entity_link=links.get((e.entity_type, e.entity_id), ""),
            changes=changed_fields(e.before_json, e.after_json),
        )
        for e, email in found
    ]


def _matching(
    session: Session, filters: AuditFilters, limit: int, before_id: int | None = None
) -> list[tuple[AuditEvent, str | None]]:
    conditions = _conditions(session, filters)
    if before_id is not None:
        conditions.append(col(AuditEvent.id) < before_id)
    return list(
        session.exec(
            select(AuditEvent, Account.email)
            .join(Account, col(Account.id) == col(AuditEvent.actor_id), isouter=True)
            .where(*conditions)
            .order_by(col(AuditEvent.id).desc())
            .limit(limit)
        ).all()
    )


def audit_page(
    session: Session,
    filters: AuditFilters,
    before_id: int | None = None,
    size: int = AUDIT_PAGE,
) -> AuditPage:
    """One page of the events matching the filters, newest first, continuing below
    `before_id` (keyset paging: a deep page costs what the first does)."""
    found = _matching(session, filters, size + 1, before_id)
    more = len(found) > size
    found = found[:size]
    rows = audit_rows(session, found)
    return AuditPage(rows, rows[-1].event_id if more and rows else None)


def audit_log(session: Session, filters: AuditFilters, limit: int = AUDIT_PAGE) -> list[AuditRow]:
    """The newest audit events matching the filters."""
    return audit_rows(session, _matching(session, filters, limit))


AUDIT_CSV_LIMIT = 50_000
AUDIT_CSV_HEADER = ("Time", "Actor", "Role", "Action", "Entity", "Changed fields")


def audit_csv(session: Session, filters: AuditFilters, limit: int = AUDIT_CSV_LIMIT) -> str:
    """The events matching the filters as CSV (newest first, at most `limit`), each changed
    field as "field: before → after" on its own line of the last cell."""
    rows = audit_rows(session, _matching(session, filters, limit))
    return csv_text(
        AUDIT_CSV_HEADER,
        (
            (
                r.at,
                r.actor,
                r.role,
                r.action,
                r.entity,
                "\n".join(f"{c.field}: {c.before} → {c.after}" for c in r.changes),
            )
            for r in rows
        ),
    )


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
