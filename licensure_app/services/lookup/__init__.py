"""The public license look-up: parse a query, find licenses by number or name, page by keyset.

Only public facts leave this module (`LookupRow`, `LicenseRecord`): the holder's name and
the license's number, type, class, endorsements, status, dates and public history. Never a
date of birth, contact details, an educator number or an internal database id.

Speed (SPEC 6: p95 <= 5 ms at 1,000,000 licenses): every query is a range scan of a btree.
Name prefixes become `key >= 'smi' AND key < 'smj'` on the normalised *_key columns, which
both SQLite (BINARY collation) and PostgreSQL (the columns are COLLATE "C" there) compare
byte-wise, so the range holds exactly the keys that start with the prefix, and the name
index (last_name_key, first_name_key, id) order is the result order: a page is the first
entries of a range, with no sort. Pages continue from a keyset cursor (never OFFSET), and
the number of matches is counted only up to COUNT_CAP, in the same scan as the first page.
"""

from __future__ import annotations

import functools
import heapq
import json
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    exists,
    func,
    select,
    tuple_,
)
from sqlalchemy.engine import Connection, Row
from sqlmodel import Session

from licensure_app.domain.names import clean_name, name_key
from licensure_app.infra import clock
from licensure_app.models import AuditEvent, EducatorProfile, Endorsement, License

MIN_QUERY_CHARACTERS = 2
MAX_QUERY_CHARACTERS = 100
PAGE_SIZE = 25
# Matches are counted up to this many; beyond it the page says "more than 100".
COUNT_CAP = 100
# "First Last" is tried at every split of the words; more words than this are not split.
MAX_NAME_WORDS = 5

_P = EducatorProfile.__table__  # type: ignore[attr-defined]
_L = License.__table__  # type: ignore[attr-defined]
_E = Endorsement.__table__  # type: ignore[attr-defined]
_A = AuditEvent.__table__  # type: ignore[attr-defined]

STATUS_LABELS = {
    "active": "Active",
    "expired": "Expired",
    "suspended": "Suspended",
    "revoked": "Revoked",
    "pending": "Pending",
}

SEARCH_HELP = (
    "a license number, exactly as printed (for example 1234567)",
    "a last name, or its first letters (Thomp finds Thompson)",
    "last name, comma, first name, each as much as you know (Thompson, Av)",
    "first name then last name (Avery Thompson, or Av Thom)",
)
CURRENCY_NOTE = (
    "The look-up reads the state's license records directly, so it is updated the moment a "
    "license is issued, renewed or changes status. It shows each license's holder, number, "
    "type, class, endorsements, status and validity; it never shows dates of birth, "
    "addresses or contact details."
)

# Every read here is Core SQL: the state passes a plain connection (db.read_connection).
Reader = Session | Connection


# ---------------------------------------------------------------------------- query parsing


@dataclass(frozen=True)
class NamePattern:
    """Name keys that must start with these prefixes (an empty first prefix matches any)."""

    last_prefix: str
    first_prefix: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    kind: Literal["number", "name"]
    number: str = ""
    patterns: tuple[NamePattern, ...] = ()


_NUMBER = re.compile(r"[0-9][0-9 \-]*")


def query_problem(query: str) -> str | None:
    """Why the query cannot be searched (too short or too long), or None if it can."""
    text = clean_name(query or "")
    # Counted in the key: accents typed on their own ("\u0301") are not letters to search by.
    letters = sum(1 for ch in name_key(text) if ch not in " ,")
    if letters < MIN_QUERY_CHARACTERS:
        return (
            f"Type at least {MIN_QUERY_CHARACTERS} letters of a name, or a license number, "
            "then search."
        )
    if len(text) > MAX_QUERY_CHARACTERS:
        return f"Type at most {MAX_QUERY_CHARACTERS} characters."
    if "," in text and not name_key(text.split(",", 1)[0]):
        return "Type the last name before the comma, like Thompson, Avery."
    return None


