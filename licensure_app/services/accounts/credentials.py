"""Changing sign-in details while signed in: re-authentication, new password, new email."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from licensure_app.infra.mail import queue_email
from licensure_app.models import Account
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.passwords import hash_password, verify_password
from licensure_app.services.accounts.registration import looks_like_email, normalise_email
from licensure_app.services.accounts.sessions import close_all_sessions, issue_ticket


def new_password_hash(password: str) -> str:
    return hash_password(password)


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
    queue_email(
        session,
        old,
        "Your educator licensure email was changed",
        f"The sign-in email of this account was changed to {email}.\n\n"
        "If this was not you, contact the licensure office at once.",
    )
    return None
