"""Reading a look-up query: what may be searched, and how."""

from __future__ import annotations

import pytest

from licensure_app.services import lookup
from licensure_app.services.lookup import NamePattern


def test_parse_query_readings() -> None:
    assert lookup.parse_query("Billy Ray Smith").patterns == (
        NamePattern("billy ray smith"),
        NamePattern("ray smith", "billy"),
        NamePattern("smith", "billy ray"),
    )
    assert lookup.parse_query("Smith, Jo").patterns == (NamePattern("smith", "jo"),)
    assert lookup.parse_query("100-200").number == "100200"


# ---------------------------------------------------------------------------- limits


@pytest.mark.parametrize("query", ["", " ", "a", "é", ",", " , ", "a,", ", Avery", "x" * 101, "1"])
def test_short_or_odd_queries_are_refused_politely(query: str) -> None:
    problem = lookup.query_problem(query)
    assert problem
    assert problem.startswith("Type")


@pytest.mark.parametrize("query", ["ab", "Li", "12", "Smith, A", "a b", "O'B"])
def test_two_characters_are_enough(query: str) -> None:
    assert lookup.query_problem(query) is None
