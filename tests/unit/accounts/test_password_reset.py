"""Password reset: one-time links, expiry, concurrent use."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import AuditEvent, OutboxEmail, PasswordResetToken
from licensure_app.models._base import utcnow
from licensure_app.services import accounts
from licensure_app.services.accounts.passwords import hash_password, verify_password

from .account_world import GOOD, register


def _reset_token_from_outbox(session: Session) -> str:
    mail = session.exec(select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert mail is not None
    return mail.body.split("token=")[1].split()[0]


def test_password_reset_is_single_use_and_signs_out_everywhere(session: Session) -> None:
    account = register(session)
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
    register(session)
    accounts.request_password_reset(session, "dana@example.org")
    session.commit()
    token = _reset_token_from_outbox(session)
    row = session.exec(select(PasswordResetToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert not accounts.reset_token_valid(session, token)
    assert not accounts.reset_password(session, token, hash_password(GOOD))


def test_concurrent_reset_uses_token_once(db_url: str) -> None:
    engine = make_engine(db_url)
    with Session(engine) as s:
        register(s)
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
