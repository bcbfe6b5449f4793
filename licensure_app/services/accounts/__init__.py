"""Registration, sign-in with throttling, server-side sessions and password reset.

Password hashing is slow on purpose: callers run these functions off the event loop
(`asyncio.to_thread`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from licensure_app import settings
from licensure_app.domain.names import clean_name, name_key, storable
from licensure_app.infra.mail import queue_email
from licensure_app.models import (
    ROLE_EDUCATOR,
    Account,
    AuthSession,
    District,
    DistrictDesignee,
    EducatorProfile,
    PasswordResetToken,
    SessionTicket,
    SignInAttempt,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal, build_principal
from licensure_app.services.accounts.passwords import (
    dummy_hash,
    hash_password,
    password_problem,
    verify_password,
)

log = logging.getLogger("licensure.security")

# The HttpOnly cookie holding the session token (set and cleared only by api.py).
SESSION_COOKIE = "licensure_session"
SESSION_IDLE_TIMEOUT = timedelta(hours=1)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=24)
# Refreshing last_seen_at on every event would turn every read into a write.
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)
RESET_TOKEN_LIFETIME = timedelta(minutes=30)
TICKET_LIFETIME = timedelta(seconds=60)
ACCOUNT_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 30
THROTTLE_WINDOW = timedelta(minutes=15)

GENERIC_SIGN_IN_ERROR = "Email or password is incorrect"
THROTTLED_ERROR = (
    "Too many failed sign-ins. Wait 15 minutes, then try again or reset your password."
)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def normalise_email(email: str) -> str:
    # Control characters and lone surrogates would fail the database (PostgreSQL refuses NUL).
    return storable(email).strip().lower()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(value: datetime) -> datetime:
    # SQLite returns naive datetimes even for timezone=True columns; they are stored as UTC.
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


# ---------------------------------------------------------------- registration


def registration_errors(
    first_name: str, last_name: str, email: str, password: str, confirm: str
) -> dict[str, str]:
    """Field -> message for everything wrong with a registration form (cheap checks only)."""
    errors: dict[str, str] = {}
    if not clean_name(first_name):
        errors["first_name"] = "Enter your first name."
    elif len(clean_name(first_name)) > 100:
        errors["first_name"] = "Use at most 100 characters."
    if not clean_name(last_name):
        errors["last_name"] = "Enter your last name."
    elif len(clean_name(last_name)) > 100:
        errors["last_name"] = "Use at most 100 characters."
    if not _EMAIL.match(normalise_email(email)) or len(email) > 254:
        errors["email"] = "Enter an email address like name@example.org."
    problem = password_problem(password, normalise_email(email))
    if problem:
        errors["password"] = problem
    elif password != confirm:
        errors["confirm_password"] = "The passwords do not match."
    return errors


class EmailTaken(Exception):
    pass


def _new_educator_number(session: Session) -> str:
    while True:
        candidate = "E" + "".join(secrets.choice("0123456789") for _ in range(7))
        if not session.exec(
            select(EducatorProfile.id).where(EducatorProfile.educator_number == candidate)
        ).first():
            return candidate


def register_educator(
    session: Session,
    first_name: str,
    last_name: str,
    email: str,
    password_hash: str,
    client_address: str = "",
) -> Account:
    """Create an educator account and its profile. Raises EmailTaken."""
    email = normalise_email(email)
    if session.exec(select(Account.id).where(Account.email == email)).first():
        raise EmailTaken(email)
    first, last = clean_name(first_name), clean_name(last_name)
    account = Account(
        email=email,
        password_hash=password_hash,
        role=ROLE_EDUCATOR,
        display_name=f"{first} {last}"[:200],  # two names of 100 characters and a space
        password_changed_at=utcnow(),
    )
    session.add(account)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent registration won the unique index
        raise EmailTaken(email) from exc
    profile = EducatorProfile(
        account_id=account.id,
        educator_number=_new_educator_number(session),
        first_name=first,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
    )
    session.add(profile)
    session.flush()
    audit.record(
        session,
        audit.Actor(account.id, ROLE_EDUCATOR, client_address),
        "account.registered",
        "account",
        account.id,
        after={"email": email, "first_name": first, "last_name": last},
    )
    return account


# ---------------------------------------------------------------- sign-in


@dataclass(frozen=True)
class SignInResult:
    account_id: int | None
    error: str | None


def _recent_failures(session: Session, column, value: str, now: datetime) -> int:  # noqa: ANN001
    return session.exec(
        select(func.count())
        .select_from(SignInAttempt)
        .where(
            column == value,
            SignInAttempt.succeeded.is_(False),
            SignInAttempt.at > now - THROTTLE_WINDOW,
        )  # type: ignore[attr-defined]
    ).one()


def check_credentials(
    session: Session, email: str, password: str, client_address: str, now: datetime | None = None
) -> SignInResult:
    """Verify a sign-in attempt, throttled per account and per address; logs every attempt."""
    now = now or utcnow()
    email = normalise_email(email)[:254]
    account = session.exec(select(Account).where(Account.email == email)).first()
    throttled = (
        _recent_failures(session, SignInAttempt.email, email, now) >= ACCOUNT_FAILURE_LIMIT
        or (
            client_address
            and _recent_failures(session, SignInAttempt.client_address, client_address, now)
            >= ADDRESS_FAILURE_LIMIT
        )
        or (account is not None and account.locked_until and _aware(account.locked_until) > now)
    )
    if throttled:
        reason, ok = "throttled", False
    else:
        ok = verify_password(password, account.password_hash if account else dummy_hash())
        ok = ok and account is not None and account.is_active
        reason = "ok" if ok else ("unknown_account" if account is None else "bad_password")
    session.add(
        SignInAttempt(
            email=email, client_address=client_address, succeeded=ok, reason=reason, at=now
        )
    )
    log.info("sign-in %s email=%s address=%s", reason, email, client_address)
    if account is not None:
        if ok:
            account.failed_sign_ins = 0
            account.locked_until = None
            account.last_sign_in_at = now
        elif reason == "bad_password":
            account.failed_sign_ins += 1
            if account.failed_sign_ins >= ACCOUNT_FAILURE_LIMIT:
                account.locked_until = now + THROTTLE_WINDOW
        session.add(account)
    session.flush()
    if ok and account is not None:
        return SignInResult(account.id, None)
    return SignInResult(None, THROTTLED_ERROR if reason == "throttled" else GENERIC_SIGN_IN_ERROR)


def open_session(session: Session, account_id: int, client_address: str = "") -> str:
    """Start a server-side session; returns the token (only its hash is stored)."""
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
        )
    )
    session.flush()
    return token


def issue_ticket(session: Session, account_id: int, next_path: str = "/") -> str:
    """A one-time ticket the browser trades for the HttpOnly session cookie (see api.py)."""
    ticket = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SessionTicket(
            token_hash=token_digest(ticket),
            account_id=account_id,
            next_path=next_path[:300],
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
        .returning(SessionTicket.account_id, SessionTicket.next_path)
    )
    row = result.first()
    if row is None:
        return None
    account_id, next_path = row
    return open_session(session, account_id, client_address), next_path


@dataclass(frozen=True)
class LiveSession:
    principal: Principal
    # The last recorded activity is older than SESSION_TOUCH_INTERVAL: call touch_session.
    needs_touch: bool


# Every websocket event checks the session: the session, its account and what principal_for
# reads, in one statement built once (SQLAlchemy caches its compiled form; building a
# statement per call costs more than running it). Used by check_session only.
_SESSION_PRINCIPAL = (
    select(
        AuthSession.expires_at,
        AuthSession.last_seen_at,
        AuthSession.revoked_at,
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
    """resolve_session and session_needs_touch in one indexed query (run on every event)."""
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
    last_seen = _aware(last_seen_at)
    if _aware(expires_at) <= now or last_seen + SESSION_IDLE_TIMEOUT <= now:
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
    )
    return LiveSession(principal, now - last_seen >= SESSION_TOUCH_INTERVAL)


def resolve_session(session: Session, token: str, now: datetime | None = None) -> Principal | None:
    """The principal behind a session token, or None if unknown, revoked, idle or expired.

    Read-only, so it can run in a read transaction on every event; `session_needs_touch`
    (or `check_session`, which answers both) says when the caller should record activity
    with `touch_session`.
    """
    live = check_session(session, token, now)
    return live.principal if live else None


def _live_session(session: Session, token: str, now: datetime) -> AuthSession | None:
    if not token or len(token) > 200:
        return None
    row = session.exec(
        select(AuthSession).where(AuthSession.token_hash == token_digest(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    if _aware(row.expires_at) <= now or _aware(row.last_seen_at) + SESSION_IDLE_TIMEOUT <= now:
        return None
    return row


def session_needs_touch(session: Session, token: str, now: datetime | None = None) -> bool:
    row = _live_session(session, token, now or utcnow())
    return (
        row is not None and (now or utcnow()) - _aware(row.last_seen_at) >= SESSION_TOUCH_INTERVAL
    )


def touch_session(session: Session, token: str) -> None:
    """Record activity on a session (extends its inactivity timeout, never its absolute one)."""
    session.exec(
        update(AuthSession)
        .where(AuthSession.token_hash == token_digest(token), AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
        .values(last_seen_at=utcnow())
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


# ---------------------------------------------------------------- password reset


def request_password_reset(session: Session, email: str, client_address: str = "") -> None:
    """E-mail a one-time reset link if the account exists. Says nothing either way."""
    email = normalise_email(email)
    account = session.exec(select(Account).where(Account.email == email)).first()
    log.info(
        "password-reset requested email=%s address=%s found=%s",
        email,
        client_address,
        bool(account),
    )
    if account is None or not account.is_active:
        return
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        PasswordResetToken(
            token_hash=token_digest(token),
            account_id=account.id,
            created_at=now,
            expires_at=now + RESET_TOKEN_LIFETIME,
        )
    )
    link = f"{settings.public_base_url()}/reset-password?token={token}"
    queue_email(
        session,
        account.email,
        "Reset your educator licensure password",
        "Someone asked to reset the password of this account.\n\n"
        f"To choose a new password, open this link within 30 minutes:\n{link}\n\n"
        "The link works once. If you did not ask for this, ignore this message.",
    )


def reset_token_valid(session: Session, token: str) -> bool:
    row = session.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
    ).first()
    return row is not None and row.used_at is None and _aware(row.expires_at) > utcnow()


def reset_password(
    session: Session, token: str, new_password_hash: str, client_address: str = ""
) -> bool:
    """Use a reset token once: set the password and sign out every session. False if invalid."""
    now = utcnow()
    # Conditional update: of two concurrent uses of one token, exactly one succeeds.
    result = session.exec(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.token_hash == token_digest(token),
            PasswordResetToken.used_at.is_(None),  # type: ignore[union-attr]
            PasswordResetToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(PasswordResetToken.account_id)
    )
    account_id = result.scalar_one_or_none()
    if account_id is None:
        return False
    account = session.get(Account, account_id)
    assert account is not None
    account.password_hash = new_password_hash
    account.password_changed_at = now
    account.failed_sign_ins = 0
    account.locked_until = None
    session.add(account)
    close_all_sessions(session, account_id)
    audit.record(
        session,
        audit.Actor(account_id, account.role, client_address),
        "account.password_reset",
        "account",
        account_id,
    )
    return True


def new_password_hash(password: str) -> str:
    return hash_password(password)


# ---------------------------------------------------------------- changing sign-in details


def verify_current_password(session: Session, account_id: int, password: str) -> bool:
    """Re-authentication before a change of email or password (slow: run off the loop)."""
    account = session.get(Account, account_id)
    return account is not None and verify_password(password, account.password_hash)


def change_password(
    session: Session, account_id: int, new_password_hash: str, client_address: str = ""
) -> str:
    """Set a new password, end every session, and return a ticket for a fresh one."""
    account = session.get(Account, account_id)
    assert account is not None
    account.password_hash = new_password_hash
    account.password_changed_at = utcnow()
    session.add(account)
    close_all_sessions(session, account_id)
    audit.record(
        session,
        audit.Actor(account_id, account.role, client_address),
        "account.password_changed",
        "account",
        account_id,
    )
    queue_email(
        session,
        account.email,
        "Your educator licensure password was changed",
        "The password of this account was just changed and every other sign-in was ended.\n\n"
        "If this was not you, reset your password at once and contact the licensure office.",
    )
    return issue_ticket(session, account_id, "/account?changed=password")


def change_email(
    session: Session, account_id: int, new_email: str, client_address: str = ""
) -> str | None:
    """Change the sign-in email; returns an error message, or None when done."""
    email = normalise_email(new_email)
    if not _EMAIL.match(email) or len(email) > 254:
        return "Enter an email address like name@example.org."
    account = session.get(Account, account_id)
    assert account is not None
    if email == account.email:
        return "That is already your email address."
    if session.exec(select(Account.id).where(Account.email == email)).first():
        return "Another account already uses that email address."
    old = account.email
    account.email = email
    session.add(account)
    try:
        session.flush()
    except IntegrityError:
        return "Another account already uses that email address."
    audit.record(
        session,
        audit.Actor(account_id, account.role, client_address),
        "account.email_changed",
        "account",
        account_id,
        before={"email": old},
        after={"email": email},
    )
    # Tell the old address, so a stolen session cannot quietly take the account over.
    queue_email(
        session,
        old,
        "Your educator licensure email was changed",
        f"The sign-in email of this account was changed to {email}.\n\n"
        "If this was not you, contact the licensure office at once.",
    )
    return None
