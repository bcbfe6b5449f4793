"""Mail end to end: the running app delivers its outbox to a real SMTP server (aiosmtpd).

A password reset, a server that refuses at first, a submission (the applicant's receipt,
the district approvers' notices) and a decision (a return with its reason, an approval).
Each test makes its own educator; the demo accounts stay as the other tests expect them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from licensure_app.db import make_engine
from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock, demo
from licensure_app.models import (
    ROLE_EDUCATOR,
    Account,
    Application,
    District,
    DistrictDesignee,
    License,
    Notification,
    OutboxEmail,
)
from licensure_app.models._base import utcnow
from licensure_app.services import accounts, applications, audit
from licensure_app.services.accounts.passwords import hash_password
from tests.support import SmtpSink, eventually

from .applicants import (
    ATTESTATION,
    LIVE_TIMEOUT,
    MAGNOLIA_SUPER,
    PASSWORD,
    VERIFY,
    Db,
    Person,
    make_educator,
    submit_renewal,
)
from .conftest import NEW_PASSWORD, LiveServer, register, sign_in, sign_out

pytestmark = pytest.mark.e2e


def _request_reset(page: Page, email: str) -> None:
    page.goto("/forgot-password")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account uses that email")


def test_a_server_that_refuses_at_first_still_gets_the_message(
    page: Page, live_server: LiveServer, smtp_sink: SmtpSink
) -> None:
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.org"
    register(page, email, "Morgan", "Ellery", NEW_PASSWORD)
    sign_out(page)
    smtp_sink.refuse_next(2, code=451)
    refused_before = smtp_sink.refused

    _request_reset(page, email)

    mail = smtp_sink.wait_for(email, "password", timeout=30)
    assert "reset-password?token=" in mail.get_body(("plain",)).get_content()
    assert smtp_sink.refused == refused_before + 2

    def settled() -> OutboxEmail | None:
        with Session(make_engine(live_server.db_url)) as db:
            stored = db.exec(
                select(OutboxEmail)
                .where(OutboxEmail.to_address == email, OutboxEmail.subject.contains("password"))
                .order_by(OutboxEmail.id.desc())
            ).first()
        return stored if stored is not None and stored.status == "sent" else None

    assert eventually(settled).attempts == 3


# ---------------------------------------------------------------- submissions and decisions


@pytest.fixture
def quick_designee(db: Db) -> Iterator[str]:
    """A Magnolia designee who chose an e-mail per application ("immediate"); the grant is
    revoked afterwards, so the district's approvers are as the other tests expect."""
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.org"
    with db.write() as session:
        account = accounts.register_educator(
            session, "Riley", "Quickmail", email, hash_password(PASSWORD)
        )
        account.queue_mail = "immediate"
        magnolia = session.exec(select(District).where(District.code == demo.MAGNOLIA[0])).one()
        grant = DistrictDesignee(
            district_id=magnolia.id or 0,
            account_id=account.id or 0,
            granted_by_id=magnolia.superintendent_account_id or 0,
        )
        session.add_all([account, grant])
    try:
        yield email
    finally:
        with db.write() as session:
            row = session.get(DistrictDesignee, grant.id)
            assert row is not None
            row.revoked_at = utcnow()
            session.add(row)


def _plain_and_html(mail: EmailMessage) -> tuple[str, str]:
    return (
        mail.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        mail.get_body(("html",)).get_content(),  # type: ignore[union-attr]
    )


def _file_renewal_through_the_wizard(page: Page, person: Person) -> None:
    sign_in(page, person.email, PASSWORD)
    page.goto("/pd")
    page.get_by_role("button", name="File renewal application").click()
    expect(page.get_by_role("heading", name="Eligibility", exact=True)).to_be_visible()
    expect(page.get_by_label("5 CEUs (met)")).to_be_checked()
    for step in ("Questions", "Attachments", "Review", "Declaration"):
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_role("heading", name=step, exact=True)).to_be_visible()
    page.locator("#conduct_convicted-no").check()
    page.locator("#conduct_disciplined-no").check()
    page.get_by_label("I swear that the information").check()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Application submitted.")).to_be_visible()


def _submitted(db: Db, person: Person) -> tuple[int, datetime]:
    """The id and submission time of the person's submitted application."""
    with db.read() as session:
        application = session.exec(
            select(Application).where(
                Application.applicant_id == person.profile_id, Application.status == "submitted"
            )
        ).one()
        assert application.id is not None and application.submitted_at is not None
        return application.id, application.submitted_at


@pytest.fixture
def applicant(db: Db) -> Iterator[Person]:
    """A Magnolia educator whose open applications are withdrawn afterwards (other tests
    count the submitted renewals)."""
    person = make_educator(db, "Harper")
    yield person
    with db.write() as session:
        open_ids = session.exec(
            select(Application.id).where(
                Application.applicant_id == person.profile_id,
                col(Application.status).not_in(("draft", "withdrawn", "approved", "rejected")),
            )
        ).all()
        for application_id in open_ids:
            applications.withdraw(
                session,
                audit.Actor(person.account_id, ROLE_EDUCATOR),
                person.profile_id,
                application_id or 0,
            )


