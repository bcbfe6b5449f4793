"""Changing sign-in details while signed in: re-authentication, new password, new email."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from licensure_app.domain.notices import Notice
from licensure_app.models import Account, SignInAttempt
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.passwords import hash_password, verify_password
from licensure_app.services.accounts.registration import looks_like_email, normalise_email
from licensure_app.services.accounts.sessions import close_all_sessions, issue_ticket
from licensure_app.services.accounts.sign_in import (
    ACCOUNT_FAILURE_LIMIT,
    THROTTLED_ERROR,
    recent_failures,
)

log = logging.getLogger("licensure.security")

WRONG_PASSWORD = "Your current password is not right."


def new_password_hash(password: str) -> str:
    return hash_password(password)


def reauthenticate(
    session: Session,
    account_id: int,
    password: str,
    client_address: str = "",
    now: datetime | None = None,
) -> str | None:
    """Re-authentication before a change of email or password: None if the password is right.

    Throttled like sign-in (the same failures of the same account count), and every attempt
    is recorded in the sign-in log, the security log and the audit log (never the password).
    Slow when it checks the password: run it off the event loop.
    """
    now = now or utcnow()
    account = session.get(Account, account_id)
    if account is None:
        return WRONG_PASSWORD
    if recent_failures(session, SignInAttempt.email, account.email, now) >= ACCOUNT_FAILURE_LIMIT:
        reason = "reauth_throttled"
    else:
        ok = verify_password(password, account.password_hash)
        reason = "reauth_ok" if ok else "reauth_bad"
    session.add(
        SignInAttempt(
            email=account.email,
            client_address=client_address,
            succeeded=reason == "reauth_ok",
            reason=reason,
            at=now,
        )
    )
    log.info("re-authentication %s account=%s address=%s", reason, account_id, client_address)
    audit.record(
        session,
        audit.Actor(account_id, account.role, client_address),
        "account.reauthenticated" if reason == "reauth_ok" else "account.reauthentication_refused",
        "account",
        account_id,
        after={"outcome": reason},
    )
    session.flush()
    if reason == "reauth_ok":
        return None
    return THROTTLED_ERROR if reason == "reauth_throttled" else WRONG_PASSWORD


def change_password(
    session: Session,
    account_id: int,
    new_password_hash: str,
    client_address: str = "",
    second_factor: bool = False,
) -> str:
    """Set a new password, end every session, and return a ticket for a fresh one.

    `second_factor`: the session asking passed the one-time code; the fresh one keeps that.
    """
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
    notifications.email_notice(
        session,
        account.email,
        Notice(
            subject="Your educator licensure password was changed",
            what_happened="The password of this account was just changed and every other "
            "sign-in was ended.",
            next_step="If this was not you, reset your password at once and contact the "
            "licensure office.",
            link="/forgot-password",
            link_text="Reset your password",
        ),
        account.display_name,
    )
    return issue_ticket(session, account_id, "/account?changed=password", second_factor)


def change_email(
    session: Session, account_id: int, new_email: str, client_address: str = ""
) -> str | None:
    """Change the sign-in email; returns an error message, or None when done."""
    email = normalise_email(new_email)
    if not looks_like_email(email) or len(email) > 254:
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
    notifications.email_notice(
        session,
        old,
        Notice(
            subject="Your educator licensure email was changed",
            what_happened=f"The sign-in email of this account was changed to {email}.",
            next_step="If this was not you, contact the licensure office at once.",
        ),
        account.display_name,
    )
    return None
