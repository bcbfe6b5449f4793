"""The public license look-up service: search semantics, paging, privacy, limits, query plans."""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session

from licensure_app.db import make_engine
from licensure_app.domain.names import name_key
from licensure_app.models import EducatorProfile, Endorsement, License
from licensure_app.services import audit, lookup
from licensure_app.services.lookup import Cursor, NamePattern, SlidingWindowLimiter

TODAY = date(2026, 11, 24)
_numbers = itertools.count(500_000)


def _person(
    session: Session,
    first: str,
    last: str,
    *,
    middle: str = "",
    licenses: int = 1,
    status: str = "active",
    expires_on: date | None = None,
    date_of_birth: date = date(1988, 4, 12),
    phone: str = "662-555-0187",
) -> tuple[EducatorProfile, list[License]]:
    """A holder (with private details the look-up must never show) and their licenses."""
    profile = EducatorProfile(
        educator_number=f"E{uuid.uuid4().hex[:9]}",
        first_name=first,
        middle_name=middle,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
        date_of_birth=date_of_birth,
        phone=phone,
        street="27 Pine Ridge Road",
        city="Tupelo",
        state="MS",
        zip_code="38801",
    )
    session.add(profile)
    session.flush()
    expires = expires_on or TODAY + timedelta(days=400)
    made = []
    for _ in range(licenses):
        lic = License(
            license_number=str(next(_numbers)),
            holder_id=profile.id,
            license_type="Standard",
            license_class="AA",
            first_issued=expires - timedelta(days=3000),
            valid_from=expires - timedelta(days=1826),
            expires_on=expires,
            status=status,
        )
        session.add(lic)
        session.flush()
        session.add(
            Endorsement(
                license_id=lic.id, code="0120", subject="Elementary Education", grade_span="K-6"
            )
        )
        made.append(lic)
    session.flush()
    return profile, made


def _search(session: Session, query: str, **kwargs: object) -> lookup.LookupPage:
    assert lookup.query_problem(query) is None, query
    return lookup.search_licenses(session, query, today=TODAY, **kwargs)  # type: ignore[arg-type]


def _names(page: lookup.LookupPage) -> list[str]:
    return [r.name for r in page.rows]


@pytest.fixture
def people(session: Session) -> dict[str, License]:
    """A few holders with tricky names; returns each one's first license by a short label."""
    made = {
        "avery": _person(session, "Avery", "Thompson", middle="Lynn"),
        "ben": _person(session, "Ben", "Thompson"),
        "thomas": _person(session, "Thomas", "Avery"),
        "jordan": _person(session, "Jordan", "Rivera"),
        "munoz": _person(session, "José", "Muñoz"),
        "nunez": _person(session, "Inés", "Núñez"),
        "vdb": _person(session, "Anne-Marie", "Van der Berg"),
        "billy": _person(session, "Billy Ray", "Smith"),
        "obrien": _person(session, "Zoë", "O\u2019Brien"),
    }
    # Registered without a license (or before claiming one): never a look-up result.
    session.add(
        EducatorProfile(
            educator_number="E-NOLICENSE",
            first_name="Avery",
            last_name="Thompsen",
            first_name_key="avery",
            last_name_key="thompsen",
        )
    )
    session.commit()
    return {label: licenses[0] for label, (_, licenses) in made.items()}


# ---------------------------------------------------------------------------- semantics


def test_license_number_is_matched_exactly(session: Session, people: dict[str, License]) -> None:
    number = people["jordan"].license_number
    page = _search(session, number)
    assert page.kind == "number"
    assert _names(page) == ["Rivera, Jordan"]
    assert page.rows[0].license_number == number
    assert page.rows[0].endorsements == ("Elementary Education (K-6)",)
    assert page.total == 1 and page.next_cursor is None
    # No prefix matching on numbers, and spaces typed inside a number are ignored.
    assert _search(session, number[:-1]).rows == ()
    assert _names(_search(session, f" {number[:3]} {number[3:]} ")) == ["Rivera, Jordan"]


