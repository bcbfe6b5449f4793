"""Server-side sessions and the one-time tickets traded for them."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlmodel import Session, select

from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    AuthSession,
    District,
    DistrictDesignee,
    SessionTicket,
)
from licensure_app.models._base import utcnow
from licensure_app.services import accounts
from licensure_app.services.accounts import two_factor

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


def _sign_in(session: Session, account_id: int, second_factor: bool = False) -> str:
    """What the sign-in page does: a ticket (after the code or not), redeemed by the browser."""
    if second_factor:
        ticket = accounts.issue_ticket(session, account_id, "/", second_factor=True)
    else:  # a password-only sign-in, as every sign-in of an educator is
        ticket = accounts.issue_ticket(session, account_id, "/")
    redeemed = accounts.redeem_ticket(session, ticket)
    assert redeemed is not None
    session.commit()
    return redeemed[0]


def test_a_designated_educators_password_only_session_does_not_approve(
    session: Session,
) -> None:
    """Designation takes effect only in a session whose sign-in passed the one-time code."""
    educator = register(session)
    password_only = _sign_in(session, educator.id or 0)
    district = District(code="0900", name="Magnolia")
    session.add(district)
    session.flush()
    session.add(
        DistrictDesignee(district_id=district.id, account_id=educator.id, granted_by_id=educator.id)
    )
    session.commit()
    principal = accounts.resolve_session(session, password_only)
    assert principal is not None and principal.roles == {ROLE_EDUCATOR}
    assert not principal.approver_district_ids and not principal.may_act_for_district(district.id)
    # She enrols and verifies a code in a new sign-in: that session approves.
    secret = two_factor.new_secret()
    assert (
        two_factor.check_code(session, educator.id, pyotp.TOTP(secret).now(), "a", secret) is None
    )
    verified = _sign_in(session, educator.id or 0, second_factor=True)
    principal = accounts.resolve_session(session, verified)
    assert ROLE_DISTRICT_APPROVER in principal.roles and principal.may_act_for_district(district.id)
    # The old session stays stepped down.
    assert accounts.resolve_session(session, password_only).roles == {ROLE_EDUCATOR}


def test_an_account_made_state_staff_is_not_staff_in_its_password_only_session(
    session: Session,
) -> None:
    account = register(session)
    token = _sign_in(session, account.id or 0)
    account.role = ROLE_STATE_STAFF
    session.add(account)
    session.commit()
    principal = accounts.resolve_session(session, token)
    assert principal is not None and not principal.has_any({ROLE_STATE_STAFF})
    assert not principal.may_act_for_district(1)
