"""Checking a sign-in attempt: password, throttling per account and per address, the attempt log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from licensure_app import settings
from licensure_app.domain.formatting import aware
from licensure_app.models import Account, SignInAttempt
from licensure_app.models._base import utcnow
from licensure_app.services.accounts.passwords import dummy_hash, verify_password
from licensure_app.services.accounts.registration import normalise_email

log = logging.getLogger("licensure.security")

ACCOUNT_FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 30  # the default of LICENSURE_SIGN_IN_FAILURES_PER_ADDRESS
THROTTLE_WINDOW = timedelta(minutes=15)

GENERIC_SIGN_IN_ERROR = "Email or password is incorrect"
THROTTLED_ERROR = (
    "Too many failed sign-ins. Wait 15 minutes, then try again or reset your password."
)


@dataclass(frozen=True)
class SignInResult:
    account_id: int | None
    error: str | None


def recent_failures(session: Session, column, value: str, now: datetime) -> int:  # noqa: ANN001
    """Failed attempts (sign-in, one-time code, re-authentication) for `column == value`.

    A right one-time code entered a second time (a double click, a second tab) is refused
    but is no guess: it does not count toward locking the account or the address."""
    return session.exec(
        select(func.count())
        .select_from(SignInAttempt)
        .where(
            column == value,
            SignInAttempt.succeeded.is_(False),
            SignInAttempt.reason != "reused_code",
            SignInAttempt.at > now - THROTTLE_WINDOW,
        )  # type: ignore[attr-defined]
    ).one()


def _throttled(
    session: Session, account: Account | None, email: str, client_address: str, now: datetime
) -> bool:
    """Too many recent failures for this email or this address, or the account is locked."""
    return bool(
        recent_failures(session, SignInAttempt.email, email, now) >= ACCOUNT_FAILURE_LIMIT
        or (
            client_address
            and recent_failures(session, SignInAttempt.client_address, client_address, now)
            >= settings.sign_in_failures_per_address()
        )
        or (account is not None and account.locked_until and aware(account.locked_until) > now)
    )


def _record_outcome(account: Account, ok: bool, reason: str, now: datetime) -> None:
    """Reset the failure count on success; count a bad password and lock after too many."""
    if ok:
        account.failed_sign_ins = 0
        account.locked_until = None
        account.last_sign_in_at = now
    elif reason == "bad_password":
        account.failed_sign_ins += 1
        if account.failed_sign_ins >= ACCOUNT_FAILURE_LIMIT:
            account.locked_until = now + THROTTLE_WINDOW


def check_credentials(
    session: Session, email: str, password: str, client_address: str, now: datetime | None = None
) -> SignInResult:
    """Verify a sign-in attempt, throttled per account and per address; logs every attempt."""
    now = now or utcnow()
    email = normalise_email(email)[:254]
    account = session.exec(select(Account).where(Account.email == email)).first()
    if _throttled(session, account, email, client_address, now):
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
        _record_outcome(account, ok, reason, now)
        session.add(account)
    session.flush()
    if ok and account is not None:
        return SignInResult(account.id, None)
    return SignInResult(None, THROTTLED_ERROR if reason == "throttled" else GENERIC_SIGN_IN_ERROR)