def parse_query(query: str) -> ParsedQuery:
    """How a query is searched. Call query_problem first: this assumes a valid query."""
    text = clean_name(query)
    if _NUMBER.fullmatch(text):
        return ParsedQuery(kind="number", number=re.sub(r"[ \-]", "", text))
    if "," in text:
        last, first = text.split(",", 1)
        return ParsedQuery(
            kind="name", patterns=(NamePattern(name_key(last), name_key(first).strip(" ,")),)
        )
    # A mark typed after a space leaves a space in the key ("ab \u0301" -> "ab "): no word
    # may be empty, since an empty prefix has no range.
    words = name_key(text).split()
    key = " ".join(words)
    # The whole text as a last name ("Van der Berg", "De la Cruz"), then "First Last" at
    # each split ("Billy Ray Smith" is first "billy ray", last "smith").
    patterns = [NamePattern(key)]
    if 1 < len(words) <= MAX_NAME_WORDS:
        patterns += [
            NamePattern(" ".join(words[i:]), " ".join(words[:i])) for i in range(1, len(words))
        ]
    return ParsedQuery(kind="name", patterns=tuple(patterns))


def _prefix_bounds(prefix: str) -> tuple[str, str | None]:
    """[low, high) holding exactly the strings that start with `prefix` in code-point order."""
    last = ord(prefix[-1])
    if last >= 0x10FFFF:  # nothing sorts after it: no upper bound (never typed in practice)
        return prefix, None
    return prefix, prefix[:-1] + chr(last + 1)


@dataclass(frozen=True)
class _Range:
    """`column` starts with a prefix, as one index range: >= low, and < high (the prefix's
    own bound) or <= ceiling (a page cursor, when narrower) or neither. A prefix with no
    upper bound of its own (it ends in the last code point) is also checked by substr()."""

    low: str
    upper: Literal["high", "ceiling"] | None
    bound: str | None  # the value of the upper bound
    prefix: str
    checks_prefix: bool

    @property
    def shape(self) -> tuple[str | None, bool]:
        return self.upper, self.checks_prefix


def _range(prefix: str, *, floor: str | None = None, ceiling: str | None = None) -> _Range:
    """floor / ceiling narrow the range to keys >= floor / <= ceiling (a page cursor): the
    narrowed bound replaces the prefix's own, because SQLite seeks on one bound per side."""
    low, high = _prefix_bounds(prefix)
    if floor is not None and floor > low:
        low = floor
    if ceiling is not None and (high is None or ceiling < high):
        return _Range(low, "ceiling", ceiling, prefix, checks_prefix=high is None)
    if high is not None:
        return _Range(low, "high", high, prefix, checks_prefix=False)
    return _Range(low, None, None, prefix, checks_prefix=True)


def _range_conditions(
    column: Any, name: str, shape: tuple[str | None, bool]
) -> list[ColumnElement[bool]]:
    """The conditions of a _Range of this shape on `column`, its values as bound parameters."""
    upper, checks_prefix = shape
    conditions = [column >= bindparam(f"{name}_low")]
    if upper == "ceiling":
        conditions.append(column <= bindparam(f"{name}_bound"))
    elif upper == "high":
        conditions.append(column < bindparam(f"{name}_bound"))
    if checks_prefix:
        conditions.append(
            func.substr(column, 1, bindparam(f"{name}_length", type_=Integer))
            == bindparam(f"{name}_prefix", type_=String)
        )
    return conditions


