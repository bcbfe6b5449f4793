"""Free-text answers have a size limit; a draft save audits what changed, briefly
(issue 13 #10)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from licensure_app.models import Application, AuditEvent
from licensure_app.services import applications
from licensure_app.services.applications import ApplicationError, answers


def _draft(session: Session, world: dict) -> int:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "additional_endorsement", "100100"
    )
    session.commit()
    return draft.application_id


def _saved_events(session: Session) -> list[AuditEvent]:
    return list(
        session.exec(select(AuditEvent).where(AuditEvent.action == "application.draft_saved")).all()
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"questions": {"endorsement_subject": "x" * 400_000}},
        {"questions": {"endorsement_subject": "x" * (answers.MAX_ANSWER_CHARS + 1)}},
        {"attestation": {"conduct_explanation": "y" * 5000}},
        # Each answer short enough, the whole too big.
        {"questions": {f"q{i}": "z" * 1500 for i in range(15)}},
    ],
)
def test_an_oversized_answer_is_refused_and_nothing_is_written(
    session: Session, world: dict, changes: dict
) -> None:
    app_id = _draft(session, world)
    stored = session.get(Application, app_id).answers_json
    with pytest.raises(ApplicationError, match="too long"):
        applications.save_draft(session, world["actor"], world["profile"], app_id, changes, 2)
    session.commit()
    assert session.get(Application, app_id).answers_json == stored
    assert _saved_events(session) == []


def test_an_answer_at_the_limit_is_kept(session: Session, world: dict) -> None:
    app_id = _draft(session, world)
    text = "x" * answers.MAX_ANSWER_CHARS
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        app_id,
        {"questions": {"endorsement_subject": text}},
        2,
    )
    assert (
        applications.Answers.of(session.get(Application, app_id)).question("endorsement_subject")
        == text
    )


def test_a_draft_save_audits_the_changed_answer_only_and_shortened(
    session: Session, world: dict
) -> None:
    app_id = _draft(session, world)
    save = applications.save_draft
    long = "Biology " * 200  # 1,600 characters
    save(
        session,
        world["actor"],
        world["profile"],
        app_id,
        {"questions": {"endorsement_subject": long, "grade_span": "7-12"}},
        2,
    )
    save(
        session,
        world["actor"],
        world["profile"],
        app_id,
        {"questions": {"endorsement_subject": long, "grade_span": "K-6"}},
        2,
    )
    first, second = _saved_events(session)
    assert len(first.after_json) < 600
    recorded = json.loads(first.after_json)["questions"]["endorsement_subject"]
    assert recorded.startswith("Biology") and len(recorded) <= answers.AUDIT_VALUE_CHARS + 1
    # The second save changed one answer: only that key is recorded.
    assert json.loads(second.after_json) == {"questions": {"grade_span": "K-6"}, "step": 2}
    assert json.loads(second.before_json) == {"questions": {"grade_span": "7-12"}}
