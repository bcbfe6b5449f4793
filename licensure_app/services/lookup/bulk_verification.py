"""Bulk verification: a CSV of license numbers (optionally with the holder's name) in, the
public facts of each license out, with names that do not match the record flagged.

For a district's HR office checking its hires, or another state's office. The same public
facts as the look-up; licenses are read by number, 500 at a time, on the unique index.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select

from licensure_app.domain.formatting import sorted_name
from licensure_app.domain.names import name_key
from licensure_app.infra import clock
from licensure_app.infra.csv_export import csv_text

from .search import public_status
from .tables import _E, _JOIN, _L, _P, Reader

MAX_ROWS = 10_000
MAX_BYTES = 2 * 1024 * 1024
_CHUNK = 500

HEADER = (
    "License number",
    "Name given",
    "Found",
    "Name on record",
    "Name matches",
    "Status",
    "Type",
    "Class",
    "Endorsements",
    "Expires on",
)


@dataclass(frozen=True)
class Request:
    line: int
    license_number: str
    name: str


@dataclass(frozen=True)
class Verified:
    request: Request
    found: bool
    holder_name: str = ""
    # "yes", "no", or "" when no name was given.
    name_matches: str = ""
    status: str = ""
    license_type: str = ""
    license_class: str = ""
    endorsements: str = ""
    expires_on: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            self.request.license_number,
            self.request.name,
            "yes" if self.found else "no",
            self.holder_name,
            self.name_matches,
            self.status,
            self.license_type,
            self.license_class,
            self.endorsements,
            self.expires_on,
        )


class BulkFileError(ValueError):
    """The file can't be read as a list of license numbers: the message says why."""


def parse(data: bytes) -> list[Request]:
    """The rows of an uploaded CSV: license number first, then optionally a name (one
    column, or last and first name in two). A header row is recognised and skipped."""
    if len(data) > MAX_BYTES:
        raise BulkFileError(f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BulkFileError("The file is not UTF-8 text. Save it as CSV (UTF-8).") from exc
    requests: list[Request] = []
    for line, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        number = cells[0].replace(" ", "").replace("-", "")
        if line == 1 and not number.isdigit():
            continue  # a header row
        name = ", ".join(c for c in cells[1:3] if c) if len(cells) > 2 else "".join(cells[1:2])
        requests.append(Request(line, cells[0][:32], name[:200]))
        if len(requests) > MAX_ROWS:
            raise BulkFileError(f"The file has more than {MAX_ROWS:,} rows: split it.")
    if not requests:
        raise BulkFileError("The file has no license numbers.")
    return requests


def _normalised_number(value: str) -> str | None:
    number = value.replace(" ", "").replace("-", "")
    return number if number.isascii() and number.isdigit() and len(number) <= 16 else None


def _words(name: str) -> list[str]:
    return name_key(name.replace(",", " ").replace(".", " ")).split()


def names_match(given: str, first: str, middle: str, last: str) -> bool:
    """Whether a name as given ("Rivera, Jordan", "Jordan Rivera", "J. Rivera") fits the
    record: the last name must be there, and any other word must start a recorded name."""
    words = _words(given)
    last_words = _words(last)
    if not words or not all(w in words for w in last_words):
        return False
    others = [w for w in words if w not in last_words]
    parts = [p for n in (first, middle, last) for p in _words(n)]
    return all(any(p.startswith(w) for p in parts) for w in others)


_BY_NUMBER = (
    select(
        _L.c.id,
        _L.c.license_number,
        _L.c.license_type,
        _L.c.license_class,
        _L.c.status,
        _L.c.expires_on,
        _P.c.first_name,
        _P.c.middle_name,
        _P.c.last_name,
    )
    .select_from(_JOIN)
    .where(_L.c.license_number.in_(bindparam("numbers", expanding=True)))
)
_ENDORSEMENTS = select(_E.c.license_id, _E.c.subject, _E.c.grade_span).where(
    _E.c.license_id.in_(bindparam("ids", expanding=True))
)


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def verify(
    reader: Reader, requests: Sequence[Request], today: date | None = None
) -> list[Verified]:
    """Each request's license, in the order given (a number asked twice is answered twice)."""
    today = today or clock.today()
    numbers = sorted({n for r in requests if (n := _normalised_number(r.license_number))})
    found: dict[str, object] = {}
    endorsements: dict[int, list[str]] = {}
    for chunk in _chunks(numbers):
        rows = reader.execute(_BY_NUMBER, {"numbers": chunk}).all()
        found.update({row.license_number: row for row in rows})
        if rows:
            for e in reader.execute(_ENDORSEMENTS, {"ids": [row.id for row in rows]}):
                endorsements.setdefault(e.license_id, []).append(f"{e.subject} ({e.grade_span})")
    results = []
    for request in requests:
        row = found.get(_normalised_number(request.license_number) or "")
        if row is None:
            results.append(Verified(request, False))
            continue
        match = ""
        if request.name:
            ok = names_match(request.name, row.first_name, row.middle_name, row.last_name)
            match = "yes" if ok else "no"
        results.append(
            Verified(
                request,
                True,
                holder_name=sorted_name(row.first_name, row.middle_name, row.last_name),
                name_matches=match,
                status=public_status(row.status, row.expires_on, today),
                license_type=row.license_type,
                license_class=row.license_class,
                endorsements="; ".join(sorted(endorsements.get(row.id, []))),
                expires_on=row.expires_on.isoformat(),
            )
        )
    return results


def results_csv(results: Sequence[Verified]) -> str:
    return csv_text(HEADER, (r.cells() for r in results))


@dataclass(frozen=True)
class Summary:
    rows: int
    found: int
    not_found: int
    name_mismatches: int
    not_active: int


def summarise(results: Sequence[Verified], active_label: str) -> Summary:
    return Summary(
        rows=len(results),
        found=sum(r.found for r in results),
        not_found=sum(not r.found for r in results),
        name_mismatches=sum(r.name_matches == "no" for r in results),
        not_active=sum(r.found and r.status != active_label for r in results),
    )