def _range_values(name: str, found: _Range) -> dict[str, Any]:
    values: dict[str, Any] = {f"{name}_low": found.low}
    if found.upper is not None:
        values[f"{name}_bound"] = found.bound
    if found.checks_prefix:
        values |= {f"{name}_length": len(found.prefix), f"{name}_prefix": found.prefix}
    return values


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort key of its last holder.

    holder_id is an internal id, the tie-breaker that lets the name index alone give the
    order: a cursor stays on the server (a backend-only state var), never in the page, the
    URL or the state sent to the browser.
    """

    last_key: str
    first_key: str
    holder_id: int


@dataclass(frozen=True)
class LookupRow:
    """One license in the results: what the public may see, already formatted."""

    name: str
    license_number: str
    license_type: str
    license_class: str
    endorsements: tuple[str, ...]
    status: str
    expires_on: str


@dataclass(frozen=True)
class LookupPage:
    # Up to `limit` holders a page, each with every license they hold (nearly always one).
    rows: tuple[LookupRow, ...]
    # The start of the next page, or None on the last page.
    next_cursor: Cursor | None
    # Licenses matching the whole search, counted up to COUNT_CAP (None when not counted:
    # pages after the first keep the first page's count).
    total: int | None
    total_capped: bool
    kind: Literal["number", "name"]


@functools.lru_cache(maxsize=8192)
def format_date(day: date) -> str:
    """ "30 June 2027": unambiguous for every reader."""
    return f"{day.day} {day.strftime('%B %Y')}"


def public_status(status: str, expires_on: date, today: date) -> str:
    """The status the public sees: an active license past its expiry date is expired."""
    if status == "active" and expires_on < today:
        return "Expired"
    return STATUS_LABELS.get(status, status.title())


def holder_name(first: str, middle: str, last: str) -> str:
    given = f"{first} {middle}".strip()
    return f"{last}, {given}" if given else last


_JOIN = _P.join(_L, _L.c.holder_id == _P.c.id)
_SORT_COLUMNS = (_P.c.last_name_key, _P.c.first_name_key, _P.c.id)


def _sort_key(row: Row[Any]) -> tuple[str, str, int]:
    return row.last_name_key, row.first_name_key, row.id


@functools.lru_cache(maxsize=64)
def _name_page_shape(
    last: tuple[str | None, bool],
    first: tuple[str | None, bool] | None,
    after: bool,
    descending: bool,
) -> Select[Any]:
    """The statement of every name page of one shape, its values as bound parameters.

    Built once per shape: building a statement cost more than running it (a search took
    0.28 ms before, 0.16 ms after, README › Performance), and a reused statement keeps its
    SQLAlchemy cache key.
    """
    conditions = _range_conditions(_P.c.last_name_key, "last", last)
    if first is not None:
        conditions += _range_conditions(_P.c.first_name_key, "first", first)
    conditions.append(exists().where(_L.c.holder_id == _P.c.id))
    if after:
        key = tuple_(*_SORT_COLUMNS)
        at = tuple_(
            bindparam("after_last", type_=String),
            bindparam("after_first", type_=String),
            bindparam("after_id", type_=Integer),
        )
        conditions.append(key < at if descending else key > at)
    return (
        select(*_SORT_COLUMNS)
        .where(and_(*conditions))
        .order_by(*[c.desc() for c in _SORT_COLUMNS] if descending else _SORT_COLUMNS)
        .limit(bindparam("limit", type_=Integer))
    )


def name_page_query(
    pattern: NamePattern, limit: int, after: Cursor | None = None, descending: bool = False
) -> tuple[Select[Any], dict[str, Any]]:
    """One interpretation of a name query: `limit` license holders in name order.

    Ordered by (last key, first key, id), exactly the name index's order, so the scan stops
    after `limit` entries with no sort; holders of no license (registered, not yet licensed)
    are skipped by one index probe each. Returns the statement and its parameter values.
    """
    floor = after.last_key if after is not None and not descending else None
    ceiling = after.last_key if after is not None and descending else None
    last = _range(pattern.last_prefix, floor=floor, ceiling=ceiling)
    values = {"limit": limit, **_range_values("last", last)}
    first = _range(pattern.first_prefix) if pattern.first_prefix else None
    if first is not None:
        values |= _range_values("first", first)
    if after is not None:
        values |= {
            "after_last": after.last_key,
            "after_first": after.first_key,
            "after_id": after.holder_id,
        }
    statement = _name_page_shape(
        last.shape, first.shape if first else None, after is not None, descending
    )
    return statement, values


def name_page_statement(
    pattern: NamePattern, limit: int, after: Cursor | None = None, descending: bool = False
) -> Select[Any]:
    """name_page_query's statement with its values bound (for plans and tests)."""
    statement, values = name_page_query(pattern, limit, after, descending)
    return statement.params(**values)


def licenses_statement(condition: ColumnElement[bool]) -> Select[Any]:
    """Licenses with their holder's name and every endorsement, in one query."""
    return (
        select(
            _L.c.holder_id,
            _L.c.license_number,
            _L.c.license_type,
            _L.c.license_class,
            _L.c.status,
            _L.c.expires_on,
            _P.c.first_name,
            _P.c.middle_name,
            _P.c.last_name,
            _E.c.subject,
            _E.c.grade_span,
        )
        .select_from(_JOIN.outerjoin(_E, _E.c.license_id == _L.c.id))
        .where(condition)
        .order_by(_L.c.holder_id, _L.c.license_number, _E.c.code)
    )


def number_statement(number: str) -> Select[Any]:
    return licenses_statement(_L.c.license_number == number)


