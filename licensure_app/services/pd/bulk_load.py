"""The state office's bulk load of professional development (SEMI credits, eLearning CEUs).

`bulk_parse` reads and checks the CSV file; this module previews and loads its good rows.

Loading is idempotent: each row's `load_key` is a hash of the normalised row (holder, kind,
title, provider, amount, date), unique together with the source, so loading the same file
twice (or two overlapping files) adds each activity once. Rows with errors are reported by
line and never loaded; the good rows of the same file still are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_amount
from licensure_app.models import PDActivity
from licensure_app.models._base import utcnow
from licensure_app.services import audit
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
    "LoadResult",
    "ParsedFile",
    "ParsedRow",
    "Preview",
    "chunks",
    "decode",
    "load_all",
    "load_chunk",
    "load_key",
    "parse",
    "preview",
]

CHUNK_SIZE = 500
PREVIEW_ROWS = 100


@dataclass(frozen=True)
class Preview:
    file_error: str
    total: int
    new: int
    already_loaded: int
    errors: list[dict[str, str]]
    rows: list[dict[str, str]]


@dataclass(frozen=True)
class LoadResult:
    added: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    file_error: str = ""


def _existing_keys(session: Session, rows: list[ParsedRow]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    keys = sorted({r.load_key for r in rows if r.load_key})
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        found.update(
            session.exec(
                select(PDActivity.source, PDActivity.load_key).where(
                    col(PDActivity.load_key).in_(batch)
                )
            ).all()
        )
    return found


def _error_dicts(rows: Iterable[ParsedRow]) -> list[dict[str, str]]:
    return [
        {"line": str(r.line), "identifier": r.identifier or "—", "message": "; ".join(r.errors)}
        for r in rows
    ]


def preview(session: Session, text: str, today: date) -> Preview:
    """What a load would do, without writing: new rows, rows already loaded, errors."""
    parsed = parse(session, text, today)
    if parsed.file_error:
        return Preview(parsed.file_error, 0, 0, 0, [], [])
    existing = _existing_keys(session, parsed.good)
    seen: set[tuple[str, str]] = set()
    shown: list[dict[str, str]] = []
    new = already = 0
    for row in parsed.rows:
        if row.errors:
            status = "Error"
        elif (row.source, row.load_key) in existing or (row.source, row.load_key) in seen:
            status, already = "Already loaded", already + 1
        else:
            status, new = "New", new + 1
            seen.add((row.source, row.load_key))
        if len(shown) < PREVIEW_ROWS:
            shown.append(
                {
                    "line": str(row.line),
                    "educator": row.holder_name or row.identifier or "—",
                    "title": row.title,
                    "kind": {"ceu": "CEU", "semi_credits": "SEMI credits"}.get(row.kind, "—"),
                    "amount": format_amount(row.amount),
                    "date": row.completed_on.isoformat() if row.completed_on else "—",
                    "status": status,
                }
            )
    return Preview(
        file_error="",
        total=len(parsed.rows),
        new=new,
        already_loaded=already,
        errors=_error_dicts(parsed.bad),
        rows=shown,
    )


def load_chunk(session: Session, actor: audit.Actor, rows: list[ParsedRow]) -> tuple[int, int]:
    """Insert the good rows not loaded yet; returns (added, skipped). One audit event."""
    good = [r for r in rows if not r.errors and r.holder_id and r.completed_on]
    existing = _existing_keys(session, good)
    added_ids: list[int] = []
    skipped = 0
    for row in good:
        identity = (row.source, row.load_key)
        if identity in existing:
            skipped += 1
            continue
        existing.add(identity)
        activity = PDActivity(
            holder_id=row.holder_id or 0,
            title=row.title,
            provider=row.provider,
            kind=row.kind,
            amount=row.amount,
            completed_on=row.completed_on or date.min,
            source=row.source,
            load_key=row.load_key,
            # Reported by the provider to the state: the office vouches for it.
            verification="verified",
            verified_by_id=actor.account_id,
            verified_at=utcnow(),
        )
        try:
            # A concurrent load of the same file may have inserted it a moment ago.
            with session.begin_nested():
                session.add(activity)
                session.flush()
        except IntegrityError:
            skipped += 1
            continue
        added_ids.append(activity.id or 0)
    if added_ids:
        audit.record(
            session,
            actor,
            "pd_activity.bulk_loaded",
            "pd_activity",
            f"{added_ids[0]}-{added_ids[-1]}",
            after={"added": len(added_ids), "skipped": skipped, "activity_ids": added_ids},
        )
    return len(added_ids), skipped


def chunks(rows: list[ParsedRow], size: int = CHUNK_SIZE) -> list[list[ParsedRow]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def load_all(
    session: Session,
    actor: audit.Actor,
    text: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Parse and load a whole file in the caller's session (the CLI and tests use this; the
    page loads chunk by chunk, each in its own transaction, to show progress)."""
    parsed = parse(session, text, today)
    if parsed.file_error:
        return LoadResult(file_error=parsed.file_error)
    added = skipped = 0
    good = parsed.good
    for done, chunk in enumerate(chunks(good), start=1):
        a, s = load_chunk(session, actor, chunk)
        added, skipped = added + a, skipped + s
        if progress is not None:
            progress(min(done * CHUNK_SIZE, len(good)), len(good))
    return LoadResult(added=added, skipped=skipped, errors=_error_dicts(parsed.bad))
