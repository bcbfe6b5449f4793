"""Changing password or email while signed in."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import Session, select

from licensure_app.models import Account, AuditEvent, OutboxEmail, SignInAttempt
from licensure_app.services import accounts
from licensure_app.services.accounts.passwords import hash_password, verify_password

from .account_world import GOOD, register


def test_change_password_ends_every_session_and_tells_the_owner(session: Session) -> None:
    account = register(session)
    old_token = accounts.open_session(session, account.id or 0)
    session.commit()
    assert accounts.reauthenticate(session, account.id or 0, GOOD) is None
    assert accounts.reauthenticate(session, account.id or 0, "wrong " + GOOD) == (
        "Your current password is not right."
    )
    ticket = accounts.change_password(
        session, account.id or 0, hash_password("brand new long phrase here")
    )
    session.commit()
    assert accounts.resolve_session(session, old_token) is None
    assert accounts.redeem_ticket(session, ticket) is not None
    assert verify_password(
        "brand new long phrase here", session.get(Account, account.id).password_hash
    )
    assert session.exec(
        select(OutboxEmail).where(OutboxEmail.subject.contains("password was changed"))
    ).one()


def test_change_email_checks_and_tells_the_old_address(session: Session) -> None:
    account = register(session)
    other = accounts.register_educator(session, "Al", "Lee", "al@example.org", hash_password(GOOD))
    session.commit()
    assert accounts.change_email(session, account.id or 0, "AL@example.org") == (
        "Another account already uses that email address."
    )
    assert accounts.change_email(session, account.id or 0, "nonsense") is not None
    assert accounts.change_email(session, account.id or 0, "Dana.New@Example.org") is None
    session.commit()
    assert session.get(Account, account.id).email == "dana.new@example.org"
    notice = session.exec(
        select(OutboxEmail).where(OutboxEmail.to_address == "dana@example.org")
    ).one()
    assert "dana.new@example.org" in notice.body
    assert other.email == "al@example.org"


def test_reauthentication_is_throttled_like_sign_in_and_logged(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """Someone holding a signed-in tab cannot guess the password behind it without limit."""
    account = register(session)
    wrong = "wrong guess number one two three"
    with caplog.at_level(logging.INFO, logger="licensure.security"):
        for _ in range(accounts.ACCOUNT_FAILURE_LIMIT):
            refused = accounts.reauthenticate(session, account.id or 0, wrong, "198.51.100.4")
            assert refused == "Your current password is not right."
        # Throttled now: even the right password is refused for a while.
        assert accounts.reauthenticate(session, account.id or 0, GOOD, "198.51.100.4") == (
            accounts.THROTTLED_ERROR
        )
    session.commit()
    reasons = [a.reason for a in session.exec(select(SignInAttempt)).all()]
    assert reasons == ["reauth_bad"] * accounts.ACCOUNT_FAILURE_LIMIT + ["reauth_throttled"]
    refused_events = session.exec(
        select(AuditEvent).where(AuditEvent.action == "account.reauthentication_refused")
    ).all()
    assert len(refused_events) == accounts.ACCOUNT_FAILURE_LIMIT + 1
    assert "re-authentication reauth_bad" in caplog.text
    for secret in (wrong, GOOD):
        assert secret not in caplog.text
        assert all(secret not in e.after_json for e in refused_events)
