"""One-time codes (TOTP) as the second factor for approvers and state staff."""

from __future__ import annotations

import base64
import logging
from datetime import datetime

import pyotp
import segno
from sqlmodel import Session, func, select

from licensure_app import settings
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_STATE_STAFF,
    Account,
    SignInAttempt,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.authz import principal_for
from licensure_app.services.accounts.sign_in import THROTTLE_WINDOW, THROTTLED_ERROR

log = logging.getLogger("licensure.security")

ROLES_NEEDING_CODE = frozenset({ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF})
CODE_FAILURE_LIMIT = 5
ISSUER = "Educator Licensure"
BAD_CODE = "That code is not right. Enter the 6-digit code your authenticator app shows now."


def needs_second_factor(session: Session, account: Account) -> bool:
    """Approvers (superintendents and designees) and state staff must use a one-time code."""
    return bool(principal_for(session, account).roles & ROLES_NEEDING_CODE)


def new_secret() -> str:
    return pyotp.random_base32()


def enrolment_qr(secret: str, email: str) -> str:
    """A data-URI SVG of the otpauth:// link an authenticator app scans."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#111827")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _code_ok(secret: str, code: str) -> bool:
    cleaned = "".join(ch for ch in code if ch.isdigit())
    # One step either side tolerates a phone clock that is a little off.
    return len(cleaned) == 6 and pyotp.TOTP(secret).verify(cleaned, valid_window=1)


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
    """None when the code is right (and, with `secret`, enrol it); else the error to show."""
    now = utcnow()
    account = session.get(Account, account_id)
    if account is None or not account.is_active:
        return BAD_CODE
    if _recent_code_failures(session, account.email, now) >= CODE_FAILURE_LIMIT:
        return THROTTLED_ERROR
    use = secret or account.totp_secret
    ok = bool(use) and _code_ok(use or "", code)
    session.add(
        SignInAttempt(
            email=account.email,
            client_address=client_address,
            succeeded=ok,
            reason="code_ok" if ok else "bad_code",
            at=now,
        )
    )
    log.info(
        "second factor %s account=%s address=%s", "ok" if ok else "bad", account_id, client_address
    )
    if not ok:
        return BAD_CODE
    if secret and account.totp_secret != secret:
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
    """The current code of a demo account, shown on the sign-in page in demo mode only."""
    if (
        not settings.demo_mode()
        or not account.totp_secret
        or not account.email.endswith("demo.example")
    ):
        return ""
    return pyotp.TOTP(account.totp_secret).now()
