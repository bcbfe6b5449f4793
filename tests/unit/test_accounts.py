"""Registration, sign-in throttling, sessions and password reset (services, no browser)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import Account, AuditEvent, AuthSession, EducatorProfile, OutboxEmail
from licensure_app.models._base import utcnow
from licensure_app.services import accounts
from licensure_app.services.accounts.passwords import (
    hash_password,
    password_problem,
    verify_password,
)

GOOD = "a long and quiet harbour at dawn"


def _register(session: Session, email: str = "Dana@Example.org") -> Account:
    account = accounts.register_educator(
        session, " Dana ", "  Whitfield", email, hash_password(GOOD), "192.0.2.1"
    )
    session.commit()
    return account


def test_registration_creates_account_profile_and_audit(session: Session) -> None:
    account = _register(session)
    assert account.email == "dana@example.org"
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    ).one()
    assert (profile.first_name, profile.last_name, profile.last_name_key) == (
        "Dana",
        "Whitfield",
        "whitfield",
    )
    assert profile.educator_number.startswith("E") and len(profile.educator_number) == 8
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "account.registered")).one()
    assert account.password_hash.startswith("$argon2id$")


def test_email_is_unique_case_insensitively(session: Session) -> None:
    _register(session, "dana@example.org")
    with pytest.raises(accounts.EmailTaken):
        _register(session, "DANA@EXAMPLE.ORG")


@pytest.mark.parametrize(
    ("first", "last", "email", "password", "confirm", "field"),
    [
        ("", "Lee", "a@example.org", GOOD, GOOD, "first_name"),
        ("Al", " ", "a@example.org", GOOD, GOOD, "last_name"),
        ("Al", "Lee", "not-an-email", GOOD, GOOD, "email"),
        ("Al", "Lee", "a@example.org", "fourteen chars", "fourteen chars", "password"),
        ("Al", "Lee", "a@example.org", "passwordpassword", "passwordpassword", "password"),
        ("Al", "Lee", "a@example.org", GOOD, GOOD + "x", "confirm_password"),
    ],
)
def test_registration_errors_name_the_field(
    first: str, last: str, email: str, password: str, confirm: str, field: str
) -> None:
    assert field in accounts.registration_errors(first, last, email, password, confirm)


def test_password_policy() -> None:
    assert password_problem("a" * 14) == "Use at least 15 characters."
    assert password_problem("aaaaaaaaaaaaaaaaaaaa") is not None  # one repeated character
    assert password_problem("1234567890123456") is not None  # common list
    assert password_problem("dana.whitfield is here", "dana.whitfield@example.org") is not None
    assert password_problem(GOOD) is None
    assert password_problem("Ünïcödé pässwörd phrase ☃") is None


def test_hash_is_argon2id_and_verifies() -> None:
    hashed = hash_password(GOOD)
    assert hashed.startswith("$argon2id$")
    assert verify_password(GOOD, hashed)
    assert not verify_password(GOOD + "!", hashed)
    assert not verify_password(GOOD, "garbage")


def test_sign_in_generic_error_and_success(session: Session) -> None:
    account = _register(session)
    unknown = accounts.check_credentials(session, "nobody@example.org", GOOD, "192.0.2.1")
    wrong = accounts.check_credentials(
        session, "dana@example.org", "wrong password here", "192.0.2.1"
    )
    assert unknown.error == wrong.error == accounts.GENERIC_SIGN_IN_ERROR
    ok = accounts.check_credentials(session, "DANA@example.org", GOOD, "192.0.2.1")
    assert ok.account_id == account.id and ok.error is None
    session.commit()
    attempts = session.exec(select(AccountAttempt := accounts.SignInAttempt)).all()
    assert [a.succeeded for a in attempts] == [False, False, True]
    assert all(GOOD not in (a.reason + a.email) for a in attempts)
    del AccountAttempt


def test_account_locks_after_failures_and_unlocks_after_window(session: Session) -> None:
    _register(session)
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
    _register(session)
    now = utcnow()
    for i in range(accounts.ADDRESS_FAILURE_LIMIT):
        accounts.check_credentials(session, f"user{i}@example.org", "bad", "198.51.100.9", now)
    blocked = accounts.check_credentials(session, "dana@example.org", GOOD, "198.51.100.9", now)
    assert blocked.error == accounts.THROTTLED_ERROR
    other_address = accounts.check_credentials(
        session, "dana@example.org", GOOD, "203.0.113.1", now
    )
    assert other_address.error is None


def test_session_token_is_random_stored_hashed_and_expires(session: Session) -> None:
    account = _register(session)
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    assert len(token) >= 43  # 256 bits, url-safe base64
    row = session.exec(select(AuthSession)).one()
    assert row.token_hash == accounts.token_digest(token) and token not in row.token_hash
    now = utcnow()
    assert accounts.resolve_session(session, token, now).account_id == account.id
    idle = now + accounts.SESSION_IDLE_TIMEOUT + timedelta(seconds=1)
    assert accounts.resolve_session(session, token, idle) is None
    assert accounts.resolve_session(session, token + "x", now) is None


def test_absolute_timeout_even_when_active(session: Session) -> None:
    account = _register(session)
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    moment = utcnow()
    # Keep touching the session: the absolute limit still ends it.
    row = session.exec(select(AuthSession)).one()
    row.last_seen_at = moment + accounts.SESSION_ABSOLUTE_TIMEOUT - timedelta(minutes=1)
    session.add(row)
    session.commit()
    assert (
        accounts.resolve_session(session, token, moment + accounts.SESSION_ABSOLUTE_TIMEOUT) is None
    )


def test_sign_out_revokes(session: Session) -> None:
    account = _register(session)
    token = accounts.open_session(session, account.id or 0)
    accounts.close_session(session, token)
    session.commit()
    assert accounts.resolve_session(session, token) is None


def _reset_token_from_outbox(session: Session) -> str:
    mail = session.exec(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert mail is not None
    return mail.body.split("token=")[1].split()[0]


def test_password_reset_is_single_use_and_signs_out_everywhere(session: Session) -> None:
    account = _register(session)
    old_session = accounts.open_session(session, account.id or 0)
    accounts.request_password_reset(session, "dana@example.org")
    session.commit()
    token = _reset_token_from_outbox(session)
    assert accounts.reset_token_valid(session, token)
    new = "seven purple otters sailing home"
    assert accounts.reset_password(session, token, hash_password(new))
    session.commit()
    assert not accounts.reset_password(session, token, hash_password("another phrase entirely ok"))
    assert accounts.resolve_session(session, old_session) is None
    session.refresh(account)
    assert verify_password(new, account.password_hash)
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == "account.password_reset")
    ).one()


def test_reset_for_unknown_email_sends_nothing(session: Session) -> None:
    accounts.request_password_reset(session, "nobody@example.org")
    session.commit()
    assert session.exec(select(OutboxEmail)).all() == []


def test_expired_reset_token_refused(session: Session) -> None:
    _register(session)
    accounts.request_password_reset(session, "dana@example.org")
    session.commit()
    token = _reset_token_from_outbox(session)
    row = session.exec(select(accounts.PasswordResetToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert not accounts.reset_token_valid(session, token)
    assert not accounts.reset_password(session, token, hash_password(GOOD))


def test_concurrent_reset_uses_token_once(db_url: str) -> None:
    engine = make_engine(db_url)
    with Session(engine) as s:
        _register(s)
        accounts.request_password_reset(s, "dana@example.org")
        s.commit()
        token = _reset_token_from_outbox(s)
    results: list[bool] = []

    def use() -> None:
        with Session(engine) as s:
            results.append(accounts.reset_password(s, token, hash_password(GOOD + " again")))
            s.commit()

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]


def test_audit_chain_verifies_and_detects_tampering(db_url: str) -> None:
    from sqlalchemy import text

    from licensure_app.services import audit

    engine = make_engine(db_url)
    with Session(engine) as s:
        for i in range(3):
            audit.record(s, audit.SYSTEM, "test.event", "thing", i, after={"n": i})
        s.commit()
    with Session(engine) as s:
        assert audit.verify_chain(s) == (True, None)
        # The database refuses edits; bypass the trigger to simulate tampering on disk.
        with pytest.raises(Exception, match="append-only"):
            s.execute(text("UPDATE audit_event SET after_json='{}' WHERE id=2"))
        s.rollback()
    with engine.connect() as c:
        c.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        c.exec_driver_sql("UPDATE audit_event SET after_json='{\"n\": 9}' WHERE id=2")
        c.commit()
    with Session(engine) as s:
        assert audit.verify_chain(s) == (False, 2)


def test_sign_in_ticket_is_single_use_and_short_lived(session: Session) -> None:
    account = _register(session)
    ticket = accounts.issue_ticket(session, account.id or 0, "/pd")
    session.commit()
    redeemed = accounts.redeem_ticket(session, ticket, "192.0.2.1")
    assert redeemed is not None
    token, next_path = redeemed
    assert next_path == "/pd" and token != ticket
    assert accounts.resolve_session(session, token).account_id == account.id
    assert accounts.redeem_ticket(session, ticket) is None  # once only
    late = accounts.issue_ticket(session, account.id or 0)
    row = session.exec(
        select(accounts.SessionTicket).where(
            accounts.SessionTicket.token_hash == accounts.token_digest(late)
        )
    ).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert accounts.redeem_ticket(session, late) is None
    # A ticket is not a session token.
    assert accounts.resolve_session(session, late) is None


def test_change_password_ends_every_session_and_tells_the_owner(session: Session) -> None:
    account = _register(session)
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
    account = _register(session)
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
