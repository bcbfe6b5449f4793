"""Endorsement codes by subject: the state's code list, kept as data in
`licensure_app/data/endorsement_codes.csv` (columns subject, code) and read once."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

CODES_FILE = Path(__file__).resolve().parents[1] / "data" / "endorsement_codes.csv"
# A subject the list does not name gets this code until the office assigns one.
OTHER = "OTHER"


@functools.cache
def codes() -> dict[str, str]:
    """Lower-case subject -> code, as the data file lists them."""
    with CODES_FILE.open(newline="", encoding="utf-8") as f:
        return {row["subject"].strip().lower(): row["code"].strip() for row in csv.DictReader(f)}


def code_for(subject: str) -> str:
    """The code of a subject (any case), or OTHER for a subject the list does not name."""
    return codes().get(subject.lower(), OTHER)
