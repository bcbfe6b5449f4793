"""Server-side sessions and the one-time tickets traded for them."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from licensure_app.models import AuthSession, SessionTicket
from licensure_app.models._base import utcnow
from licensure_app.services import accounts

from .account_world import register


def test_session_token_is_random_stored_hashed_and_expires(session: Session) -> None:
    account = register(session)
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
    account = register(session)
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
    account = register(session)
    token = accounts.open_session(session, account.id or 0)
    accounts.close_session(session, token)
    session.commit()
    assert accounts.resolve_session(session, token) is None


def test_sign_in_ticket_is_single_use_and_short_lived(session: Session) -> None:
    account = register(session)
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
        select(SessionTicket).where(SessionTicket.token_hash == accounts.token_digest(late))
    ).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert accounts.redeem_ticket(session, late) is None
    # A ticket is not a session token.
    assert accounts.resolve_session(session, late) is None