# Built once with an expanding parameter: building `in_(list)` per search leaves reference
# cycles behind (about ten objects a search) for the garbage collector, whose pauses stall
# every tab (README › Performance).
_HOLDER_IDS = bindparam("holder_ids", expanding=True)
_HOLDERS_LICENSES = licenses_statement(_L.c.holder_id.in_(_HOLDER_IDS))
# How many licenses these (at most COUNT_CAP) holders have: index probes only.
_LICENSES_COUNT = select(func.count()).where(_L.c.holder_id.in_(_HOLDER_IDS))


def holders_licenses_statement(holder_ids: Sequence[int]) -> Select[Any]:
    return _HOLDERS_LICENSES.params(holder_ids=list(holder_ids))


def licenses_count_statement(holder_ids: Sequence[int]) -> Select[Any]:
    return _LICENSES_COUNT.params(holder_ids=list(holder_ids))


def search_statements(query: str, limit: int = PAGE_SIZE) -> list[Select[Any]]:
    """Every statement shape a search runs (the query-plan test checks each one)."""
    parsed = parse_query(query)
    if parsed.kind == "number":
        return [number_statement(parsed.number)]
    statements: list[Select[Any]] = []
    cursor = Cursor("a", "b", 1)
    for pattern in parsed.patterns:
        statements += [
            name_page_statement(pattern, COUNT_CAP + 1),
            name_page_statement(pattern, COUNT_CAP + 1, descending=True),
            name_page_statement(pattern, limit + 1, cursor, descending=False),
            name_page_statement(pattern, limit + 1, cursor, descending=True),
        ]
    return [*statements, holders_licenses_statement([1, 2]), licenses_count_statement([1, 2])]


def search_licenses(
    session: Reader,
    query: str,
    limit: int = PAGE_SIZE,
    after: Cursor | None = None,
    *,
    descending: bool = False,
    today: date | None = None,
) -> LookupPage:
    """One page of licenses matching `query`, sorted by name (call query_problem first).

    A name query may be read several ways ("Van der Berg" as one last name, or first "Van"
    last "der Berg"): each reading is its own index range scan, merged here in sort order.
    The first page reads up to COUNT_CAP + 1 holders' keys from the index, which both fills
    the page and counts the matches, capped, in the same scan.
    """
    today = today or clock.today()
    parsed = parse_query(query)
    if parsed.kind == "number":
        rows = tuple(r for _, r in _rows(session.execute(number_statement(parsed.number)), today))
        return LookupPage(rows, None, len(rows), False, "number")

    wanted = limit + 1 if after is not None else max(limit, COUNT_CAP) + 1
    per_pattern = [
        session.execute(*name_page_query(p, wanted, after, descending)).all()
        for p in parsed.patterns
    ]
    holders: list[Row[Any]] = []
    seen: set[int] = set()
    for holder in heapq.merge(*per_pattern, key=_sort_key, reverse=descending):
        if holder.id not in seen:
            seen.add(holder.id)
            holders.append(holder)
            if len(holders) == wanted:
                break
    next_cursor = Cursor(*_sort_key(holders[limit - 1])) if len(holders) > limit else None
    order = {h.id: i for i, h in enumerate(holders[:limit])}
    found = session.execute(_HOLDERS_LICENSES, {"holder_ids": list(order)}) if order else []
    # Holders in page order; a holder's licenses stay in license-number order (stable sort).
    rows = sorted(_rows(found, today), key=lambda pair: order[pair[0]])

    total: int | None = None
    capped = False
    if after is None:
        if next_cursor is None:
            total = len(rows)  # every match is on this page
        elif len(holders) > COUNT_CAP:
            total, capped = COUNT_CAP, True  # each holder has a license: more than the cap
        elif any(len(rows) == wanted for rows in per_pattern):
            # Only when words repeat ("Van Van") can readings share holders, leaving fewer
            # after merging than one reading alone had: at least this many, maybe more.
            total, capped = len(holders), True
        else:
            ids = [h.id for h in holders]
            total = session.scalar(_LICENSES_COUNT, {"holder_ids": ids}) or 0
    return LookupPage(tuple(r for _, r in rows), next_cursor, total, capped, "name")


