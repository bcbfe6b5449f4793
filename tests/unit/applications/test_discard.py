"""Discarding an unsubmitted draft: deleted, audited, only the applicant's own (issue 13 #18)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from licensure_app.models import Application, AuditEvent, EducatorProfile, EvidenceFile
from licensure_app.services import applications
from licensure_app.services.applications import ApplicationError

from .application_world import TODAY, ready_renewal


def test_discard_deletes_the_draft_and_audits_it(session: Session, world: dict) -> None:
    app_id = ready_renewal(session, world)
    session.add(
        EvidenceFile(
            owner_id=world["profile"],
            application_id=app_id,
            original_name="c.pdf",
            stored_name="abc",
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
        )
    )
    session.commit()
    (card,) = applications.applications_for(session, world["profile"])
    assert card.can_discard  # a draft is discarded from its card, not withdrawn
    applications.discard(session, world["actor"], world["profile"], app_id)
    session.commit()
    assert session.get(Application, app_id) is None
    assert applications.applications_for(session, world["profile"]) == []
    assert applications.open_drafts(session, world["profile"]) == []
    # The uploaded file stays with its owner, detached.
    (kept,) = session.exec(select(EvidenceFile)).all()
    assert kept.application_id is None and kept.owner_id == world["profile"]
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.draft_discarded")
    ).one()
    assert event.entity_id == str(app_id)
    before = json.loads(event.before_json)
    assert before["type"] == "renewal" and before["status"] == "draft"
    assert before["answers"] == ["attestation", "renewal_option_id"]
    # A new draft of the same type may be started.
    again = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert session.get(Application, again.application_id).status == "draft"


def test_only_an_own_unsubmitted_draft_can_be_discarded(session: Session, world: dict) -> None:
    app_id = ready_renewal(session, world)
    other = EducatorProfile(educator_number="E0000009", first_name="X", last_name="Y")
    session.add(other)
    session.commit()
    with pytest.raises(ApplicationError, match="not found"):
        applications.discard(session, world["actor"], other.id, app_id)
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    with pytest.raises(ApplicationError, match="Only a draft"):
        applications.discard(session, world["actor"], world["profile"], app_id)
    session.commit()
    assert session.get(Application, app_id).status == "submitted"
    assert not applications.applications_for(session, world["profile"])[0].can_discard
    assert not session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.draft_discarded")
    ).all()
