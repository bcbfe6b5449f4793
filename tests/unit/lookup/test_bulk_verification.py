"""Bulk verification: numbers (and names) in, public facts out, mismatches flagged."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import Session

from licensure_app.services.lookup import bulk_verification as bulk

from .holders import TODAY, person


def _verify(session: Session, text: str) -> list[bulk.Verified]:
    return bulk.verify(session, bulk.parse(text.encode()), today=TODAY)


def test_each_row_gets_its_license_in_the_order_given(session: Session):
    _, (avery,) = person(session, "Avery", "Thompson", middle="Lynn")
    _, (ben,) = person(session, "Ben", "Okafor", status="revoked")
    session.commit()
    results = _verify(
        session,
        f"License number,Name\n{ben.license_number},Ben Okafor\n"
        f'{avery.license_number},"Thompson, Avery"\n999999,Nobody\n{ben.license_number},\n',
    )
    assert [r.request.line for r in results] == [2, 3, 4, 5]
    assert [(r.found, r.name_matches, r.status) for r in results] == [
        (True, "yes", "Revoked"),
        (True, "yes", "Active"),
        (False, "", ""),
        (True, "", "Revoked"),
    ]
    assert results[1].holder_name == "Thompson, Avery Lynn"
    assert results[1].endorsements == "Elementary Education (K-6)"
    assert results[1].expires_on == avery.expires_on.isoformat()


@pytest.mark.parametrize(
    "given,matches",
    [
        ("Avery Thompson", True),
        ("Thompson, Avery", True),
        ("A. Thompson", True),
        ("Avery Lynn Thompson", True),
        ("THOMPSON", True),
        ("Avery Thomson", False),
        ("Jordan Thompson", False),
        ("Avery", False),
    ],
)
def test_names_match_the_record_by_last_name_and_initials(given: str, matches: bool):
    assert bulk.names_match(given, "Avery", "Lynn", "Thompson") is matches


def test_accented_and_punctuated_names_match_as_typed():
    assert bulk.names_match("Jose Munoz", "José", "", "Muñoz")
    assert bulk.names_match("Ann St. Clair", "Ann", "", "St. Clair")
    assert bulk.names_match("St Clair, Ann", "Ann", "", "St. Clair")


def test_the_csv_has_a_header_and_quotes_out_formulas(session: Session):
    _, (lic,) = person(session, "Avery", "Thompson")
    session.commit()
    results = _verify(session, f'{lic.license_number},=HYPERLINK("http://x")\n')
    rows = list(csv.reader(io.StringIO(bulk.results_csv(results))))
    assert rows[0] == list(bulk.HEADER)
    assert rows[1][0] == lic.license_number and rows[1][1].startswith("'=")
    assert rows[1][4] == "no"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "no license numbers"),
        (b"License number\n", "no license numbers"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"1\n" * (bulk.MAX_ROWS + 1), "more than 10,000 rows"),
        (b"1" * (bulk.MAX_BYTES + 1), "over 2 MB"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data: bytes, message: str):
    with pytest.raises(bulk.BulkFileError, match=message):
        bulk.parse(data)


def test_malformed_numbers_are_simply_not_found(session: Session):
    results = _verify(session, "123 456\n12ab\n١٢٣\n" + "9" * 40 + "\n")
    assert [r.found for r in results] == [False] * 4


def test_a_summary_counts_what_needs_attention(session: Session):
    _, (a,) = person(session, "Avery", "Thompson")
    _, (b,) = person(session, "Ben", "Okafor", status="suspended")
    session.commit()
    results = _verify(session, f"{a.license_number},Ben Okafor\n{b.license_number}\n1\n")
    assert bulk.summarise(results, "Active") == bulk.Summary(
        rows=3, found=2, not_found=1, name_mismatches=1, not_active=1
    )


def test_numbers_and_endorsements_are_read_on_indexes(session: Session):
    plans = []
    for statement, params in (
        (bulk._BY_NUMBER, {"numbers": ["100200", "100201"]}),
        (bulk._ENDORSEMENTS, {"ids": [1, 2]}),
    ):
        compiled = statement.params(**params).compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        plans.append(" | ".join(str(r[-1]) for r in rows))
    for plan in plans:
        assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), plan
        assert "USING" in plan, plan
