"""One-time codes (TOTP) as the second factor for approvers and state staff."""

from __future__ import annotations

import logging
from datetime import datetime

import pyotp
import segno
from sqlalchemy import or_, update
from sqlmodel import Session, func, select

from licensure_app import settings
from licensure_app.models import Account, SignInAttempt
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.authz import ROLES_NEEDING_CODE, principal_for
from licensure_app.services.accounts.sign_in import THROTTLE_WINDOW, THROTTLED_ERROR

log = logging.getLogger("licensure.security")

CODE_FAILURE_LIMIT = 5
ISSUER = "Educator Licensure"
BAD_CODE = "That code is not right. Enter the 6-digit code your authenticator app shows now."
USED_CODE = "That code has been used already. Wait for the next code, then enter it."
# One step either side of now tolerates a phone clock that is a little off.
_STEPS_ACCEPTED = (-1, 0, 1)


def needs_second_factor(session: Session, account: Account) -> bool:
    """Approvers (superintendents and designees) and state staff must use a one-time code."""
    return bool(principal_for(session, account).roles & ROLES_NEEDING_CODE)


def new_secret() -> str:
    return pyotp.random_base32()


def enrolment_uri(secret: str, email: str) -> str:
    """The otpauth:// link an authenticator app adds the account from."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def enrolment_qr(secret: str, email: str) -> str:
    """A data-URI SVG of the otpauth:// link an authenticator app scans (for an <img src>).

    A standalone SVG document (with its xmlns: a browser renders an <img> of an SVG without
    it as a broken image), dark on white with the quiet zone around it, as scanners need.
    """
    code = segno.make(enrolment_uri(secret, email), error="m")
    return code.svg_data_uri(scale=4, border=4, dark="#111827", light="#fff")


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is (now or one step either side), else None."""
    cleaned = "".join(ch for ch in code if ch.isdigit())
    if len(cleaned) != 6 or not secret:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for offset in _STEPS_ACCEPTED:
        step = current + offset
        if totp.generate_otp(step) == cleaned:
            return step
    return None


def _claim_step(session: Session, account_id: int, step: int) -> bool:
    """Record `step` as the account's last code, unless it (or a later one) was used: once only.

    One conditional UPDATE, so two requests with the same code cannot both pass.
    """
    result = session.exec(
        update(Account)
        .where(
            Account.id == account_id,
            or_(Account.totp_last_step.is_(None), Account.totp_last_step < step),  # type: ignore[union-attr,operator]
        )
        .values(totp_last_step=step)
    )
    return result.rowcount == 1


def _recent_code_failures(session: Session, email: str, now: datetime) -> int:
    return session.exec(
        select(func.count())
        .select_from(SignInAttempt)
        .where(
            SignInAttempt.email == email,
            SignInAttempt.reason == "bad_code",
            SignInAttempt.at > now - THROTTLE_WINDOW,
        )
    ).one()


def check_code(
    session: Session, account_id: int, code: str, client_address: str, secret: str | None = None
) -> str | None:
    """None when the code is right and unused (and, with `secret`, enrol it); else the error.

    A code is accepted once: its time step is recorded and that step, or an earlier one,
    is refused afterwards.
    """
    now = utcnow()
    account = session.get(Account, account_id)
    if account is None or not account.is_active:
        return BAD_CODE
    if _recent_code_failures(session, account.email, now) >= CODE_FAILURE_LIMIT:
        return THROTTLED_ERROR
    enrolling = bool(secret) and secret != account.totp_secret
    step = _matching_step(secret or account.totp_secret or "", code, now)
    if step is not None and enrolling:
        # A new secret starts its own sequence of codes.
        session.exec(update(Account).where(Account.id == account_id).values(totp_last_step=None))
    reused = step is not None and not _claim_step(session, account_id, step)
    reason = "bad_code" if step is None else ("reused_code" if reused else "code_ok")
    session.add(
        SignInAttempt(
            email=account.email,
            client_address=client_address,
            succeeded=reason == "code_ok",
            reason=reason,
            at=now,
        )
    )
    log.info("second factor %s account=%s address=%s", reason, account_id, client_address)
    if reason != "code_ok":
        return BAD_CODE if step is None else USED_CODE
    if enrolling:
        account.totp_secret = secret
        session.add(account)
        audit.record(
            session,
            audit.Actor(account.id, account.role, client_address),
            "account.second_factor_enrolled",
            "account",
            account.id,
        )
    return None


def demo_code(account: Account) -> str:
    """A code a demo account may use now, shown on the sign-in page in demo mode only.

    The current one, or the next one when the current one was used already.
    """
    if (
        not settings.demo_mode()
        or not account.totp_secret
        or not account.email.endswith("demo.example")
    ):
        return ""
    totp = pyotp.TOTP(account.totp_secret)
    step = totp.timecode(utcnow())
    if account.totp_last_step is not None and account.totp_last_step >= step:
        step = account.totp_last_step + 1
    return totp.generate_otp(step)
