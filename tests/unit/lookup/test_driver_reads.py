"""The look-up's statements on the driver's cursor give what SQLAlchemy gives (infra/driver_reads.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Select
from sqlmodel import Session

from licensure_app.db import make_engine
from licensure_app.infra.driver_reads import as_date, fetch_all
from licensure_app.models import License
from licensure_app.services.lookup import Cursor, parse_query
from licensure_app.services.lookup import search as search_module

from .holders import names, person, search


def _cases(holder_ids: list[int], number: str) -> list[tuple[Select, dict]]:
    """Every statement shape a search runs, with values (a name page both ways, after a
    cursor, the licenses of holders and their count by IN list, a number)."""
    cases: list[tuple[Select, dict]] = [(search_module._NUMBER, {"number": number})]
    for query in ("thompson", "Thompson, Av", "billy ray smith", "núñez"):
        for pattern in parse_query(query).patterns:
            for after in (None, Cursor("smith", "billy ray", 1)):
                for descending in (False, True):
                    cases.append(search_module.name_page_query(pattern, 5, after, descending))
    for ids in (holder_ids[:1], holder_ids):
        cases.append((search_module._HOLDERS_LICENSES, {"holder_ids": ids}))
        cases.append((search_module._LICENSES_COUNT, {"holder_ids": ids}))
    return cases


def _same_as_sqlalchemy(session: Session, holder_ids: list[int], number: str) -> None:
    with_rows = 0
    for statement, values in _cases(holder_ids, number):
        expected = [tuple(row) for row in session.execute(statement, values).all()]
        got = fetch_all(session, statement, values)
        # Dates come back as the driver gives them (ISO text from SQLite).
        normalised = [
            tuple(as_date(v) if isinstance(e, date) else v for v, e in zip(g, x, strict=True))
            for g, x in zip(got, expected, strict=True)
        ]
        assert len(got) == len(expected) and normalised == expected, (statement, values)
        with_rows += bool(got)
    assert with_rows >= 10  # the comparisons are of something


def test_each_statement_gives_sqlalchemys_rows_on_sqlite(
    session: Session, people: dict[str, License]
) -> None:
    _same_as_sqlalchemy(
        session,
        sorted({lic.holder_id for lic in people.values()}),
        people["jordan"].license_number,
    )


@pytest.mark.postgres
def test_each_statement_gives_sqlalchemys_rows_on_postgres(pg_migrated_url: str) -> None:
    engine = make_engine(pg_migrated_url)
    try:
        with Session(engine) as session:
            made = [
                person(session, first, last)
                for first, last in [
                    ("Avery", "Thompson"),
                    ("Ben", "Thompson"),
                    ("Billy Ray", "Smith"),
                    ("Inés", "Núñez"),
                ]
            ]
            session.commit()
            _same_as_sqlalchemy(
                session,
                sorted({lic[0].holder_id for _, lic in made}),
                made[0][1][0].license_number,
            )
            assert names(search(session, "thom")) == ["Thompson, Avery", "Thompson, Ben"]
    finally:
        engine.dispose()


def test_an_in_list_of_any_length_is_compiled_for_its_length(
    session: Session, people: dict[str, License]
) -> None:
    ids = sorted({lic.holder_id for lic in people.values()})
    for n in (1, 3, len(ids), 2):
        count = fetch_all(session, search_module._LICENSES_COUNT, {"holder_ids": ids[:n]})
        assert count == [(n,)]


def test_sqlite_dates_are_read_from_their_text() -> None:
    assert as_date("2027-06-30") == date(2027, 6, 30)
    assert as_date(date(2027, 6, 30)) == date(2027, 6, 30)
