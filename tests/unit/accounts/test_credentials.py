"""Changing password or email while signed in."""

from __future__ import annotations

from sqlmodel import Session, select

from licensure_app.models import Account, OutboxEmail
from licensure_app.services import accounts
from licensure_app.services.accounts.passwords import hash_password, verify_password

from .account_world import GOOD, register


def test_change_password_ends_every_session_and_tells_the_owner(session: Session) -> None:
    account = register(session)
    old_token = accounts.open_session(session, account.id or 0)
    session.commit()
    assert accounts.verify_current_password(session, account.id or 0, GOOD)
    assert not accounts.verify_current_password(session, account.id or 0, "wrong " + GOOD)
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
