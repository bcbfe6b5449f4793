"""Drafts: one open application per license and type, resumed; only the applicant's own."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from licensure_app.models import Application, AuditEvent, EducatorProfile, License
from licensure_app.services import applications
from licensure_app.services.applications import ApplicationError

from .application_world import TODAY, ready_renewal


def test_draft_resumes_instead_of_duplicating(session: Session, world: dict) -> None:
    first = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        first.application_id,
        {"questions": {"a": "b"}},
        3,
    )
    session.commit()
    again = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert again.application_id == first.application_id
    assert again.step == 3 and again.answers.questions == {"a": "b"}


def test_cannot_apply_for_someone_elses_license(session: Session, world: dict) -> None:
    other = EducatorProfile(educator_number="E0000009", first_name="X", last_name="Y")
    session.add(other)
    session.commit()
    with pytest.raises(ApplicationError, match="your own licenses"):
        applications.start_or_resume(session, world["actor"], other.id, "renewal", "100100")


def test_one_open_application_per_license_and_type_is_a_database_rule(
    session: Session, world: dict
) -> None:
    ready_renewal(session, world)
    lic = session.exec(select(License)).one()
    session.add(
        Application(
            applicant_id=world["profile"],
            app_type="renewal",
            license_id=lic.id,
            license_key=lic.id,
            status="draft",
        )
    )
    with pytest.raises(Exception, match="UNIQUE"):
        session.commit()


def test_a_renewal_started_from_the_tracker_keeps_its_option(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100", renewal_option_id=7
    )
    stored = session.get(Application, draft.application_id)
    assert json.loads(stored.answers_json) == {"renewal_option_id": 7}
    assert draft.answers.renewal_option_id == 7


def test_save_draft_merges_and_audits_only_what_changed(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "upgrade", "100100"
    )
    save = applications.save_draft
    save(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"questions": {"a": "1"}},
        2,
    )
    save(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"attestation": {"x": "y"}},
        2,
    )
    session.flush()
    stored = applications.Answers.of(session.get(Application, draft.application_id))
    assert stored.questions == {"a": "1"} and stored.attestation == {"x": "y"}
    saved = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "application.draft_saved")
        .order_by(AuditEvent.id)
    ).all()
    assert json.loads(saved[-1].after_json) == {"attestation": {"x": "y"}, "step": 2}
    assert json.loads(saved[-1].before_json) == {"attestation": None}
    # Nothing new: nothing written.
    save(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"questions": {"a": "1"}},
        2,
    )
    session.flush()
    again = session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.draft_saved")
    ).all()
    assert len(again) == len(saved)
    # Clearing a key is recorded as going to None.
    save(session, world["actor"], world["profile"], draft.application_id, {"questions": {}}, 2)
    session.flush()
    last = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "application.draft_saved")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert json.loads(last.after_json) == {"questions": None, "step": 2}


def test_a_submitted_application_can_no_longer_be_saved(session: Session, world: dict) -> None:
    app_id = ready_renewal(session, world)
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        applications.save_draft(session, world["actor"], world["profile"], app_id, {}, 1)
