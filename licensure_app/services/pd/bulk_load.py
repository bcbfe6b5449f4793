"""The state office's bulk load of professional development (SEMI credits, eLearning CEUs).

A CSV file with a header row; columns (any order, case and spacing ignored):
educator ID *or* license number, title, provider, kind, amount, date.

Loading is idempotent: each row's `load_key` is a hash of the normalised row (holder, kind,
title, provider, amount, date), unique together with the source, so loading the same file
twice (or two overlapping files) adds each activity once. Rows with errors are reported by
line and never loaded; the good rows of the same file still are.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_amount
from licensure_app.domain.names import clean_name
from licensure_app.models import EducatorProfile, License, PDActivity
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.licensing import normalise_license_number
from licensure_app.services.rules import load_rules

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_AMOUNT = 1000.0
CHUNK_SIZE = 500
PREVIEW_ROWS = 100

# Header spellings -> column. Headers are compared lower-cased without spaces, "_" or "-".
_HEADERS: dict[str, str] = {
    "educatorid": "educator_id",
    "educatornumber": "educator_id",
    "educator": "educator_id",
    "licensenumber": "license_number",
    "license": "license_number",
    "licenseno": "license_number",
    "title": "title",
    "provider": "provider",
    "kind": "kind",
    "amount": "amount",
    "date": "date",
    "completiondate": "date",
    "completedon": "date",
}
REQUIRED = ("title", "provider", "kind", "amount", "date")
# The two state loads: what each kind is called in files, and the source it is stored as.
_KINDS: dict[str, str] = {
    "ceu": "ceu",
    "ceus": "ceu",
    "elearningceu": "ceu",
    "semi": "semi_credits",
    "semicredit": "semi_credits",
    "semicredits": "semi_credits",
}
SOURCES = {"ceu": "state_elearning", "semi_credits": "state_semi"}


@dataclass(frozen=True)
class ParsedRow:
    line: int
    identifier: str
    holder_id: int | None
    holder_name: str
    title: str
    provider: str
    kind: str
    amount: float
    completed_on: date | None
    errors: tuple[str, ...]
    load_key: str

    @property
    def source(self) -> str:
        return SOURCES.get(self.kind, "state_other")


@dataclass(frozen=True)
class ParsedFile:
    rows: list[ParsedRow]
    file_error: str = ""

    @property
    def good(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def bad(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.errors]


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


def _header_key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _squash(value: str) -> str:
    return " ".join(value.split())


def _parse_day(value: str) -> date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def load_key(holder_id: int, kind: str, title: str, provider: str, amount: float, day: date) -> str:
    """The row's identity: the same activity hashes the same whatever its spelling or case."""
    normalised = "|".join(
        [
            str(holder_id),
            kind,
            _squash(title).casefold(),
            _squash(provider).casefold(),
            f"{amount:.2f}",
            day.isoformat(),
        ]
    )
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def decode(data: bytes) -> str | None:
    """The file's text (UTF-8, with or without a byte-order mark, else Latin-1)."""
    if not data or len(data) > MAX_BYTES:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Without its byte-order mark, which Latin-1 would read into the first header.
        return data.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _resolve(
    session: Session, educator_ids: Iterable[str], license_numbers: Iterable[str]
) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
    """Holders by educator ID and by license number: (profile id, name), in batches."""
    by_educator: dict[str, tuple[int, str]] = {}
    by_license: dict[str, tuple[int, str]] = {}
    ids, numbers = sorted(set(educator_ids)), sorted(set(license_numbers))
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        for p in session.exec(
            select(EducatorProfile).where(col(EducatorProfile.educator_number).in_(batch))
        ).all():
            by_educator[p.educator_number.upper()] = (p.id or 0, f"{p.first_name} {p.last_name}")
    for start in range(0, len(numbers), 500):
        batch = numbers[start : start + 500]
        for number, p in session.exec(
            select(License.license_number, EducatorProfile)
            .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
            .where(col(License.license_number).in_(batch))
        ).all():
            by_license[number] = (p.id or 0, f"{p.first_name} {p.last_name}")
    return by_educator, by_license


