"""Issue 14 #5: each approver chooses one e-mail per application or the daily digest."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from licensure_app import db as app_db
from licensure_app.models import Account, AuditEvent, District
from licensure_app.services import accounts, audit
from licensure_app.services.accounts import mail_preferences
from licensure_app.states.account_security import AccountSecurityState

from .account_world import register
from .tabs import open_tab, page_state, run


def _approver(session: Session, email: str = "super@example.org") -> Account:
    district = District(code="0700", name="Magnolia")
    session.add(district)
    session.flush()
    account = Account(
        email=email, password_hash="x", role="district_approver", district_id=district.id
    )
    session.add(account)
    session.commit()
    return account


def _actor(account: Account) -> audit.Actor:
    return audit.Actor(account.id, account.role, "192.0.2.1")


def test_an_approver_chooses_immediate_e_mails_and_it_is_audited(session: Session) -> None:
    approver = _approver(session)
    assert mail_preferences.queue_mail_choice(session, approver.id or 0) == "digest"
    assert (
        mail_preferences.set_queue_mail(session, _actor(approver), approver.id, "immediate") is None
    )
    session.commit()
    assert session.get(Account, approver.id).queue_mail == "immediate"
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "account.queue_mail_changed")
    ).one()
    assert event.actor_id == approver.id and event.entity_id == str(approver.id)
    assert '"digest"' in event.before_json and '"immediate"' in event.after_json
    # Saving the same choice again changes and audits nothing.
    assert (
        mail_preferences.set_queue_mail(session, _actor(approver), approver.id, "immediate") is None
    )
    assert (
        len(
            session.exec(
                select(AuditEvent).where(AuditEvent.action == "account.queue_mail_changed")
            ).all()
        )
        == 1
    )


def test_state_staff_choose_too(session: Session) -> None:
    staff = Account(email="staff@example.org", password_hash="x", role="state_staff")
    session.add(staff)
    session.commit()
    assert mail_preferences.set_queue_mail(session, _actor(staff), staff.id, "immediate") is None
    assert session.get(Account, staff.id).queue_mail == "immediate"


@pytest.mark.parametrize("mode", ["", "weekly", "IMMEDIATE", "immediate; drop table account"])
def test_only_the_two_choices_are_accepted(session: Session, mode: str) -> None:
    approver = _approver(session)
    refused = mail_preferences.set_queue_mail(session, _actor(approver), approver.id, mode)
    assert refused == mail_preferences.NOT_A_CHOICE
    assert session.get(Account, approver.id).queue_mail == "digest"


def test_an_educator_has_no_queue_to_choose_for(session: Session) -> None:
    educator = register(session)
    refused = mail_preferences.set_queue_mail(session, _actor(educator), educator.id, "immediate")
    assert refused == mail_preferences.NOT_AN_APPROVER
    assert session.get(Account, educator.id).queue_mail == "digest"


def test_the_account_page_offers_the_choice_to_approvers_only(app_database: str) -> None:
    with app_db.session_scope() as session:
        approver = _approver(session)
        educator = register(session, "dana@example.org")
        approver_token = accounts.open_session(session, approver.id or 0, second_factor=True)
        educator_token = accounts.open_session(session, educator.id or 0)
        approver_id, educator_id = approver.id, educator.id

    tab = open_tab(approver_token, "/account")
    run(tab, AccountSecurityState, "load")
    state = page_state(tab, AccountSecurityState)
    assert state.has_queue and state.queue_mail == "digest"
    run(tab, AccountSecurityState, "save_queue_mail", {"queue_mail": "immediate"})
    assert (state.queue_mail, state.queue_mail_message) == ("immediate", "Your choice is saved.")

    # An educator neither sees the choice nor reaches the handler with a crafted event.
    tab = open_tab(educator_token, "/account")
    run(tab, AccountSecurityState, "load")
    state = page_state(tab, AccountSecurityState)
    assert not state.has_queue
    run(tab, AccountSecurityState, "save_queue_mail", {"queue_mail": "immediate"})
    assert state.queue_mail_message == ""
    with app_db.session_scope() as session:
        assert session.get(Account, approver_id).queue_mail == "immediate"
        assert session.get(Account, educator_id).queue_mail == "digest"
