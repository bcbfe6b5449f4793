"""Searching licenses: semantics, paging, privacy, query plans."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session

from licensure_app.db import make_engine
from licensure_app.domain.names import name_key
from licensure_app.models import License
from licensure_app.services import lookup
from licensure_app.services.lookup import Cursor
from licensure_app.services.lookup import search as search_module

from .holders import TODAY, names, person, search

# ---------------------------------------------------------------------------- semantics


def test_license_number_is_matched_exactly(session: Session, people: dict[str, License]) -> None:
    number = people["jordan"].license_number
    page = search(session, number)
    assert page.kind == "number"
    assert names(page) == ["Rivera, Jordan"]
    assert page.rows[0].license_number == number
    assert page.rows[0].endorsements == ("Elementary Education (K-6)",)
    assert page.total == 1 and page.next_cursor is None
    # No prefix matching on numbers, and spaces typed inside a number are ignored.
    assert search(session, number[:-1]).rows == ()
    assert names(search(session, f" {number[:3]} {number[3:]} ")) == ["Rivera, Jordan"]


def test_last_name_prefix_any_case(session: Session, people: dict[str, License]) -> None:
    expected = ["Thompson, Avery Lynn", "Thompson, Ben"]
    assert names(search(session, "thomp")) == expected
    assert names(search(session, "THOMPSON")) == expected
    assert names(search(session, "Th")) == expected
    # "Avery" as a last name only: Thomas Avery, not Avery Thompson.
    assert names(search(session, "avery")) == ["Avery, Thomas"]


def test_last_comma_first_with_prefixes(session: Session, people: dict[str, License]) -> None:
    assert names(search(session, "Thompson, Av")) == ["Thompson, Avery Lynn"]
    assert names(search(session, "thom,b")) == ["Thompson, Ben"]
    assert names(search(session, "Thompson,")) == ["Thompson, Avery Lynn", "Thompson, Ben"]
    assert search(session, "Thompson, Z").rows == ()


def test_first_then_last_with_prefixes(session: Session, people: dict[str, License]) -> None:
    assert names(search(session, "Avery Thompson")) == ["Thompson, Avery Lynn"]
    assert names(search(session, "av thom")) == ["Thompson, Avery Lynn"]
    # Two-word first names and last names are both found.
    assert names(search(session, "Billy Ray Smith")) == ["Smith, Billy Ray"]
    assert names(search(session, "van der berg")) == ["Van der Berg, Anne-Marie"]
    assert names(search(session, "Anne-Marie Van der")) == ["Van der Berg, Anne-Marie"]


def test_accents_and_apostrophes_do_not_matter(
    session: Session, people: dict[str, License]
) -> None:
    assert names(search(session, "munoz")) == ["Muñoz, José"]
    assert names(search(session, "MUÑOZ, JOSE")) == ["Muñoz, José"]
    assert names(search(session, "ines nunez")) == ["Núñez, Inés"]
    assert names(search(session, "o'brien")) == ["O\u2019Brien, Zoë"]
    assert names(search(session, "zoe o\u2019b")) == ["O\u2019Brien, Zoë"]


def test_status_shown_is_the_public_one(session: Session) -> None:
    person(session, "Casey", "Lapsed", expires_on=TODAY - timedelta(days=1))
    person(session, "Riley", "Barred", status="suspended")
    session.commit()
    assert [r.status for r in search(session, "lapsed").rows] == ["Expired"]
    assert [r.status for r in search(session, "barred").rows] == ["Suspended"]


# ---------------------------------------------------------------------------- pages


@pytest.fixture
def many_smiths(session: Session) -> set[str]:
    """37 holders named Smith-something (ties on full names, one with three licenses)."""
    numbers: set[str] = set()
    firsts = ["Ann", "Bob", "Cy", "Dee", "Ann", "Ann", "Eve", "Bob", "Zed", "Ángel"]
    for i in range(35):
        last = "Smith" if i % 3 else "Smithers"
        _, made = person(session, firsts[i % len(firsts)], last)
        numbers |= {m.license_number for m in made}
    _, made = person(session, "Ann", "Smith", licenses=3)
    numbers |= {m.license_number for m in made}
    _, made = person(session, "Ann", "Smyth")
    numbers |= {m.license_number for m in made}
    person(session, "Ann", "Smoot")  # not "smi..." nor "smy..."
    session.commit()
    return numbers


def _all_pages(session: Session, query: str, size: int, descending: bool) -> list[str]:
    seen: list[str] = []
    cursor: Cursor | None = None
    for _ in range(100):
        page = search(session, query, limit=size, after=cursor, descending=descending)
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
    return {r.license_number for r in search(session, query).rows}


def test_sorted_by_name_both_ways(session: Session, many_smiths: set[str]) -> None:
    def keys(descending: bool) -> list[tuple[str, str]]:
        rows = [
            r for n in _all_pages(session, "sm", 5, descending) for r in search(session, n).rows
        ]
        return [tuple(name_key(part) for part in r.name.split(", ", 1)) for r in rows]  # type: ignore[misc]

    ascending = keys(False)
    assert ascending == sorted(ascending)
    assert ascending[0][0] == "smith" and ascending[-1][0] == "smyth"
    assert keys(True) == list(reversed(ascending))


def test_several_readings_merge_into_one_order(session: Session) -> None:
    person(session, "Ann", "Van Dyke")  # last name "Van Dyke"
    person(session, "Van", "Dyer")  # first "Van", last "Dyer"
    person(session, "Van", "Dyke")
    session.commit()
    page = search(session, "van dy", limit=2)
    assert names(page) == ["Dyer, Van", "Dyke, Van"]
    assert page.total == 3 and not page.total_capped
    rest = search(session, "van dy", limit=2, after=page.next_cursor)
    assert names(rest) == ["Van Dyke, Ann"] and rest.next_cursor is None


def test_result_count_is_capped(
    session: Session, many_smiths: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = search(session, "smi", limit=5)
    assert page.total == len(many_smiths) - 1 and not page.total_capped  # Smyth excluded
    assert lookup.total_text(page) == f"{page.total} licenses"
    monkeypatch.setattr(search_module, "COUNT_CAP", 10)
    capped = search(session, "smi", limit=5)
    assert (capped.total, capped.total_capped) == (10, True)
    assert lookup.total_text(capped) == "more than 10 licenses"
    # A search whose matches all fit on the page is counted from the page itself.
    assert search(session, "smyth").total == 1


# ---------------------------------------------------------------------------- privacy

PUBLIC_ROW_FIELDS = {
    "name",
    "license_number",
    "license_type",
    "license_class",
    "endorsements",
    "status",
    "expires_on",
    "expires_iso",
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

    holder, (lic,) = person(session, "Private", "Person", phone="601-555-0199")
    session.commit()
    page = search(session, "private person")
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
            person(session, "José", "Muñoz")
            person(session, "Ann", "Smith")
            session.commit()
            assert names(search(session, "munoz")) == ["Muñoz, José"]
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
        person(session, "Pat", last)
    session.commit()
    expected = [f"{last}, Pat" for last in inside]
    for descending in (False, True):
        shown: list[str] = []
        page = search(session, f"Ab{top}", limit=2, descending=descending)
        shown += names(page)
        while page.next_cursor is not None:
            page = search(
                session, f"Ab{top}", limit=2, after=page.next_cursor, descending=descending
            )
            shown += names(page)
        assert shown == (expected[::-1] if descending else expected)
