"""What each decision tells the applicant and the state office (issue 14 #3, #4): in-app
and by e-mail, with a subject that carries nothing private, what happened, what to do
next and the link."""

from __future__ import annotations

from datetime import date

import pytest
from approval_world import (
    TODAY,
    Educator,
    World,
    actor_of,
    principal,
    submit_endorsement,
    submit_renewal,
)
from sqlmodel import Session, col, select

from licensure_app.domain.application_types import TYPES
from licensure_app.models import Account, Application, Notification, OutboxEmail
from licensure_app.services import approvals
from licensure_app.services.approvals import notices
from licensure_app.services.licensing import effects

AGENCY = "State Educator Licensure Office"
REASON = "Attach the certificate for the 3 March workshop."


def _mail_to(session: Session, address: str) -> list[OutboxEmail]:
    return list(
        session.exec(
            select(OutboxEmail)
            .where(OutboxEmail.to_address == address)
            .order_by(col(OutboxEmail.id))
        ).all()
    )


def _last_note(session: Session, account_id: int | None) -> Notification:
    note = session.exec(
        select(Notification)
        .where(Notification.recipient_id == account_id)
        .order_by(col(Notification.id).desc())
    ).first()
    assert note is not None
    return note


# ---------------------------------------------------------------- the texts


def test_every_decision_notice_says_what_happened_what_next_and_where() -> None:
    cases = {
        "renewed": notices.renewal_approved("500100", date(2032, 6, 30)),
        "forwarded": notices.forwarded_to_state("additional endorsement"),
        "state approved": notices.approved_by_state(
            "additional endorsement", "Endorsement 0193 added."
        ),
        "returned": notices.returned("renewal", REASON, by_state=False),
        "state returned": notices.returned("upgrade", REASON, by_state=True),
        "rejected": notices.rejected("renewal", REASON, by_state=False),
        "state rejected": notices.rejected("upgrade", REASON, by_state=True),
    }
    for name, notice in cases.items():
        assert notice.subject and notice.what_happened and notice.next_step, name
        assert notice.link in ("/licenses", "/applications"), name
        # Nothing private in a subject: no number, no reason, no name.
        assert "500100" not in notice.subject and "workshop" not in notice.subject, name
    assert cases["renewed"].what_happened == (
        "Your renewal was approved: license 500100 is renewed and now valid until 30 June 2032."
    )
    assert "state licensure office, which now holds it" in cases["forwarded"].what_happened
    assert cases["state approved"].what_happened == (
        "The state licensure office approved your additional endorsement application. "
        "Endorsement 0193 added."
    )
    assert cases["returned"].what_happened == (
        f"Your district returned your renewal application for correction: {REASON}"
    )
    assert cases["returned"].link == "/applications"
    assert "submit it again" in cases["returned"].next_step
    assert cases["state returned"].what_happened.startswith(
        "The state licensure office returned your upgrade application"
    )
    assert (
        cases["rejected"].what_happened
        == f"Your district rejected your renewal application: {REASON}"
    )
    assert cases["state rejected"].what_happened.startswith("The state licensure office rejected")


def test_a_waiting_notice_uses_the_right_article() -> None:
    endorsement = notices.waiting_for_state_review("additional endorsement", "Riley Tester", 7)
    assert endorsement.what_happened == (
        "An additional endorsement application from Riley Tester is waiting for state review."
    )
    assert endorsement.link == "/approvals?application=7"
    assert "Riley" not in endorsement.subject
    upgrade = notices.waiting_for_state_review("upgrade", "Riley Tester", 8)
    assert upgrade.what_happened.startswith("An upgrade application")
    renewal_ = notices.waiting_for_state_review("renewal", "Riley Tester", 9)
    assert renewal_.what_happened.startswith("A renewal application")


# ---------------------------------------------------------------- as the decisions send them


