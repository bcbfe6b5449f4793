"""The state office's records of transcripts, background checks and assessment scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from license_world import TODAY, educator_actor, register, staff_actor, state_record
from sqlmodel import Session, select

from licensure_app.models import (
    ROLE_EDUCATOR,
    AssessmentScore,
    AuditEvent,
    BackgroundCheck,
    TranscriptRecord,
)
from licensure_app.services import audit
from licensure_app.services import licensing as svc
from licensure_app.services.state_office import office_records, records


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


def test_a_record_is_corrected_in_place_and_the_correction_audited(session: Session) -> None:
    holder, _ = state_record(session)
    staff = staff_actor(session)
    pid = holder.id or 0
    assert records.record_assessment_score(
        session, staff, pid, "Praxis 5001", 186, 157, date(2010, 1, 5), TODAY
    ) == {}  # fmt: skip
    score = session.exec(select(AssessmentScore)).one()
    rows = office_records.office_record_rows(session, pid)
    assert [(r.kind, r.record_id, r.details) for r in rows] == [
        ("assessment_score", score.id, "Praxis 5001: 186 (passing 157)")
    ]
    form = office_records.office_form(session, pid, "assessment_score", score.id or 0)
    assert form is not None and (form.score, form.taken_on) == ("186", "2010-01-05")

    # The typo corrected: the same row changes, and the audit names what changed.
    assert records.record_assessment_score(
        session, staff, pid, "Praxis 5001", 168, 157, date(2010, 1, 5), TODAY, score.id
    ) == {}  # fmt: skip
    session.commit()
    assert [s.score for s in session.exec(select(AssessmentScore))] == [168]
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "assessment_score.corrected")
    ).one()
    assert '"score": 186' in event.before_json and '"score": 168' in event.after_json
    assert "assessment" not in event.after_json  # unchanged fields are not repeated

    # Saving the same values again changes nothing and writes nothing.
    assert records.record_assessment_score(
        session, staff, pid, "Praxis 5001", 168, 157, date(2010, 1, 5), TODAY, score.id
    ) == {"record": "Nothing changed."}  # fmt: skip
    # Invalid values are refused as when recording, nothing written.
    assert "score" in records.record_assessment_score(
        session, staff, pid, "Praxis 5001", -3, 157, date(2010, 1, 5), TODAY, score.id
    )  # fmt: skip
    session.commit()
    assert [s.score for s in session.exec(select(AssessmentScore))] == [168]


def test_another_educators_record_cannot_be_corrected_through_this_one(session: Session) -> None:
    holder, _ = state_record(session)
    other, _ = state_record(session, number="100999")
    staff = staff_actor(session)
    assert records.record_transcript(
        session, staff, other.id or 0, "USM", "", date(2010, 5, 1), TODAY
    ) == {}  # fmt: skip
    theirs = session.exec(select(TranscriptRecord)).one()
    pid = holder.id or 0
    assert office_records.office_form(session, pid, "transcript", theirs.id or 0) is None
    assert records.record_transcript(
        session, staff, pid, "Forged", "", date(2010, 5, 1), TODAY, theirs.id
    ) == {"record": "That record was not found for this educator."}  # fmt: skip
    assert office_records.office_form(session, pid, "nonsense", 0) is None
    session.commit()
    assert session.exec(select(TranscriptRecord)).one().institution == "USM"
    with pytest.raises(PermissionError):
        records.record_background_check(
            session, audit.Actor(1, ROLE_EDUCATOR), pid, "cleared", TODAY, TODAY, None
        )
