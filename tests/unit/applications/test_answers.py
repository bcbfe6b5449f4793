"""Answers: the typed reading and writing of `Application.answers_json`."""

from __future__ import annotations

import json

import pytest

from licensure_app.models import Application
from licensure_app.services.applications import Answers

FULL = {
    "questions": {"years_experience": "5", "target_class": "AAA"},
    "attestation": {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True},
    "renewal_option_id": 3,
    "reused_evidence_ids": [4, 9],
    "attachment_kinds": {"12": "transcript"},
    "renewal_snapshot": [{"activity_id": 1, "title": "Workshop", "amount": 5.0}],
}


def test_round_trip_keeps_every_key() -> None:
    answers = Answers.from_json(json.dumps(FULL))
    assert answers.to_dict() == FULL
    assert Answers.from_json(answers.to_json()) == answers
    app = Application(applicant_id=1, app_type="renewal")
    answers.store(app)
    assert Answers.of(app) == answers and json.loads(app.answers_json) == FULL


def test_stored_text_is_stable_and_leaves_out_empty_keys() -> None:
    assert Answers().to_json() == "{}"
    assert Answers(renewal_option_id=2).to_json() == '{"renewal_option_id": 2}'
    a = Answers(questions={"b": "1", "a": "2"})
    assert a.to_json() == Answers(questions={"a": "2", "b": "1"}).to_json()


@pytest.mark.parametrize(
    "text", [None, "", "not json", "[1, 2]", '"text"', "null", "{", "[" * 100_000]
)
def test_malformed_json_reads_as_nothing_answered(text: str | None) -> None:
    assert Answers.from_json(text) == Answers()


def test_malformed_values_read_as_not_answered() -> None:
    raw = {
        "questions": ["not", "a", "dict"],
        "attestation": "yes",
        "renewal_option_id": True,
        "reused_evidence_ids": [1, "2", "²", "x", True, None, 3.5],
        "attachment_kinds": None,
        "renewal_snapshot": {"not": "a list"},
        "unknown": 1,
    }
    answers = Answers.from_json(json.dumps(raw))
    assert answers == Answers(reused_evidence_ids=[1, 2])
    assert Answers.from_dict({"renewal_option_id": "7"}).renewal_option_id == 7
    assert Answers.from_dict({"renewal_option_id": "7²"}).renewal_option_id is None
    assert Answers.from_dict({"questions": {"n": 4}}).question("n") == "4"
    assert Answers().question("missing") == ""


def test_updated_replaces_only_the_keys_given() -> None:
    answers = Answers.from_dict(FULL)
    changed = answers.updated({"questions": {"a": "b"}, "renewal_option_id": None})
    assert changed.questions == {"a": "b"} and changed.renewal_option_id is None
    assert changed.attestation == answers.attestation
    assert changed.renewal_snapshot == answers.renewal_snapshot
    assert answers.questions == FULL["questions"]  # the original is unchanged
    assert answers.attachment_kind(12) == "transcript" and answers.attachment_kind(1) == ""