def _rows(found: Iterable[Row[Any]], today: date) -> list[tuple[int, LookupRow]]:
    """LookupRows from licenses_statement rows (one row per endorsement), in their order."""
    licenses: dict[str, tuple[int, Row[Any], list[str]]] = {}
    for row in found:
        entry = licenses.setdefault(row.license_number, (row.holder_id, row, []))
        if row.subject is not None:
            entry[2].append(f"{row.subject} ({row.grade_span})")
    built = [
        (
            holder_id,
            LookupRow(
                name=holder_name(r.first_name, r.middle_name, r.last_name),
                license_number=r.license_number,
                license_type=r.license_type,
                license_class=r.license_class,
                endorsements=tuple(endorsements),
                status=public_status(r.status, r.expires_on, today),
                expires_on=format_date(r.expires_on),
            ),
        )
        for holder_id, r, endorsements in licenses.values()
    ]
    return built


def total_text(page: LookupPage) -> str:
    """ "1 license", "37 licenses", "more than 100 licenses"."""
    if page.total is None:
        return ""
    if page.total_capped:
        return f"more than {page.total} licenses"
    return f"{page.total} license" + ("" if page.total == 1 else "s")


# ---------------------------------------------------------------------------- one license


@dataclass(frozen=True)
class EndorsementView:
    code: str
    subject: str
    grade_span: str


@dataclass(frozen=True)
class HistoryEntry:
    on: str
    event: str
    details: str


@dataclass(frozen=True)
class LicenseRecord:
    """The public record of one license: the verification page and the printed QR code."""

    holder_name: str
    license_number: str
    license_type: str
    license_class: str
    status: str
    valid_from: str
    expires_on: str
    first_issued: str
    endorsements: tuple[EndorsementView, ...]
    history: tuple[HistoryEntry, ...]
    notices: tuple[str, ...]


# Fields of a license whose changes the public history shows; anything else an audit event
# holds (who acted, from where, accounts, profiles) stays private.
_PUBLIC_FIELDS = ("status", "license_type", "license_class", "valid_from", "expires_on")
_ACTION_LABELS = {
    "license.issued": "Issued",
    "license.created": "Issued",
    "license.renewed": "Renewed",
    "license.reactivated": "Reactivated",
    "license.upgraded": "Upgraded",
    "license.extended": "Extended",
    "license.converted": "Converted",
    "license.suspended": "Suspended",
    "license.revoked": "Revoked",
    "license.reinstated": "Reinstated",
}


def lookup_license(session: Reader, number: str, today: date | None = None) -> LicenseRecord | None:
    """The public record of the license with this number, or None if there is none."""
    today = today or clock.today()
    number = number.strip()
    # License numbers are ASCII digits; anything else (a NUL, which PostgreSQL refuses, or a
    # lone surrogate from a crafted URL) cannot match and must not reach the database.
    if not number or len(number) > 16 or not (number.isascii() and number.isdigit()):
        return None
    row = session.execute(
        select(
            _L.c.id,
            _L.c.license_number,
            _L.c.license_type,
            _L.c.license_class,
            _L.c.status,
            _L.c.first_issued,
            _L.c.valid_from,
            _L.c.expires_on,
            _P.c.first_name,
            _P.c.middle_name,
            _P.c.last_name,
        )
        .select_from(_JOIN)
        .where(_L.c.license_number == number)
    ).first()
    if row is None:
        return None
    endorsements = tuple(
        EndorsementView(e.code, e.subject, e.grade_span)
        for e in session.execute(
            select(_E.c.code, _E.c.subject, _E.c.grade_span)
            .where(_E.c.license_id == row.id)
            .order_by(_E.c.code)
        )
    )
    status = public_status(row.status, row.expires_on, today)
    return LicenseRecord(
        holder_name=holder_name(row.first_name, row.middle_name, row.last_name),
        license_number=row.license_number,
        license_type=row.license_type,
        license_class=row.license_class,
        status=status,
        valid_from=format_date(row.valid_from),
        expires_on=format_date(row.expires_on),
        first_issued=format_date(row.first_issued),
        endorsements=endorsements,
        history=_history(session, row.id),
        notices=_notices(status, row.valid_from, row.expires_on),
    )


