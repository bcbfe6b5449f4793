"""A returned application: reopened at the step the reason concerns, with the declaration
to give again, and sent back to the stage that returned it (issue 13 #15)."""

from __future__ import annotations

from sqlmodel import Session, select

from licensure_app.models import Account, Application, AuditEvent, Notification
from licensure_app.services import applications, audit
from licensure_app.services.applications import Answers, corrections, transitions, wizard

from .application_world import ATTEST, TODAY, ready_renewal

DISTRICT = "district_approver"
STATE = "state_staff"


def _returned(session: Session, world: dict, by: str, reason: str) -> int:
    """A renewal submitted and returned by `by` (at the district or the state stage)."""
    app_id = ready_renewal(session, world)
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    app = session.get(Application, app_id)
    approver = audit.Actor(world["supt"], by)
    if by == STATE:
        transitions.transition(session, app, ("submitted",), "district_approved", approver)
        transitions.transition(session, app, ("district_approved",), "state_review", audit.SYSTEM)
        transitions.transition(session, app, ("state_review",), "returned", approver, reason)
    else:
        transitions.transition(session, app, ("submitted",), "returned", approver, reason)
    session.commit()
    return app_id


def test_the_reason_names_the_step_to_reopen() -> None:
    renewal = "renewal"
    endorsement = "additional_endorsement"
    step = corrections.step_for_reason
    assert step(renewal, "Upload the certificate for the literacy institute.") == wizard.ATTACHMENTS
    assert step(endorsement, "The grade span should be 7-12.") == wizard.QUESTIONS
    assert step(endorsement, "Attach the transcript; the subject area is wrong.") == (
        wizard.QUESTIONS
    )
    assert step(renewal, "Choose the CEU renewal option.") == wizard.ELIGIBILITY
    assert step(renewal, "Answer the conduct questions again.") == wizard.DECLARATION
    # Nothing recognisable: the first step.
    assert step(renewal, "Please check everything.") == wizard.ELIGIBILITY


def test_reopening_a_returned_application_starts_at_the_reason_and_clears_the_declaration(
    session: Session, world: dict
) -> None:
    app_id = _returned(session, world, DISTRICT, "Upload the certificate for the workshop.")
    app = session.get(Application, app_id)
    assert app.current_step == wizard.DECLARATION  # where the applicant submitted it
    draft = applications.reopen(session, world["actor"], world["profile"], app_id)
    session.commit()
    assert draft.step == wizard.ATTACHMENTS
    assert draft.return_reason == "Upload the certificate for the workshop."
    assert Answers.of(app).attestation == {}
    view = wizard.view(session, app, TODAY)
    assert view.sworn is False and view.attestation == {}
    assert view.return_reason == "Upload the certificate for the workshop."
    assert set(wizard.step_errors(session, app, wizard.DECLARATION, TODAY)) >= {
        "conduct_convicted",
        "conduct_disciplined",
        "sworn",
    }
    assert not applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    reopened = session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.reopened")
    ).one()
    assert '"step": 3' in reopened.after_json
    # Once reopened, opening it again resumes where the applicant left it.
    applications.save_draft(
        session, world["actor"], world["profile"], app_id, {"attestation": ATTEST}, 4
    )
    again = applications.reopen(session, world["actor"], world["profile"], app_id)
    assert again.step == 4 and Answers.of(app).attestation == ATTEST


def test_a_draft_reopens_where_it_was_left(session: Session, world: dict) -> None:
    app_id = ready_renewal(session, world)
    draft = applications.reopen(session, world["actor"], world["profile"], app_id)
    assert draft.step == 5 and Answers.of(session.get(Application, app_id)).attestation == ATTEST


def test_resubmission_goes_back_to_the_district_that_returned_it(
    session: Session, world: dict
) -> None:
    app_id = _returned(session, world, DISTRICT, "Upload the certificate.")
    applications.reopen(session, world["actor"], world["profile"], app_id)
    applications.save_draft(
        session, world["actor"], world["profile"], app_id, {"attestation": ATTEST}, 5
    )
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    assert session.get(Application, app_id).status == "resubmitted"


def test_resubmission_goes_back_to_the_state_office_that_returned_it(
    session: Session, world: dict
) -> None:
    staff = Account(email="staff@example.org", password_hash="x", role=STATE)
    session.add(staff)
    session.commit()
    app_id = _returned(session, world, STATE, "Upload the certificate.")
    applications.reopen(session, world["actor"], world["profile"], app_id)
    applications.save_draft(
        session, world["actor"], world["profile"], app_id, {"attestation": ATTEST}, 5
    )
    before = len(
        session.exec(select(Notification).where(Notification.recipient_id == world["supt"])).all()
    )
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    session.commit()
    assert session.get(Application, app_id).status == "state_review"
    # The state office is told; the district, which already approved it, is not.
    after = session.exec(
        select(Notification).where(Notification.recipient_id == world["supt"])
    ).all()
    assert len(after) == before
    (note,) = session.exec(select(Notification).where(Notification.recipient_id == staff.id)).all()
    assert "resubmitted" in note.text and note.link == f"/approvals?application={app_id}"
