"""Which activity a bulk row is: by the provider's record ID (source, record ID) when the
row has one, else by its content key (source, load_key); and what loading it does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from licensure_app.models import PDActivity
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.pd.bulk_parse import ParsedRow

ADDED, UPDATED, SKIPPED = "added", "updated", "skipped"


@dataclass
class Known:
    """The activities the rows may already be: by (source, record ID) and by
    (source, load_key); kept up to date as rows are planned or written."""

    by_record: dict[tuple[str, str], PDActivity]
    by_content: dict[tuple[str, str], PDActivity]

    def remember(self, activity: PDActivity) -> None:
        if activity.record_key:
            self.by_record[(activity.source, activity.record_key)] = activity
        if activity.load_key:
            self.by_content[(activity.source, activity.load_key)] = activity


def _in_batches(session: Session, column: object, values: set[str]) -> list[PDActivity]:
    found: list[PDActivity] = []
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        found.extend(session.exec(select(PDActivity).where(col(column).in_(batch))).all())
    return found


def known_activities(session: Session, rows: list[ParsedRow]) -> Known:
    known = Known({}, {})
    for activity in _in_batches(session, PDActivity.load_key, {r.load_key for r in rows}):
        known.remember(activity)
    records = {r.record_key for r in rows if r.record_key}
    for activity in _in_batches(session, PDActivity.record_key, records):
        known.remember(activity)
    return known


def classify(row: ParsedRow, known: Known) -> tuple[str, PDActivity | None]:
    """What loading the row does: add it, update (correct) its activity, or skip it."""
    if row.record_key:
        found = known.by_record.get((row.source, row.record_key))
        if found is not None:
            same = found.load_key == row.load_key and found.holder_id == row.holder_id
            return (SKIPPED if same else UPDATED), found
    found = known.by_content.get((row.source, row.load_key))
    if found is None:
        return ADDED, None
    # Loaded before without its record ID: the row adds the ID (so a later correction
    # finds it), nothing else.
    return (UPDATED if row.record_key and not found.record_key else SKIPPED), found


def snapshot(activity: PDActivity) -> dict[str, object]:
    """The values a bulk row sets (what a correction changes and a rollback restores)."""
    return {
        "holder_id": activity.holder_id,
        "title": activity.title,
        "provider": activity.provider,
        "kind": activity.kind,
        "amount": activity.amount,
        "completed_on": activity.completed_on.isoformat(),
        "load_key": activity.load_key,
        "record_key": activity.record_key,
    }


def apply_row(activity: PDActivity, row: ParsedRow) -> None:
    activity.holder_id = row.holder_id or activity.holder_id
    activity.title, activity.provider, activity.kind = row.title, row.provider, row.kind
    activity.amount = row.amount
    activity.completed_on = row.completed_on or activity.completed_on
    activity.load_key = row.load_key
    activity.record_key = row.record_key or None


def new_activity(row: ParsedRow, actor: audit.Actor) -> PDActivity:
    return PDActivity(
        holder_id=row.holder_id or 0,
        title=row.title,
        provider=row.provider,
        kind=row.kind,
        amount=row.amount,
        completed_on=row.completed_on or date.min,
        source=row.source,
        load_key=row.load_key,
        record_key=row.record_key or None,
        # Reported by the provider to the state: the office vouches for it.
        verification="verified",
        verified_by_id=actor.account_id,
        verified_at=utcnow(),
    )