def test_last_name_prefix_any_case(session: Session, people: dict[str, License]) -> None:
    expected = ["Thompson, Avery Lynn", "Thompson, Ben"]
    assert _names(_search(session, "thomp")) == expected
    assert _names(_search(session, "THOMPSON")) == expected
    assert _names(_search(session, "Th")) == expected
    # "Avery" as a last name only: Thomas Avery, not Avery Thompson.
    assert _names(_search(session, "avery")) == ["Avery, Thomas"]


def test_last_comma_first_with_prefixes(session: Session, people: dict[str, License]) -> None:
    assert _names(_search(session, "Thompson, Av")) == ["Thompson, Avery Lynn"]
    assert _names(_search(session, "thom,b")) == ["Thompson, Ben"]
    assert _names(_search(session, "Thompson,")) == ["Thompson, Avery Lynn", "Thompson, Ben"]
    assert _search(session, "Thompson, Z").rows == ()


def test_first_then_last_with_prefixes(session: Session, people: dict[str, License]) -> None:
    assert _names(_search(session, "Avery Thompson")) == ["Thompson, Avery Lynn"]
    assert _names(_search(session, "av thom")) == ["Thompson, Avery Lynn"]
    # Two-word first names and last names are both found.
    assert _names(_search(session, "Billy Ray Smith")) == ["Smith, Billy Ray"]
    assert _names(_search(session, "van der berg")) == ["Van der Berg, Anne-Marie"]
    assert _names(_search(session, "Anne-Marie Van der")) == ["Van der Berg, Anne-Marie"]


def test_accents_and_apostrophes_do_not_matter(
    session: Session, people: dict[str, License]
) -> None:
    assert _names(_search(session, "munoz")) == ["Muñoz, José"]
    assert _names(_search(session, "MUÑOZ, JOSE")) == ["Muñoz, José"]
    assert _names(_search(session, "ines nunez")) == ["Núñez, Inés"]
    assert _names(_search(session, "o'brien")) == ["O\u2019Brien, Zoë"]
    assert _names(_search(session, "zoe o\u2019b")) == ["O\u2019Brien, Zoë"]


def test_parse_query_readings() -> None:
    assert lookup.parse_query("Billy Ray Smith").patterns == (
        NamePattern("billy ray smith"),
        NamePattern("ray smith", "billy"),
        NamePattern("smith", "billy ray"),
    )
    assert lookup.parse_query("Smith, Jo").patterns == (NamePattern("smith", "jo"),)
    assert lookup.parse_query("100-200").number == "100200"


def test_status_shown_is_the_public_one(session: Session) -> None:
    _person(session, "Casey", "Lapsed", expires_on=TODAY - timedelta(days=1))
    _person(session, "Riley", "Barred", status="suspended")
    session.commit()
    assert [r.status for r in _search(session, "lapsed").rows] == ["Expired"]
    assert [r.status for r in _search(session, "barred").rows] == ["Suspended"]


# ---------------------------------------------------------------------------- pages


@pytest.fixture
def many_smiths(session: Session) -> set[str]:
    """37 holders named Smith-something (ties on full names, one with three licenses)."""
    numbers: set[str] = set()
    firsts = ["Ann", "Bob", "Cy", "Dee", "Ann", "Ann", "Eve", "Bob", "Zed", "Ángel"]
    for i in range(35):
        last = "Smith" if i % 3 else "Smithers"
        _, made = _person(session, firsts[i % len(firsts)], last)
        numbers |= {m.license_number for m in made}
    _, made = _person(session, "Ann", "Smith", licenses=3)
    numbers |= {m.license_number for m in made}
    _, made = _person(session, "Ann", "Smyth")
    numbers |= {m.license_number for m in made}
    _person(session, "Ann", "Smoot")  # not "smi..." nor "smy..."
    session.commit()
    return numbers


