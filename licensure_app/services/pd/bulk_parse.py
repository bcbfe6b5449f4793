"""Reading the state office's bulk-load CSV: decoding, columns, holders, and every row's checks.

A CSV file with a header row; columns (any order, case and spacing ignored):
educator ID *or* license number, title, provider, kind, amount, date, and optionally the
provider's record ID.

Each good row gets a `load_key`: a hash of the normalised row (holder, kind, title, provider,
amount, date), which `bulk_load` uses to add each activity once. A row with a record ID is
known by it instead: a corrected row with the same record ID updates its activity.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from licensure_app.domain.activity_limits import limits
from licensure_app.domain.formatting import format_amount
from licensure_app.domain.names import clean_name
from licensure_app.domain.renewal import ACHIEVEMENT_KINDS, unit_label
from licensure_app.domain.rules import Rules
from licensure_app.models import EducatorProfile, License
from licensure_app.services.licensing import normalise_license_number
from licensure_app.services.rules import load_rules

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
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
    "recordid": "record_key",
    "recordkey": "record_key",
    "recordnumber": "record_key",
    "providerrecordid": "record_key",
    "providerrecordkey": "record_key",
}
RECORD_KEY_MAX = 64
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
    # The provider's record ID ("" when the file has none for this row).
    record_key: str = ""

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


def _read_header(header: list[str]) -> tuple[dict[int, str | None], str]:
    """Column index -> column name, and the file error when required columns are missing."""
    columns = {i: _HEADERS.get(_header_key(h)) for i, h in enumerate(header)}
    present = {c for c in columns.values() if c}
    missing = [c for c in REQUIRED if c not in present]
    if "educator_id" not in present and "license_number" not in present:
        missing.insert(0, "educator ID or license number")
    if not missing:
        return columns, ""
    return columns, (
        "The header row lacks these columns: "
        + ", ".join(m.replace("_", " ") for m in missing)
        + "."
    )


def _read_records(
    reader: Iterator[list[str]], columns: dict[int, str | None]
) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """(line, column -> cleaned cell) for every non-blank record, or the file error."""
    raw_rows: list[tuple[int, dict[str, str]]] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue  # blank line
            if len(raw_rows) >= MAX_ROWS:
                return [], f"The file has more than {MAX_ROWS:,} rows: split it."
            values = {
                # Control characters dropped (PostgreSQL refuses a NUL, even in a query),
                # and a cell of only spaces or invisible characters is empty.
                columns[i]: clean_name(cell)
                for i, cell in enumerate(record)
                if i in columns and columns[i]
            }
            raw_rows.append((reader.line_num, values))  # type: ignore[attr-defined]
    except csv.Error as exc:
        line = reader.line_num  # type: ignore[attr-defined]
        return [], f"The file is not a valid CSV file (line {line}): {exc}."
    return raw_rows, ""


def parse(session: Session, text: str, today: date) -> ParsedFile:
    """Read and check every row; holders are looked up in the database."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return ParsedFile([], "The file is larger than 5 MB: split it into smaller files.")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return ParsedFile([], "The file is empty.")
    columns, problem = _read_header(header)
    if problem:
        return ParsedFile([], problem)
    raw_rows, problem = _read_records(reader, columns)
    if problem:
        return ParsedFile([], problem)
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
    return ParsedFile(
        [
            _check_row(line, values, by_educator, by_license, rules, today)
            for line, values in raw_rows
        ]
    )


def _find_holder(
    educator_id: str,
    number: str,
    by_educator: dict[str, tuple[int, str]],
    by_license: dict[str, tuple[int, str]],
    errors: list[str],
) -> tuple[int, str] | None:
    """The holder named by educator ID and/or license number; problems go to `errors`."""
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
    return holder


def _check_text(value: str, what: str, errors: list[str]) -> str:
    """The squashed title or provider; an empty or too long one is an error."""
    text = _squash(value)
    if not text:
        errors.append(f"the {what} is empty")
    elif len(text) > 200:
        errors.append(f"the {what} is longer than 200 characters")
    return text


def _check_amount(value: str, kind: str, rules: Rules, errors: list[str]) -> float:
    amount = 0.0
    try:
        amount = round(float(value.replace(",", ".")), 2)
    except ValueError:
        errors.append("the amount is not a number")
        return amount
    bounds = limits(kind, rules)
    if not math.isfinite(amount) or amount <= 0:
        errors.append("the amount must be more than 0")
    elif kind == "ceu" and bounds and amount + 1e-9 < bounds[0]:
        errors.append(f"an activity under {format_amount(bounds[0])} CEU is not accepted")
    elif bounds and not bounds[0] - 1e-9 <= amount <= bounds[1] + 1e-9:
        least, most = (format_amount(b) for b in bounds)
        errors.append(f"one activity counts {least} to {most} {unit_label(kind, bounds[1])}")
    elif kind in ACHIEVEMENT_KINDS and amount != 1:
        errors.append("a certification or degree counts once: the amount must be 1")
    return amount


def _check_day(value: str, today: date, errors: list[str]) -> date | None:
    day = _parse_day(value)
    if day is None:
        errors.append("the date must look like 2026-09-15")
    elif day > today:
        errors.append("the date is in the future")
    elif day.year < 1950:  # as for activities educators enter (pd.validate_activity)
        errors.append("the date is before 1950")
    return day


def _check_row(
    line: int,
    values: dict[str, str],
    by_educator: dict[str, tuple[int, str]],
    by_license: dict[str, tuple[int, str]],
    rules: Rules,
    today: date,
) -> ParsedRow:
    errors: list[str] = []
    educator_id = values.get("educator_id", "").upper()
    number = normalise_license_number(values.get("license_number", ""))
    holder = _find_holder(educator_id, number, by_educator, by_license, errors)
    title = _check_text(values.get("title", ""), "title", errors)
    provider = _check_text(values.get("provider", ""), "provider", errors)
    kind = _KINDS.get(_header_key(values.get("kind", "")), "")
    if not kind:
        errors.append("the kind must be CEU or SEMI credits")
    amount = _check_amount(values.get("amount", ""), kind, rules, errors)
    day = _check_day(values.get("date", ""), today, errors)
    record_key = " ".join(values.get("record_key", "").split())
    if len(record_key) > RECORD_KEY_MAX:
        errors.append(f"the record ID is longer than {RECORD_KEY_MAX} characters")
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
        record_key=record_key,
    )
