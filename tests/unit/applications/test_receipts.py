"""On submission the applicant gets a receipt, the district's approvers a notice; e-mail to
approvers only for those who chose it; subjects carry nothing private (issue 14 #4, #5)."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest
from sqlmodel import Session, select

from licensure_app.domain import service_standards
from licensure_app.models import (
    Account,
    Application,
    DistrictDesignee,
    EvidenceFile,
    Notification,
    OutboxEmail,
)
from licensure_app.services import applications

from .application_world import ATTEST, TODAY, ready_renewal

# 23:06 in Chicago on 30 November.
FILED_AT = datetime(2026, 12, 1, 5, 6, tzinfo=UTC)


def _mail_to(session: Session, address: str) -> list[OutboxEmail]:
    return list(session.exec(select(OutboxEmail).where(OutboxEmail.to_address == address)).all())


def _notes(session: Session, account_id: int) -> list[Notification]:
    return list(
        session.exec(select(Notification).where(Notification.recipient_id == account_id)).all()
    )


def _submit_at(session: Session, world: dict, app_id: int) -> None:
    target = "licensure_app.services.applications.submission.utcnow"
    with mock.patch(target, return_value=FILED_AT):
        assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    session.commit()


@pytest.fixture(autouse=True)
def _chicago(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")


def test_the_applicant_gets_a_receipt(session: Session, world: dict) -> None:
    _submit_at(session, world, ready_renewal(session, world))
    (note,) = _notes(session, world["teacher"])
    assert note.link == "/applications"
    assert "a renewal application" in note.text
    assert "30 November 2026 at 11:06 PM CST" in note.text
    (mail,) = _mail_to(session, "t@example.org")
    days = service_standards.review_days("renewal", service_standards.DISTRICT)
    for words in (
        "a renewal application",
        "30 November 2026 at 11:06 PM CST",
        "Magnolia reviews it next",
        f"{days} working days",
    ):
        assert words in mail.body, words
    assert mail.html_body


def test_the_receipt_uses_the_right_article_and_names_the_state_for_a_state_review(
    session: Session, world: dict
) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "additional_endorsement", "100100"
    )
    session.add(
        EvidenceFile(
            owner_id=world["profile"],
            application_id=draft.application_id,
            original_name="score.pdf",
            stored_name="s1",
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
        )
    )
    session.flush()
    (evidence,) = session.exec(select(EvidenceFile)).all()
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {
            "questions": {
                "endorsement_subject": "Biology",
                "grade_span": "7-12",
                "endorsement_basis": "Licensure test",
            },
            "attachment_kinds": {str(evidence.id): "qualifying_evidence"},
            "attestation": ATTEST,
        },
        5,
    )
    _submit_at(session, world, draft.application_id)
    (mail,) = _mail_to(session, "t@example.org")
    assert "an additional endorsement application" in mail.body
    assert "then the state licensure office decides" in mail.body


def test_approvers_get_a_notice_and_mail_only_when_they_chose_it(
    session: Session, world: dict
) -> None:
    quick = Account(
        email="quick@example.org",
        password_hash="x",
        role="district_approver",
        district_id=world["district"],
        queue_mail="immediate",
    )
    session.add(quick)
    session.commit()
    app_id = ready_renewal(session, world)
    _submit_at(session, world, app_id)
    for account_id in (world["supt"], quick.id):
        (note,) = _notes(session, account_id)
        assert note.text == "Avery Thompson submitted a renewal application."
        assert note.link == f"/approvals?application={app_id}"
    # The superintendent keeps the default (the daily digest): no e-mail now.
    assert _mail_to(session, "supt@example.org") == []
    (mail,) = _mail_to(session, "quick@example.org")
    assert "Avery Thompson submitted a renewal application." in mail.body


def test_subjects_carry_nothing_private(session: Session, world: dict) -> None:
    quick = Account(
        email="quick@example.org",
        password_hash="x",
        role="district_approver",
        district_id=world["district"],
        queue_mail="immediate",
    )
    session.add(quick)
    session.commit()
    _submit_at(session, world, ready_renewal(session, world))
    subjects = [m.subject for m in session.exec(select(OutboxEmail)).all()]
    assert len(subjects) == 2
    for subject in subjects:
        for private in ("Avery", "Thompson", "100100", "E0000001"):
            assert private not in subject


def test_an_applicant_who_is_an_approver_is_not_told_as_an_approver(
    session: Session, world: dict
) -> None:
    session.add(
        DistrictDesignee(
            district_id=world["district"], account_id=world["teacher"], granted_by_id=world["supt"]
        )
    )
    session.commit()
    app_id = ready_renewal(session, world)
    _submit_at(session, world, app_id)
    notes = _notes(session, world["teacher"])
    assert [n.link for n in notes] == ["/applications"]  # the receipt only
    assert session.get(Application, app_id).status == "submitted"


def _state_staffer(session: Session, email: str, queue_mail: str = "digest") -> int:
    staff = Account(email=email, password_hash="x", role="state_staff", queue_mail=queue_mail)
    session.add(staff)
    session.commit()
    return staff.id


def test_an_approvers_own_application_goes_to_the_state_office_not_to_colleagues(
    session: Session, world: dict
) -> None:
    """Issue 14 follow-up: a district's approvers may not decide a fellow approver's
    application (services.approvals.scope), so the state office is told and named."""
    session.add(
        DistrictDesignee(
            district_id=world["district"], account_id=world["teacher"], granted_by_id=world["supt"]
        )
    )
    session.commit()
    quick = _state_staffer(session, "quick-state@example.org", "immediate")
    slow = _state_staffer(session, "slow-state@example.org")
    app_id = ready_renewal(session, world)
    _submit_at(session, world, app_id)
    # The colleague superintendent is not told it waits in a queue where she cannot decide it.
    assert _notes(session, world["supt"]) == []
    for account_id in (quick, slow):
        (note,) = _notes(session, account_id)
        assert note.text == "Avery Thompson submitted a renewal application."
        assert note.link == f"/approvals?application={app_id}"
    assert _mail_to(session, "slow-state@example.org") == []
    (staff_mail,) = _mail_to(session, "quick-state@example.org")
    assert "Avery" not in staff_mail.subject
    assert "the state licensure office decides it" in staff_mail.body
    # The receipt names the state office as the next reviewer, with its processing time.
    (mail,) = _mail_to(session, "t@example.org")
    assert "The state licensure office reviews it next." in mail.body
    assert "Magnolia reviews it next" not in mail.body
    assert "The state licensure office usually decides within" in mail.body
    assert [n.link for n in _notes(session, world["teacher"])] == ["/applications"]