def test_an_approved_renewal_reaches_the_applicant_in_app_and_by_mail(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    assert approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, True, TODAY
    ).ok
    session.commit()
    note = _last_note(session, teacher.account.id)
    assert note.text.startswith("Your renewal was approved: license 500100 is renewed")
    assert note.link == "/licenses"
    mail = _mail_to(session, teacher.account.email)[-1]
    assert mail.subject == f"Your license renewal was approved | {AGENCY}"
    assert note.text in mail.body and "Nothing more is needed." in mail.body
    assert "/licenses" in mail.body and "/licenses" in mail.html_body
    assert mail.body.rstrip().endswith(AGENCY)


@pytest.mark.parametrize("kind", ["return", "reject"])
def test_a_return_or_rejection_carries_the_reason_but_not_in_the_subject(
    session: Session, world: World, teacher: Educator, kind: str
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    decide = approvals.return_application if kind == "return" else approvals.reject_application
    assert decide(session, magnolia, actor_of(magnolia), app_id, REASON).ok
    session.commit()
    note = _last_note(session, teacher.account.id)
    assert REASON in note.text and note.link == "/applications"
    mail = _mail_to(session, teacher.account.email)[-1]
    assert REASON in mail.body and "/applications" in mail.body
    assert "workshop" not in mail.subject and "500100" not in mail.subject
    if kind == "return":
        assert mail.subject == f"Your application needs a correction | {AGENCY}"
        assert "submit it again" in mail.body
    else:
        assert mail.subject == f"A decision on your application | {AGENCY}"


def test_forwarding_tells_the_applicant_who_holds_it_and_the_state_office_by_preference(
    session: Session, world: World, teacher: Educator
) -> None:
    immediate = Account(
        email="clerk@office.test",
        password_hash="x",
        role="state_staff",
        display_name="Clerk",
        queue_mail="immediate",
    )
    session.add(immediate)
    session.commit()
    app_id = submit_endorsement(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    assert approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, False, TODAY
    ).ok
    session.commit()

    told = _last_note(session, teacher.account.id)
    assert "forwarded it to the state licensure office, which now holds it" in told.text
    assert _mail_to(session, teacher.account.email)[-1].subject == (
        f"Your application is with the state licensure office | {AGENCY}"
    )
    for staff in (world.state, immediate):
        note = _last_note(session, staff.id)
        assert note.text.startswith("An additional endorsement application from Riley")
        assert note.link == f"/approvals?application={app_id}"
    # The digest reader is not mailed per item; the one who chose "immediate" is.
    assert _mail_to(session, world.state.email) == []
    [mail] = _mail_to(session, immediate.email)
    assert mail.subject == f"An application is waiting for state review | {AGENCY}"
    assert "Riley" not in mail.subject

    state = principal(session, world.state)
    assert approvals.approve_application(session, state, actor_of(state), app_id, False, TODAY).ok
    session.commit()
    outcome = _last_note(session, teacher.account.id)
    assert outcome.text.startswith(
        "The state licensure office approved your additional endorsement application."
    )
    assert _mail_to(session, teacher.account.email)[-1].subject == (
        f"Your application was approved | {AGENCY}"
    )


def test_the_state_reviews_return_names_the_state_office(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_endorsement(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    state = principal(session, world.state)
    approvals.approve_application(session, magnolia, actor_of(magnolia), app_id, False, TODAY)
    session.commit()
    assert approvals.return_application(session, state, actor_of(state), app_id, REASON).ok
    session.commit()
    note = _last_note(session, teacher.account.id)
    assert note.text == (
        "The state licensure office returned your additional endorsement application for "
        f"correction: {REASON}"
    )


def test_an_unsupported_effect_reads_in_good_grammar(
    session: Session, world: World, teacher: Educator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_id = submit_endorsement(session, teacher)
    application = session.get(Application, app_id)
    assert application is not None
    monkeypatch.delitem(effects.EFFECTS, TYPES["additional_endorsement"].effect)
    with pytest.raises(effects.NotApplied) as refused:
        effects.apply(session, application, actor_of(principal(session, world.state)), TODAY)
    assert refused.value.message == (
        "Approving an additional endorsement application is not supported."
    )