def parse(session: Session, text: str, today: date) -> ParsedFile:
    """Read and check every row; holders are looked up in the database."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return ParsedFile([], "The file is larger than 5 MB: split it into smaller files.")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return ParsedFile([], "The file is empty.")
    columns = {i: _HEADERS.get(_header_key(h)) for i, h in enumerate(header)}
    present = {c for c in columns.values() if c}
    missing = [c for c in REQUIRED if c not in present]
    if "educator_id" not in present and "license_number" not in present:
        missing.insert(0, "educator ID or license number")
    if missing:
        return ParsedFile(
            [],
            "The header row lacks these columns: "
            + ", ".join(m.replace("_", " ") for m in missing)
            + ".",
        )
    raw_rows: list[tuple[int, dict[str, str]]] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue  # blank line
            if len(raw_rows) >= MAX_ROWS:
                return ParsedFile([], f"The file has more than {MAX_ROWS:,} rows: split it.")
            values = {
                # Control characters dropped (PostgreSQL refuses a NUL, even in a query),
                # and a cell of only spaces or invisible characters is empty.
                columns[i]: clean_name(cell)
                for i, cell in enumerate(record)
                if i in columns and columns[i]
            }
            raw_rows.append((reader.line_num, values))
    except csv.Error as exc:
        return ParsedFile([], f"The file is not a valid CSV file (line {reader.line_num}): {exc}.")
    by_educator, by_license = _resolve(
        session,
        (v.get("educator_id", "").upper() for _, v in raw_rows if v.get("educator_id")),
        (
            normalise_license_number(v.get("license_number", ""))
            for _, v in raw_rows
            if v.get("license_number")
        ),
    )
    rules = load_rules(session)
    minimum_ceu = rules.setting("min_activity_ceu")
    return ParsedFile(
        [
            _check_row(line, values, by_educator, by_license, minimum_ceu, today)
            for line, values in raw_rows
        ]
    )


def _check_row(
    line: int,
    values: dict[str, str],
    by_educator: dict[str, tuple[int, str]],
    by_license: dict[str, tuple[int, str]],
    minimum_ceu: float,
    today: date,
) -> ParsedRow:
    errors: list[str] = []
    educator_id = values.get("educator_id", "").upper()
    number = normalise_license_number(values.get("license_number", ""))
    holder: tuple[int, str] | None = None
    if educator_id:
        holder = by_educator.get(educator_id)
        if holder is None:
            errors.append(f"no educator has the ID {educator_id}")
    if number:
        by_number = by_license.get(number)
        if by_number is None:
            errors.append(f"no license has the number {number}")
        elif not educator_id:
            holder = by_number
        elif holder is not None and by_number[0] != holder[0]:
            errors.append(f"license {number} does not belong to educator {educator_id}")
    if not educator_id and not number:
        errors.append("give the educator ID or the license number")
    title, provider = _squash(values.get("title", "")), _squash(values.get("provider", ""))
    if not title:
        errors.append("the title is empty")
    elif len(title) > 200:
        errors.append("the title is longer than 200 characters")
    if not provider:
        errors.append("the provider is empty")
    elif len(provider) > 200:
        errors.append("the provider is longer than 200 characters")
    kind = _KINDS.get(_header_key(values.get("kind", "")), "")
    if not kind:
        errors.append("the kind must be CEU or SEMI credits")
    amount = 0.0
    try:
        amount = round(float(values.get("amount", "").replace(",", ".")), 2)
        if not 0 < amount <= MAX_AMOUNT:
            errors.append(f"the amount must be more than 0 and at most {MAX_AMOUNT:g}")
        elif kind == "ceu" and amount + 1e-9 < minimum_ceu:
            errors.append(f"an activity under {format_amount(minimum_ceu)} CEU is not accepted")
    except ValueError:
        errors.append("the amount is not a number")
    day = _parse_day(values.get("date", ""))
    if day is None:
        errors.append("the date must look like 2026-09-15")
    elif day > today:
        errors.append("the date is in the future")
    elif day.year < 1950:  # as for activities educators enter (pd.validate_activity)
        errors.append("the date is before 1950")
    key = ""
    if not errors and holder is not None and day is not None:
        key = load_key(holder[0], kind, title, provider, amount, day)
    return ParsedRow(
        line=line,
        identifier=educator_id or number,
        holder_id=holder[0] if holder else None,
        holder_name=holder[1] if holder else "",
        title=title,
        provider=provider,
        kind=kind,
        amount=amount,
        completed_on=day,
        errors=tuple(errors),
        load_key=key,
    )


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
