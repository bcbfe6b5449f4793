"""Sign-in: the generic error, throttling per account and per address."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from licensure_app.models import SignInAttempt
from licensure_app.models._base import utcnow
from licensure_app.services import accounts

from .account_world import GOOD, register


def test_sign_in_generic_error_and_success(session: Session) -> None:
    account = register(session)
    unknown = accounts.check_credentials(session, "nobody@example.org", GOOD, "192.0.2.1")
    wrong = accounts.check_credentials(
        session, "dana@example.org", "wrong password here", "192.0.2.1"
    )
    assert unknown.error == wrong.error == accounts.GENERIC_SIGN_IN_ERROR
    ok = accounts.check_credentials(session, "DANA@example.org", GOOD, "192.0.2.1")
    assert ok.account_id == account.id and ok.error is None
    session.commit()
    attempts = session.exec(select(AccountAttempt := SignInAttempt)).all()
    assert [a.succeeded for a in attempts] == [False, False, True]
    assert all(GOOD not in (a.reason + a.email) for a in attempts)
    del AccountAttempt


def test_account_locks_after_failures_and_unlocks_after_window(session: Session) -> None:
    register(session)
    now = utcnow()
    for i in range(accounts.ACCOUNT_FAILURE_LIMIT):
        assert accounts.check_credentials(session, "dana@example.org", f"bad{i}", "a", now).error
    locked = accounts.check_credentials(session, "dana@example.org", GOOD, "a", now)
    assert locked.error == accounts.THROTTLED_ERROR
    later = now + accounts.THROTTLE_WINDOW + timedelta(seconds=1)
    assert accounts.check_credentials(session, "dana@example.org", GOOD, "a", later).error is None


def test_unknown_email_is_throttled_like_a_real_one(session: Session) -> None:
    now = utcnow()
    for i in range(accounts.ACCOUNT_FAILURE_LIMIT):
        accounts.check_credentials(session, "ghost@example.org", f"bad{i}", "b", now)
    assert (
        accounts.check_credentials(session, "ghost@example.org", "x", "b", now).error
        == accounts.THROTTLED_ERROR
    )


def test_address_throttle(session: Session) -> None:
    register(session)
    now = utcnow()
    for i in range(accounts.ADDRESS_FAILURE_LIMIT):
        accounts.check_credentials(session, f"user{i}@example.org", "bad", "198.51.100.9", now)
    blocked = accounts.check_credentials(session, "dana@example.org", GOOD, "198.51.100.9", now)
    assert blocked.error == accounts.THROTTLED_ERROR
    other_address = accounts.check_credentials(
        session, "dana@example.org", GOOD, "203.0.113.1", now
    )
    assert other_address.error is None
