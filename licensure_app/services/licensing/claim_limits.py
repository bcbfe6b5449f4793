"""How often a claim may fail: failures are counted per account, per license number and per
client address, and too many in the lock period (rule settings claim_max_failures /
claim_lock_hours) lock claiming for that account, license number or address.

Accounts are free, so the account's count alone would let anyone guess a date of birth three
tries per new account; the license number's count stops that, and the address's count stops
one machine from trying many numbers through many accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from licensure_app.domain.formatting import aware
from licensure_app.infra import clock
from licensure_app.models import LicenseClaimAttempt
from licensure_app.services.rules import load_rules

ACCOUNT, LICENSE, ADDRESS = "account", "license", "address"


@dataclass(frozen=True)
class ClaimLock:
    """Claiming is locked until `until` (UTC) because of the failures counted for `scope`."""

    until: datetime
    scope: str


def _limits(session: Session) -> tuple[int, timedelta]:
    rules = load_rules(session)
    return int(rules.setting("claim_max_failures")), timedelta(
        hours=rules.setting("claim_lock_hours")
    )


def _unlock_time(
    session: Session,
    which: ColumnElement[bool],
    now: datetime,
    max_failures: int,
    window: timedelta,
) -> datetime | None:
    """When the failures matching `which` stop locking claiming; None if they do not now."""
    failures = session.exec(
        select(LicenseClaimAttempt.at)
        .where(which, col(LicenseClaimAttempt.succeeded).is_(False))
        .where(LicenseClaimAttempt.at > now - window)
        .order_by(col(LicenseClaimAttempt.at))
    ).all()
    if max_failures <= 0 or len(failures) < max_failures:
        return None
    # Locked while `max_failures` failures lie inside the sliding window: it opens again
    # when the oldest of the last `max_failures` leaves it.
    return aware(failures[len(failures) - max_failures]) + window


def current_lock(
    session: Session,
    account_id: int,
    now: datetime,
    license_number: str = "",
    client_address: str = "",
) -> ClaimLock | None:
    """The lock on a claim by this account, of this number, from this address (the one
    that lasts longest), or None when claiming is open."""
    max_failures, window = _limits(session)
    scopes = [(ACCOUNT, col(LicenseClaimAttempt.account_id) == account_id)]
    if license_number:
        scopes.append((LICENSE, col(LicenseClaimAttempt.license_number) == license_number))
    if client_address:
        scopes.append((ADDRESS, col(LicenseClaimAttempt.client_address) == client_address))
    locks = [
        ClaimLock(until, scope)
        for scope, which in scopes
        if (until := _unlock_time(session, which, now, max_failures, window)) is not None
    ]
    # The longest lock; on a tie the account's own, which the claimant can act on.
    return max(locks, key=lambda lock: lock.until, default=None)


def claim_lock(
    session: Session,
    account_id: int,
    now: datetime,
    license_number: str = "",
    client_address: str = "",
) -> datetime | None:
    """When claiming unlocks for this account (number, address), or None if not locked now."""
    lock = current_lock(session, account_id, now, license_number, client_address)
    return lock.until if lock else None


def recent_failures(session: Session, license_number: str, now: datetime) -> int:
    """Failed claims of this license number inside the lock period."""
    _, window = _limits(session)
    return session.exec(
        select(func.count())
        .select_from(LicenseClaimAttempt)
        .where(
            LicenseClaimAttempt.license_number == license_number,
            col(LicenseClaimAttempt.succeeded).is_(False),
            LicenseClaimAttempt.at > now - window,
            LicenseClaimAttempt.at <= now,
        )
    ).one()


def lock_sentence(lock: ClaimLock) -> str:
    """What a locked claimant reads, with the time it opens in the state's time zone."""
    when = clock.show(lock.until)
    if lock.scope == LICENSE:
        return (
            "There have been too many unsuccessful claims of this license number. You can "
            f"try again after {when}, or contact the licensure office."
        )
    if lock.scope == ADDRESS:
        return (
            "There have been too many unsuccessful claims from your network. "
            f"You can try again after {when}."
        )
    return f"You have made too many unsuccessful claims. You can try again after {when}."
