"""The state office's records of transcripts, background checks and assessment scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from license_world import TODAY, educator_actor, register, staff_actor, state_record
from sqlmodel import Session, select

from licensure_app.models import (
    AssessmentScore,
    AuditEvent,
    BackgroundCheck,
    TranscriptRecord,
)
from licensure_app.services import licensing as svc
from licensure_app.services.state_office import records


def test_recorded_items_appear_on_the_checklist_with_audit_events(session: Session) -> None:
    holder, _ = state_record(session)
    staff = staff_actor(session)
    pid = holder.id or 0
    assert (
        records.record_transcript(
            session, staff, pid, " Mississippi College ", "M.Ed.", date(2015, 5, 1), TODAY
        )
        == {}
    )
    assert records.record_transcript(session, staff, pid, "USM", "", date(2010, 5, 1), TODAY) == {}
    assert records.record_background_check(session, staff, pid, "pending", None, TODAY) == {}
    assert (
        records.record_background_check(session, staff, pid, "Cleared", date(2024, 7, 1), TODAY)
        == {}
    )
    assert (
        records.record_assessment_score(
            session, staff, pid, "Praxis 5001", 168, 157, date(2010, 1, 5), TODAY
        )
        == {}
    )
    assert (
        records.record_assessment_score(
            session, staff, pid, "Praxis 5161", 150, 160, date(2011, 1, 5), TODAY
        )
        == {}
    )
    session.commit()

    checklist = svc.checklist_for(session, pid)
    assert [t.institution for t in checklist.transcripts] == ["Mississippi College", "USM"]
    assert checklist.transcripts[1].degree == "—"
    assert checklist.background_check == svc.BackgroundCheckView(
        "cleared", "Cleared on 1 July 2024", "1 July 2024"
    )
    assert [(a.assessment, a.score, a.result) for a in checklist.assessments] == [
        ("Praxis 5161", "150", "Below the passing score"),
        ("Praxis 5001", "168", "Passed"),
    ]
    actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count("transcript.recorded") == 2
    assert actions.count("background_check.recorded") == 2
    assert actions.count("assessment_score.recorded") == 2


def test_recording_validates_and_writes_nothing_on_errors(session: Session) -> None:
    holder, _ = state_record(session)
    staff = staff_actor(session)
    pid = holder.id or 0
    future = TODAY + timedelta(days=1)
    assert set(records.record_transcript(session, staff, pid, " ", "", future, TODAY)) == {
        "institution",
        "received_on",
    }
    assert set(records.record_background_check(session, staff, pid, "maybe", None, TODAY)) == {
        "status",
        "checked_on",
    }
    assert set(records.record_background_check(session, staff, pid, "cleared", None, TODAY)) == {
        "checked_on"
    }
    assert set(records.record_assessment_score(session, staff, pid, "", None, -1, None, TODAY)) == {
        "assessment",
        "score",
        "passing_score",
        "taken_on",
    }
    assert "profile" in records.record_transcript(session, staff, 999_999, "X", "", TODAY, TODAY)
    session.commit()
    for model in (TranscriptRecord, BackgroundCheck, AssessmentScore):
        assert session.exec(select(model)).first() is None


def test_only_state_staff_record_checklist_items(session: Session) -> None:
    holder, _ = state_record(session)
    account, _ = register(session)
    with pytest.raises(PermissionError):
        records.record_transcript(
            session, educator_actor(account), holder.id or 0, "X", "", TODAY, TODAY
        )
