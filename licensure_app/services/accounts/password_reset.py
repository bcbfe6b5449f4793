"""Forgotten passwords: e-mail a one-time reset link, check it, use it once."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from licensure_app.domain.formatting import aware
from licensure_app.domain.notices import Notice
from licensure_app.models import Account, PasswordResetToken
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.registration import normalise_email
from licensure_app.services.accounts.sessions import close_all_sessions, token_digest

log = logging.getLogger("licensure.security")

RESET_TOKEN_LIFETIME = timedelta(minutes=30)


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
    notifications.email_notice(
        session,
        account.email,
        Notice(
            subject="Reset your educator licensure password",
            what_happened="Someone asked to reset the password of this account.",
            next_step="To choose a new password, open the link within 30 minutes. It works "
            "once. If you did not ask for this, ignore this message.",
            link=f"/reset-password?token={token}",
            link_text="Choose a new password",
        ),
        account.display_name,
    )


def reset_token_valid(session: Session, token: str) -> bool:
    row = session.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
    ).first()
    return row is not None and row.used_at is None and aware(row.expires_at) > utcnow()


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