def test_a_submission_sends_the_receipt_and_tells_the_approvers(
    page: Page, db: Db, smtp_sink: SmtpSink, quick_designee: str, applicant: Person
) -> None:
    person = applicant
    _file_renewal_through_the_wizard(page, person)
    application_id, submitted_at = _submitted(db, person)
    filed = clock.show(submitted_at)

    # The applicant's receipt: what, when (the state's time), who reviews it and how long.
    receipt = smtp_sink.wait_for(person.email, "Application submitted: your receipt")
    plain, html = _plain_and_html(receipt)
    for text in (plain, html):
        assert f"You submitted a renewal application for license {person.number}" in text
        assert filed in text
        assert f"{demo.MAGNOLIA[1]} reviews it next." in text
        assert "The district usually decides within 10 working days." in text
        assert "/applications" in text
    # And in-app.
    page.goto("/notifications")
    expect(
        page.get_by_text(f"You submitted a renewal application for license {person.number} on")
    ).to_contain_text(filed)

    # Every Magnolia approver has the notice in-app; e-mail only for those who chose it.
    link = f"/approvals?application={application_id}"
    with db.read() as session:
        magnolia = session.exec(select(District).where(District.code == demo.MAGNOLIA[0])).one()
        approvers = [
            session.get(Account, i) for i in applications.approver_account_ids(session, magnolia.id)
        ]
        for approver in approvers:
            assert approver is not None
            notes = session.exec(
                select(Notification).where(
                    Notification.recipient_id == approver.id, Notification.link == link
                )
            ).all()
            assert [n.text for n in notes] == [f"{person.name} submitted a renewal application."]
            mailed = session.exec(
                select(OutboxEmail).where(
                    OutboxEmail.to_address == approver.email,
                    col(OutboxEmail.body).contains(person.name),
                )
            ).all()
            assert len(mailed) == (approver.queue_mail == "immediate"), approver.email
        assert quick_designee in {a.email for a in approvers if a is not None}
    notice = smtp_sink.wait_for(quick_designee, "New application to review")
    assert person.name in _plain_and_html(notice)[0]
    assert person.name not in str(notice["Subject"])


def _assert_nothing_private(mail: EmailMessage, person: Person, *private: str) -> None:
    subject = str(mail["Subject"])
    for word in (*person.name.split(), person.number, person.email, *private):
        assert word not in subject, (word, subject)


def test_a_decision_sends_the_applicant_the_outcome(
    page: Page, db: Db, smtp_sink: SmtpSink
) -> None:
    person = make_educator(db, "Rowan")
    application_id = submit_renewal(db, person)
    sign_in(page, MAGNOLIA_SUPER)
    page.goto(f"/approvals?application={application_id}")

    reason = "Attach the certificate for the literacy institute."
    page.get_by_label("Reason", exact=True).fill(reason)
    page.get_by_role("button", name="Return for correction").click()
    expect(
        page.get_by_role("status").filter(has_text="Returned to the applicant for correction.")
    ).to_be_visible()
    # The next application in the queue opens (issue 15 #1): come back to this one.
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(person.name)
    page.goto(f"/approvals?application={application_id}")
    expect(page.get_by_text("No decision is waiting from you")).to_be_visible()
    returned = smtp_sink.wait_for(person.email, "needs a correction")
    plain, html = _plain_and_html(returned)
    assert f"Your district returned your renewal application for correction: {reason}" in plain
    assert reason in html
    _assert_nothing_private(returned, person, "literacy", "certificate")

    # Resubmitted, then approved: the approval says until when the license is renewed.
    with db.write() as session:
        applications.save_draft(
            session,
            audit.Actor(person.account_id, ROLE_EDUCATOR),
            person.profile_id,
            application_id,
            {"attestation": ATTESTATION},
            3,
        )
        assert applications.submit(
            session,
            audit.Actor(person.account_id, ROLE_EDUCATOR),
            person.profile_id,
            application_id,
            clock.today(),
        ).ready
    expect(page.get_by_role("button", name="Approve", exact=True)).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    page.get_by_label(VERIFY).check()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="renewed until")).to_be_visible()
    approved = smtp_sink.wait_for(person.email, "renewal was approved")
    with db.read() as session:
        lic = session.get(License, person.license_id)
        assert lic is not None
        new_expiry = format_date(lic.expires_on)
    plain, html = _plain_and_html(approved)
    assert f"license {person.number} is renewed and now valid until {new_expiry}" in plain
    assert new_expiry in html
    _assert_nothing_private(approved, person, new_expiry)
