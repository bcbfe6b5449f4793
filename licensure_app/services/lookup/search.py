"""Searching licenses by number or name: statements built once per shape, pages by keyset.

Name prefixes are index ranges on the normalised *_key columns (`query._range`); the name
index (last_name_key, first_name_key, id) order is the result order, so a page is the
first entries of a range, with no sort. Pages continue from a keyset cursor (never OFFSET),
and the number of matches is counted only up to COUNT_CAP, in the same scan as the first page.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Sequence
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

from licensure_app.domain.formatting import format_date, sorted_name
from licensure_app.domain.status import effective_license_status, license_label
from licensure_app.infra import clock
from licensure_app.infra.driver_reads import as_date, fetch_all

from .query import Cursor, NamePattern, _range, _range_conditions, _range_values, parse_query
from .tables import _E, _JOIN, _L, _P, Reader

PAGE_SIZE = 25
# Matches are counted up to this many; beyond it the page says "more than 100".
COUNT_CAP = 100


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
    # The same date as YYYY-MM-DD, for the verification API.
    expires_iso: str = ""


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


def public_status(status: str, expires_on: date, today: date) -> str:
    """The status the public sees: an active license past its expiry date is expired."""
    return license_label(effective_license_status(status, expires_on, today))


_SORT_COLUMNS = (_P.c.last_name_key, _P.c.first_name_key, _P.c.id)


@functools.lru_cache(maxsize=64)
def _name_page_shape(
    last: tuple[str | None, bool],
    first: tuple[str | None, bool] | None,
    after: bool,
    descending: bool,
) -> Select[Any]:
    """The statement of every name page of one shape, its values as bound parameters.

    Built once per shape: building a statement costs more than running it, and a reused
    statement keeps its SQLAlchemy cache key.
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
    """Licenses with their holder's name and every endorsement, in one query (`_rows`
    reads its columns by position)."""
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


# Built once: a number search is the commonest, and building the statement cost more
# than running it.
_NUMBER = licenses_statement(_L.c.license_number == bindparam("number"))


def number_statement(number: str) -> Select[Any]:
    return _NUMBER.params(number=number)


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
        found = fetch_all(session, _NUMBER, {"number": parsed.number})
        rows = tuple(r for _, r in _rows(found, today))
        return LookupPage(rows, None, len(rows), False, "number")

    wanted = limit + 1 if after is not None else max(limit, COUNT_CAP) + 1
    # Each holder is its sort key: (last name key, first name key, id).
    per_pattern = [
        fetch_all(session, *name_page_query(p, wanted, after, descending)) for p in parsed.patterns
    ]
    holders: list[tuple[str, str, int]] = []
    seen: set[int] = set()
    for holder in heapq.merge(*per_pattern, reverse=descending):
        if holder[2] not in seen:
            seen.add(holder[2])
            holders.append(holder)
            if len(holders) == wanted:
                break
    next_cursor = Cursor(*holders[limit - 1]) if len(holders) > limit else None
    order = {h[2]: i for i, h in enumerate(holders[:limit])}
    found = fetch_all(session, _HOLDERS_LICENSES, {"holder_ids": list(order)}) if order else []
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
            ids = [h[2] for h in holders]
            total = fetch_all(session, _LICENSES_COUNT, {"holder_ids": ids})[0][0]
    return LookupPage(tuple(r for _, r in rows), next_cursor, total, capped, "name")


def _rows(found: Iterable[Sequence[Any]], today: date) -> list[tuple[int, LookupRow]]:
    """LookupRows from licenses_statement rows (one row per endorsement), in their order."""
    licenses: dict[str, tuple[int, Sequence[Any], list[str]]] = {}
    for row in found:
        entry = licenses.setdefault(row[1], (row[0], row, []))
        if row[9] is not None:
            entry[2].append(f"{row[9]} ({row[10]})")
    built = []
    for holder_id, r, endorsements in licenses.values():
        _, number, license_type, license_class, status, expires, first, middle, last = r[:9]
        expires_on = as_date(expires)
        row = LookupRow(
            name=sorted_name(first, middle, last),
            license_number=number,
            license_type=license_type,
            license_class=license_class,
            endorsements=tuple(endorsements),
            status=public_status(status, expires_on, today),
            expires_on=format_date(expires_on),
            expires_iso=expires_on.isoformat(),
        )
        built.append((holder_id, row))
    return built


def total_text(page: LookupPage) -> str:
    """ "1 license", "37 licenses", "more than 100 licenses"."""
    if page.total is None:
        return ""
    if page.total_capped:
        return f"more than {page.total} licenses"
    return f"{page.total} license" + ("" if page.total == 1 else "s")


@dataclass(frozen=True)
class ResultRow:
    """One result row as the page shows it: endorsements joined into one string."""

    name: str
    license_number: str
    license_type: str
    license_class: str
    endorsements: str
    status: str
    expires_on: str


def public_fields(rows: Iterable[LookupRow]) -> list[ResultRow]:
    """Rows for the page state (endorsements joined into one string, "None" when none)."""
    return [
        ResultRow(
            name=r.name,
            license_number=r.license_number,
            license_type=r.license_type,
            license_class=r.license_class,
            endorsements="; ".join(r.endorsements) or "None",
            status=r.status,
            expires_on=r.expires_on,
        )
        for r in rows
    ]
