"""The state office's bulk load of professional development (SEMI credits, eLearning CEUs).

`bulk_parse` reads and checks the CSV file; this module previews and loads its good rows.

Loading is idempotent. A row with the provider's record ID is known by (source, record ID):
a corrected row with the same record ID updates that activity (audited, before and after),
never adds a second one. A row without one is known by its `load_key`, a hash of the
normalised row (holder, kind, title, provider, amount, date), unique together with the
source, so loading the same file twice (or two overlapping files) adds each activity once.
Rows with errors are reported by line and never loaded; the good rows of the same file
still are.

Each load is recorded (`PDLoad`, one `PDLoadRow` per good row: added, updated or skipped,
with an updated activity's values before), so it can be listed and rolled back
(services.state_office.pd_loads).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from licensure_app.domain.formatting import format_amount
from licensure_app.models import PDActivity, PDLoad, PDLoadRow
from licensure_app.services import audit
from licensure_app.services.pd.bulk_match import (
    ADDED,
    SKIPPED,
    UPDATED,
    apply_row,
    classify,
    known_activities,
    new_activity,
    snapshot,
)
from licensure_app.services.pd.bulk_parse import (
    MAX_BYTES,
    MAX_ROWS,
    REQUIRED,
    SOURCES,
    ParsedFile,
    ParsedRow,
    decode,
    load_key,
    parse,
)

__all__ = [
    "CHUNK_SIZE",
    "MAX_BYTES",
    "MAX_ROWS",
    "PREVIEW_ROWS",
    "REQUIRED",
    "SOURCES",
    "ChunkResult",
    "LoadResult",
    "ParsedFile",
    "ParsedRow",
    "Preview",
    "chunks",
    "decode",
    "finish_load",
    "load_all",
    "load_chunk",
    "load_key",
    "parse",
    "preview",
    "snapshot",
    "start_load",
]

CHUNK_SIZE = 500
PREVIEW_ROWS = 100
_STATUS_WORDS = {ADDED: "New", UPDATED: "Correction", SKIPPED: "Already loaded"}


@dataclass(frozen=True)
class Preview:
    file_error: str
    total: int
    new: int
    already_loaded: int
    errors: list[dict[str, str]]
    rows: list[dict[str, str]]
    corrections: int = 0


@dataclass(frozen=True)
class LoadResult:
    added: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    file_error: str = ""
    updated: int = 0
    load_id: int = 0


@dataclass(frozen=True)
class ChunkResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0


def _error_dicts(rows: Iterable[ParsedRow]) -> list[dict[str, str]]:
    return [
        {"line": str(r.line), "identifier": r.identifier or "—", "message": "; ".join(r.errors)}
        for r in rows
    ]


def _preview_row(row: ParsedRow, status: str) -> dict[str, str]:
    return {
        "line": str(row.line),
        "educator": row.holder_name or row.identifier or "—",
        "title": row.title,
        "kind": {"ceu": "CEU", "semi_credits": "SEMI credits"}.get(row.kind, "—"),
        "amount": format_amount(row.amount),
        "date": row.completed_on.isoformat() if row.completed_on else "—",
        "status": status,
    }


def preview(session: Session, text: str, today: date) -> Preview:
    """What a load would do, without writing: new rows, corrections, rows already loaded,
    errors."""
    parsed = parse(session, text, today)
    if parsed.file_error:
        return Preview(parsed.file_error, 0, 0, 0, [], [])
    known = known_activities(session, parsed.good)
    counts = {ADDED: 0, UPDATED: 0, SKIPPED: 0}
    shown: list[dict[str, str]] = []
    for row in parsed.rows:
        status = "Error"
        if not row.errors:
            outcome, found = classify(row, known)
            counts[outcome] += 1
            status = _STATUS_WORDS[outcome]
            # As if written: a later row of the same file sees this one.
            planned = new_activity(row, audit.SYSTEM) if found is None else PDActivity()
            if found is not None:
                planned.source, planned.holder_id = found.source, found.holder_id
                apply_row(planned, row)
            known.remember(planned)
        if len(shown) < PREVIEW_ROWS:
            shown.append(_preview_row(row, status))
    return Preview(
        file_error="",
        total=len(parsed.rows),
        new=counts[ADDED],
        already_loaded=counts[SKIPPED],
        errors=_error_dicts(parsed.bad),
        rows=shown,
        corrections=counts[UPDATED],
    )


# ---------------------------------------------------------------- loading


def start_load(session: Session, actor: audit.Actor, file_name: str) -> int:
    """Record a load that starts now (its rows are added chunk by chunk); its id."""
    load = PDLoad(actor_id=actor.account_id, file_name=(file_name or "file.csv")[:200])
    session.add(load)
    session.flush()
    return load.id or 0


def finish_load(session: Session, load_id: int) -> None:
    load = session.get(PDLoad, load_id)
    if load is not None and load.status == "loading":
        load.status = "loaded"
        session.add(load)


def _log_row(
    session: Session,
    load_id: int | None,
    row: ParsedRow,
    activity_id: int,
    outcome: str,
    before: dict[str, object] | None = None,
) -> None:
    if not load_id:
        return
    session.add(
        PDLoadRow(
            load_id=load_id,
            line=row.line,
            activity_id=activity_id,
            outcome=outcome,
            educator=(row.holder_name or row.identifier)[:200],
            title=row.title[:200],
            amount=format_amount(row.amount),
            before_json=json.dumps(before or {}, sort_keys=True),
        )
    )


def _correct(
    session: Session, actor: audit.Actor, activity: PDActivity, row: ParsedRow, load_id: int | None
) -> bool:
    """Update `activity` with the corrected row, audited; False when the corrected row is
    the same as another activity already loaded."""
    before = snapshot(activity)
    try:
        with session.begin_nested():
            apply_row(activity, row)
            session.add(activity)
            session.flush()
    except IntegrityError:
        return False
    changed_before, changed_after = audit.changes(before, snapshot(activity))
    audit.record(
        session,
        actor,
        "pd_activity.corrected",
        "pd_activity",
        activity.id,
        before=changed_before,
        after={**changed_after, "load_id": load_id, "line": row.line},
    )
    _log_row(session, load_id, row, activity.id or 0, UPDATED, before)
    return True


def _insert(session: Session, activity: PDActivity) -> bool:
    """Insert in a savepoint: a concurrent load of the same file may have inserted it a
    moment ago (False)."""
    try:
        with session.begin_nested():
            session.add(activity)
            session.flush()
    except IntegrityError:
        return False
    return True


def load_chunk(
    session: Session, actor: audit.Actor, rows: list[ParsedRow], load_id: int | None = None
) -> ChunkResult:
    """Add the new good rows, correct the activities of corrected rows, skip the rest;
    one audit event for the rows added, one per correction; counted on the load."""
    good = [r for r in rows if not r.errors and r.holder_id and r.completed_on]
    known = known_activities(session, good)
    added_ids: list[int] = []
    updated_ids: list[int] = []
    skipped = 0
    for row in good:
        outcome, found = classify(row, known)
        if (
            outcome == UPDATED
            and found is not None
            and _correct(session, actor, found, row, load_id)
        ):
            updated_ids.append(found.id or 0)
            known.remember(found)
            continue
        if outcome == ADDED:
            activity = new_activity(row, actor)
            if _insert(session, activity):
                added_ids.append(activity.id or 0)
                known.remember(activity)
                _log_row(session, load_id, row, activity.id or 0, ADDED)
                continue
        skipped += 1
        _log_row(session, load_id, row, (found.id or 0) if found else 0, SKIPPED)
    result = ChunkResult(len(added_ids), len(updated_ids), skipped)
    _count_on_load(session, load_id, result)
    if added_ids:
        audit.record(
            session,
            actor,
            "pd_activity.bulk_loaded",
            "pd_activity",
            f"{added_ids[0]}-{added_ids[-1]}",
            after={
                "added": len(added_ids),
                "updated": len(updated_ids),
                "skipped": skipped,
                "activity_ids": added_ids,
                "load_id": load_id,
            },
        )
    return result


def _count_on_load(session: Session, load_id: int | None, result: ChunkResult) -> None:
    load = session.get(PDLoad, load_id) if load_id else None
    if load is None:
        return
    load.added += result.added
    load.updated += result.updated
    load.skipped += result.skipped
    session.add(load)


def chunks(rows: list[ParsedRow], size: int = CHUNK_SIZE) -> list[list[ParsedRow]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def load_all(
    session: Session,
    actor: audit.Actor,
    text: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    file_name: str = "file.csv",
) -> LoadResult:
    """Parse and load a whole file in the caller's session (the CLI and tests use this; the
    page loads chunk by chunk, each in its own transaction, to show progress). A file with
    good rows is recorded as a load."""
    parsed = parse(session, text, today)
    if parsed.file_error:
        return LoadResult(file_error=parsed.file_error)
    good = parsed.good
    load_id = start_load(session, actor, file_name) if good else 0
    added = updated = skipped = 0
    for done, chunk in enumerate(chunks(good), start=1):
        result = load_chunk(session, actor, chunk, load_id)
        added, updated = added + result.added, updated + result.updated
        skipped += result.skipped
        if progress is not None:
            progress(min(done * CHUNK_SIZE, len(good)), len(good))
    if load_id:
        finish_load(session, load_id)
    return LoadResult(
        added=added,
        skipped=skipped,
        errors=_error_dicts(parsed.bad),
        updated=updated,
        load_id=load_id,
    )