def _all_pages(session: Session, query: str, size: int, descending: bool) -> list[str]:
    seen: list[str] = []
    cursor: Cursor | None = None
    for _ in range(100):
        page = _search(session, query, limit=size, after=cursor, descending=descending)
        assert page.total is None if cursor else page.total is not None
        seen += [r.license_number for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("size", [1, 4, 7, 25])
def test_pages_have_no_duplicates_or_gaps(
    session: Session, many_smiths: set[str], size: int
) -> None:
    smi = {n for n in many_smiths if n not in _numbers_of(session, "smyth")}
    for descending in (False, True):
        numbers = _all_pages(session, "smi", size, descending)
        assert len(numbers) == len(set(numbers)), "a license shown twice"
        assert set(numbers) == smi, "a license missing"


def _numbers_of(session: Session, query: str) -> set[str]:
    return {r.license_number for r in _search(session, query).rows}


def test_sorted_by_name_both_ways(session: Session, many_smiths: set[str]) -> None:
    def keys(descending: bool) -> list[tuple[str, str]]:
        rows = [
            r for n in _all_pages(session, "sm", 5, descending) for r in _search(session, n).rows
        ]
        return [tuple(name_key(part) for part in r.name.split(", ", 1)) for r in rows]  # type: ignore[misc]

    ascending = keys(False)
    assert ascending == sorted(ascending)
    assert ascending[0][0] == "smith" and ascending[-1][0] == "smyth"
    assert keys(True) == list(reversed(ascending))


def test_several_readings_merge_into_one_order(session: Session) -> None:
    _person(session, "Ann", "Van Dyke")  # last name "Van Dyke"
    _person(session, "Van", "Dyer")  # first "Van", last "Dyer"
    _person(session, "Van", "Dyke")
    session.commit()
    page = _search(session, "van dy", limit=2)
    assert _names(page) == ["Dyer, Van", "Dyke, Van"]
    assert page.total == 3 and not page.total_capped
    rest = _search(session, "van dy", limit=2, after=page.next_cursor)
    assert _names(rest) == ["Van Dyke, Ann"] and rest.next_cursor is None


def test_result_count_is_capped(
    session: Session, many_smiths: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _search(session, "smi", limit=5)
    assert page.total == len(many_smiths) - 1 and not page.total_capped  # Smyth excluded
    assert lookup.total_text(page) == f"{page.total} licenses"
    monkeypatch.setattr(lookup, "COUNT_CAP", 10)
    capped = _search(session, "smi", limit=5)
    assert (capped.total, capped.total_capped) == (10, True)
    assert lookup.total_text(capped) == "more than 10 licenses"
    # A search whose matches all fit on the page is counted from the page itself.
    assert _search(session, "smyth").total == 1


# ---------------------------------------------------------------------------- limits


@pytest.mark.parametrize("query", ["", " ", "a", "é", ",", " , ", "a,", ", Avery", "x" * 101, "1"])
def test_short_or_odd_queries_are_refused_politely(query: str) -> None:
    problem = lookup.query_problem(query)
    assert problem
    assert problem.startswith("Type")


@pytest.mark.parametrize("query", ["ab", "Li", "12", "Smith, A", "a b", "O'B"])
def test_two_characters_are_enough(query: str) -> None:
    assert lookup.query_problem(query) is None


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_sliding_window() -> None:
    clock = _Clock()
    limiter = SlidingWindowLimiter(3, 60.0, clock=clock)
    assert [limiter.allow("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8"), "addresses are limited separately"
    assert limiter.retry_after("1.2.3.4") == pytest.approx(60.0)
    clock.now += 30
    assert not limiter.allow("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") == pytest.approx(30.0)
    clock.now += 30.001
    # The window slides: the three old searches have left it.
    assert limiter.allow("1.2.3.4")
    assert limiter.retry_after("1.2.3.4") == 0.0
    assert "wait 30 seconds" in lookup.rate_limit_message(29.2)
    assert "wait 1 second " in lookup.rate_limit_message(0.2)


def test_rate_limiter_is_thread_safe_and_bounded() -> None:
    limiter = SlidingWindowLimiter(50, 60.0, max_keys=10)
    allowed: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        results = [limiter.allow("same") for _ in range(100)]
        with lock:
            allowed.extend(results)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 50

    clock = _Clock()
    small = SlidingWindowLimiter(1, 60.0, clock=clock, max_keys=10)
    for i in range(10):
        small.allow(f"10.0.0.{i}")
    clock.now += 61
    small.allow("10.0.1.1")  # the table is full: stale addresses are dropped
    assert len(small._hits) == 1


def test_the_app_has_one_limiter_of_30_a_minute_by_default() -> None:
    assert isinstance(lookup.SEARCH_LIMITER, SlidingWindowLimiter)
    if "LICENSURE_LOOKUP_PER_MINUTE" not in os.environ:
        assert lookup.SEARCH_LIMITER.limit == 30
        assert lookup.SEARCH_LIMITER.window == 60.0


# ---------------------------------------------------------------------------- privacy

PUBLIC_ROW_FIELDS = {
    "name",
    "license_number",
    "license_type",
    "license_class",
    "endorsements",
    "status",
    "expires_on",
}
PRIVATE_WORDS = ("birth", "dob", "phone", "email", "street", "city", "zip", "address", "educator")


def test_result_dataclasses_hold_only_public_fields(
    session: Session, people: dict[str, License]
) -> None:
    assert {f.name for f in dataclasses.fields(lookup.LookupRow)} == PUBLIC_ROW_FIELDS
    record_fields = {f.name for f in dataclasses.fields(lookup.LicenseRecord)}
    for fields in (PUBLIC_ROW_FIELDS, record_fields):
        for name in fields:
            assert not any(word in name for word in PRIVATE_WORDS), name
            assert name != "id" and not name.endswith("_id"), name
    for cls in (lookup.LookupRow, lookup.LicenseRecord, lookup.LookupPage):
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]

    holder, (lic,) = _person(session, "Private", "Person", phone="601-555-0199")
    session.commit()
    page = _search(session, "private person")
    record = lookup.lookup_license(session, lic.license_number, TODAY)
    assert page.rows and record is not None
    rendered = repr(page) + repr(record) + repr(lookup.public_fields(page.rows))
    for private in (
        "1988",
        "04-12",
        "601-555-0199",
        "Pine Ridge",
        "Tupelo",
        "38801",
        holder.educator_number,
        f"={holder.id}",
        f"={lic.id},",
    ):
        assert private not in rendered, private


# ---------------------------------------------------------------------------- one license


def test_public_record_with_history(session: Session, people: dict[str, License]) -> None:
    lic = people["avery"]
    old_expiry = lic.expires_on
    new_expiry = old_expiry + timedelta(days=1826)
    actor = audit.Actor(account_id=None, role="district_approver", client_address="10.9.8.7")
    audit.record(
        session,
        actor,
        "license.claimed",
        "license",
        lic.id,
        before={"account_id": None},
        after={"account_id": 77, "holder_id": lic.holder_id},
    )
    audit.record(
        session,
        actor,
        "license.renewed",
        "license",
        lic.id,
        before={"expires_on": old_expiry.isoformat(), "status": "active"},
        after={"expires_on": new_expiry.isoformat(), "status": "active"},
    )
    audit.record(
        session, actor, "license.status_changed", "license", lic.id,
        before={"status": "active"}, after={"status": "suspended", "reason": "private note"},
    )  # fmt: skip
    session.commit()

    record = lookup.lookup_license(session, f" {lic.license_number} ", TODAY)
    assert record is not None
    assert record.holder_name == "Thompson, Avery Lynn"
    assert record.status == "Active"
    assert record.endorsements == (lookup.EndorsementView("0120", "Elementary Education", "K-6"),)
    assert [h.event for h in record.history] == ["Renewed", "Record updated"]
    assert lookup.format_date(new_expiry) in record.history[0].details
    assert record.history[1].details == "status: Active to Suspended"
    everything = repr(record)
    for private in ("10.9.8.7", "77", "private note", "district_approver", "claimed"):
        assert private not in everything


def test_public_record_notices_and_unknown_numbers(session: Session) -> None:
    _, (expired,) = _person(session, "Casey", "Lapsed", expires_on=TODAY - timedelta(days=3))
    _, (revoked,) = _person(session, "Riley", "Barred", status="revoked")
    session.commit()
    lapsed = lookup.lookup_license(session, expired.license_number, TODAY)
    assert lapsed is not None and lapsed.status == "Expired"
    assert lapsed.notices == (f"This license expired on {lookup.format_date(expired.expires_on)}.",)
    barred = lookup.lookup_license(session, revoked.license_number, TODAY)
    assert barred is not None and "revoked" in barred.notices[0]
    assert barred.history == ()
    for unknown in ("999999", "", "x" * 40, "1 OR 1=1"):
        assert lookup.lookup_license(session, unknown, TODAY) is None


# ---------------------------------------------------------------------------- query plans

QUERY_SHAPES = [
    "100200",  # a license number
    "smith",  # a last-name prefix
    "s",  # a one-letter prefix (refused by the page, still indexed)
    "Smith, Jo",  # Last, First
    "Jo Smith",  # First Last
    "billy ray smith",  # three readings
    "o'brien",
]


def _sqlite_plan(session: Session, statement: object) -> list[str]:
    compiled = statement.compile(  # type: ignore[attr-defined]
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").fetchall()
    return [row[-1] for row in rows]


TABLES = ("educator_profile", "license", "endorsement")


@pytest.mark.parametrize("query", QUERY_SHAPES)
def test_every_search_statement_uses_an_index_on_sqlite(
    session: Session, people: dict[str, License], query: str
) -> None:
    for statement in lookup.search_statements(query):
        plan = _sqlite_plan(session, statement)
        touched = [step for step in plan if any(f" {t} " in f"{step} " for t in TABLES)]
        assert touched, plan
        for step in touched:
            # SEARCH = an index (or primary key) range/lookup; SCAN would read a whole table
            # or a whole index.
            assert step.startswith("SEARCH "), f"{query!r}: {plan}"
            assert "INDEX" in step or "PRIMARY KEY" in step, f"{query!r}: {plan}"
    # Name pages are read in index order: no sort step for the page itself.
    if lookup.parse_query(query).kind == "name":
        first_page = lookup.search_statements(query)[0]
        assert not any("TEMP B-TREE" in s for s in _sqlite_plan(session, first_page))


@pytest.mark.postgres
def test_every_search_statement_can_use_an_index_on_postgres(pg_migrated_url: str) -> None:
    engine = make_engine(pg_migrated_url)
    try:
        with Session(engine) as session:
            _person(session, "José", "Muñoz")
            _person(session, "Ann", "Smith")
            session.commit()
            assert _names(_search(session, "munoz")) == ["Muñoz, José"]
            # A tiny table is cheaper to read whole; forbid that to see which plans exist.
            session.execute(text("SET enable_seqscan = off"))
            for query in QUERY_SHAPES:
                for statement in lookup.search_statements(query):
                    compiled = statement.compile(
                        dialect=engine.dialect, compile_kwargs={"literal_binds": True}
                    )
                    plan = "\n".join(
                        r[0] for r in session.execute(text(f"EXPLAIN {compiled}")).fetchall()
                    )
                    assert "Seq Scan" not in plan, f"{query!r}:\n{plan}"
            # The name page comes straight from the name index: no sort node.
            first_page = lookup.search_statements("smith")[0]
            compiled = first_page.compile(
                dialect=engine.dialect, compile_kwargs={"literal_binds": True}
            )
            plan = "\n".join(r[0] for r in session.execute(text(f"EXPLAIN {compiled}")))
            assert "ix_educator_profile_name_sort" in plan and "Sort" not in plan, plan
    finally:
        engine.dispose()


def test_a_prefix_ending_in_the_last_code_point_pages_both_ways(session: Session) -> None:
    """Such a prefix has no upper bound of its own: substr() must keep the range to it, on
    every page and in both orders (the page cursor's bound replaces the prefix's)."""
    top = "\U0010ffff"
    inside = [f"Ab{top}{suffix}" for suffix in ("a", "b", "c", "d", "e")]
    for last in [*inside, "Ac", f"Ab{top}"[:-1] + "z", "Zz"]:
        _person(session, "Pat", last)
    session.commit()
    expected = [f"{last}, Pat" for last in inside]
    for descending in (False, True):
        shown: list[str] = []
        page = _search(session, f"Ab{top}", limit=2, descending=descending)
        shown += _names(page)
        while page.next_cursor is not None:
            page = _search(
                session, f"Ab{top}", limit=2, after=page.next_cursor, descending=descending
            )
            shown += _names(page)
        assert shown == (expected[::-1] if descending else expected)