def _history(session: Reader, license_id: int) -> tuple[HistoryEntry, ...]:
    """Renewals, status and class changes from the license's audit events, oldest first."""
    events = session.execute(
        select(_A.c.at, _A.c.action, _A.c.before_json, _A.c.after_json)
        .where(_A.c.entity_type == "license", _A.c.entity_id == str(license_id))
        .order_by(_A.c.at, _A.c.id)
    )
    entries = []
    for event in events:
        before, after = _json_object(event.before_json), _json_object(event.after_json)
        changed = [f for f in _PUBLIC_FIELDS if f in after and after[f] != before.get(f)]
        label = _ACTION_LABELS.get(event.action)
        if label is None and not changed:
            continue  # nothing public happened (a claim by the holder, an internal fix)
        entries.append(
            HistoryEntry(
                on=format_date(event.at.date()),
                event=label or "Record updated",
                details="; ".join(_describe(f, before.get(f), after[f]) for f in changed),
            )
        )
    return tuple(entries)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _describe(field: str, old: Any, new: Any) -> str:
    def shown(value: Any) -> str:
        if field == "status":
            return STATUS_LABELS.get(str(value), str(value))
        if field in ("valid_from", "expires_on"):
            try:
                return format_date(date.fromisoformat(str(value)[:10]))
            except ValueError:
                return str(value)
        return str(value)

    label = {
        "status": "status",
        "license_type": "type",
        "license_class": "class",
        "valid_from": "valid from",
        "expires_on": "expires on",
    }[field]
    if old is None:
        return f"{label}: {shown(new)}"
    return f"{label}: {shown(old)} to {shown(new)}"


def _notices(status: str, valid_from: date, expires_on: date) -> tuple[str, ...]:
    if status == "Suspended":
        return ("This license is suspended: the holder may not work under it until the state "
                "reinstates it.",)  # fmt: skip
    if status == "Revoked":
        return ("This license has been revoked and is no longer valid.",)
    if status == "Expired":
        return (f"This license expired on {format_date(expires_on)}.",)
    if status == "Pending":
        return (f"This license has been approved and takes effect on {format_date(valid_from)}.",)
    return ()


# ---------------------------------------------------------------------------- rate limit


class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds for each key (a client address).

    Thread-safe: handlers run on the event loop and in worker threads. Refused attempts are
    not recorded, so a client that waits is served again once its oldest search is a window
    old. Keys whose window has emptied are dropped when the table grows past `max_keys`.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record one event for `key` and return True, or return False if over the limit."""
        if self.limit <= 0:
            return True
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self._max_keys:
                    self._prune(now)
                hits = self._hits[key] = deque()
            self._expire(hits, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may search again (0 if it may now)."""
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return 0.0
            self._expire(hits, now)
            if len(hits) < self.limit:
                return 0.0
            return max(0.0, hits[0] + self.window - now)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()

    def _expire(self, hits: deque[float], now: float) -> None:
        cutoff = now - self.window
        while hits and hits[0] <= cutoff:
            hits.popleft()

    def _prune(self, now: float) -> None:
        for key in list(self._hits):
            self._expire(self._hits[key], now)
            if not self._hits[key]:
                del self._hits[key]


def _searches_per_minute() -> int:
    """LICENSURE_LOOKUP_PER_MINUTE (default 30; 0 turns the limit off, e.g. for benchmarks)."""
    try:
        return int(os.environ.get("LICENSURE_LOOKUP_PER_MINUTE", "30"))
    except ValueError:
        return 30


# The one limiter of the public look-up (searches, pages and license records), per client
# address. It lives in this process's memory: the app runs one backend process by default;
# with several (Redis state), each process limits separately, so a client spread over N
# processes gets up to N times the limit.
SEARCH_LIMITER = SlidingWindowLimiter(_searches_per_minute(), 60.0)


def rate_limit_message(retry_after: float) -> str:
    seconds = max(1, int(retry_after + 0.999))
    return (
        f"You have searched many times in the last minute. Please wait {seconds} "
        f"second{'s' if seconds != 1 else ''} and search again."
    )


def public_fields(rows: Iterable[LookupRow]) -> list[dict[str, str]]:
    """Rows as plain dicts for the page state (endorsements joined into one string)."""
    return [
        {
            "name": r.name,
            "license_number": r.license_number,
            "license_type": r.license_type,
            "license_class": r.license_class,
            "endorsements": "; ".join(r.endorsements) or "None",
            "status": r.status,
            "expires_on": r.expires_on,
        }
        for r in rows
    ]
