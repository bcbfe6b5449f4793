"""Server-side sessions: open, check on every event, touch, close; and the one-time tickets
the browser trades for the HttpOnly session cookie."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie

from sqlalchemy import bindparam, exists, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from licensure_app.domain.formatting import aware
from licensure_app.infra import change_feed
from licensure_app.models import (
    Account,
    AuthSession,
    District,
    DistrictDesignee,
    EducatorProfile,
    SessionTicket,
)
from licensure_app.models._base import utcnow
from licensure_app.services.accounts.authz import Principal, build_principal

# The HttpOnly cookie holding the session token (set and cleared only by api.py).
SESSION_COOKIE = "licensure_session"
SESSION_IDLE_TIMEOUT = timedelta(hours=1)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=24)
# Refreshing last_seen_at on every event would turn every read into a write.
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)
TICKET_LIFETIME = timedelta(seconds=60)


@lru_cache(maxsize=4096)
def token_digest(token: str) -> str:
    """SHA-256 of a session token (what the database keeps); computed once per token, as
    every event of a tab checks it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4096)
def token_from_cookie_header(header: str) -> str:
    """The session token in a Cookie header ("" if none). Parsed once per distinct header:
    every websocket event of a tab carries the same one."""
    cookies = SimpleCookie()
    try:
        cookies.load(header)
    except CookieError:
        return ""
    morsel = cookies.get(SESSION_COOKIE)
    return morsel.value if morsel else ""


def open_session(
    session: Session, account_id: int, client_address: str = "", second_factor: bool = False
) -> str:
    """Start a server-side session; returns the token (only its hash is stored).

    `second_factor`: the sign-in passed the one-time code (only then does the session carry
    the approver and staff roles).
    """
    token = secrets.token_urlsafe(32)  # 256 bits
    now = utcnow()
    session.add(
        AuthSession(
            token_hash=token_digest(token),
            account_id=account_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_ABSOLUTE_TIMEOUT,
            client_address=client_address[:64],
            second_factor=second_factor,
        )
    )
    session.flush()
    return token


def issue_ticket(
    session: Session, account_id: int, next_path: str = "/", second_factor: bool = False
) -> str:
    """A one-time ticket the browser trades for the HttpOnly session cookie (see api.py).

    `second_factor`: the sign-in passed the one-time code; the session inherits it.
    """
    ticket = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SessionTicket(
            token_hash=token_digest(ticket),
            account_id=account_id,
            next_path=next_path[:300],
            second_factor=second_factor,
            created_at=now,
            expires_at=now + TICKET_LIFETIME,
        )
    )
    session.flush()
    return ticket


def redeem_ticket(
    session: Session, ticket: str, client_address: str = ""
) -> tuple[str, str] | None:
    """(session token, where to go next) for a fresh, unused ticket; None otherwise. Once only."""
    if not ticket or len(ticket) > 200:
        return None
    now = utcnow()
    result = session.exec(
        update(SessionTicket)
        .where(
            SessionTicket.token_hash == token_digest(ticket),
            SessionTicket.used_at.is_(None),  # type: ignore[union-attr]
            SessionTicket.expires_at > now,
        )
        .values(used_at=now)
        .returning(SessionTicket.account_id, SessionTicket.next_path, SessionTicket.second_factor)
    )
    row = result.first()
    if row is None:
        return None
    account_id, next_path, second_factor = row
    return open_session(session, account_id, client_address, second_factor), next_path


@dataclass(frozen=True)
class LiveSession:
    principal: Principal
    # The last recorded activity is older than SESSION_TOUCH_INTERVAL: call touch_session.
    needs_touch: bool
    # When the session ends at the latest, and its last recorded activity (both aware UTC).
    expires_at: datetime | None = None
    last_seen: datetime | None = None


# Every websocket event checks the session: the session, its account and what principal_for
# reads, in one statement built once (SQLAlchemy caches its compiled form; building a
# statement per call costs more than running it). Used by check_session only.
_SESSION_PRINCIPAL = (
    select(
        AuthSession.expires_at,
        AuthSession.last_seen_at,
        AuthSession.revoked_at,
        AuthSession.second_factor,
        Account.id,
        Account.email,
        Account.display_name,
        Account.role,
        Account.district_id,
        Account.is_active,
        select(District.id)
        .where(District.superintendent_account_id == Account.id)
        .limit(1)
        .scalar_subquery(),
        select(EducatorProfile.id)
        .where(EducatorProfile.account_id == Account.id)
        .limit(1)
        .scalar_subquery(),
        exists().where(
            DistrictDesignee.account_id == Account.id,
            DistrictDesignee.revoked_at.is_(None),  # type: ignore[union-attr]
        ),
    )
    .join(Account, Account.id == AuthSession.account_id)  # type: ignore[arg-type]
    .where(AuthSession.token_hash == bindparam("token_hash"))
)
_DESIGNATED = select(DistrictDesignee.district_id).where(
    DistrictDesignee.account_id == bindparam("account_id"),
    DistrictDesignee.revoked_at.is_(None),  # type: ignore[union-attr]
)


def check_session(
    session: Session | Connection, token: str, now: datetime | None = None
) -> LiveSession | None:
    """The principal behind a live session token and whether to touch it, in one indexed
    query (run on every event). None if unknown, revoked, idle or expired."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.execute(_SESSION_PRINCIPAL, {"token_hash": token_digest(token)}).first()
    if row is None:
        return None
    (
        expires_at,
        last_seen_at,
        revoked_at,
        second_factor,
        account_id,
        email,
        display_name,
        role,
        district_id,
        is_active,
        superintendent_of,
        profile_id,
        designee,
    ) = row
    if revoked_at is not None or not is_active:
        return None
    last_seen = aware(last_seen_at)
    if aware(expires_at) <= now or last_seen + SESSION_IDLE_TIMEOUT <= now:
        return None
    designated = (
        session.execute(_DESIGNATED, {"account_id": account_id}).scalars().all() if designee else []
    )
    principal = build_principal(
        account_id=account_id,
        email=email,
        display_name=display_name,
        role=role,
        district_id=district_id,
        superintendent_of=superintendent_of,
        designated=designated,
        profile_id=profile_id,
        second_factor=bool(second_factor),
    )
    return LiveSession(
        principal, now - last_seen >= SESSION_TOUCH_INTERVAL, aware(expires_at), last_seen
    )


def resolve_session(session: Session, token: str, now: datetime | None = None) -> Principal | None:
    """The principal behind a session token, or None if unknown, revoked, idle or expired.

    Read-only, so it can run in a read transaction on every event; `check_session` also says
    when the caller should record activity with `touch_session`.
    """
    live = check_session(session, token, now)
    return live.principal if live else None


def touch_session(session: Session, token: str) -> None:
    """Record activity on a session (extends its inactivity timeout, never its absolute one).

    Quiet for the change feed: it changes nothing a cache of sessions holds (session_cache
    keeps a session at most SESSION_TOUCH_INTERVAL past its last recorded activity).
    """
    session.exec(
        update(AuthSession)
        .where(AuthSession.token_hash == token_digest(token), AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
        .values(last_seen_at=utcnow())
        .execution_options(**change_feed.QUIET)
    )


def close_session(session: Session, token: str) -> None:
    if token:
        session.exec(
            update(AuthSession)
            .where(AuthSession.token_hash == token_digest(token), AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
            .values(revoked_at=utcnow())
        )


def close_all_sessions(session: Session, account_id: int) -> None:
    session.exec(
        update(AuthSession)
        .where(AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
        .values(revoked_at=utcnow())
    )
