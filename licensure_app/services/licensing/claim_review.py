"""Confirming a claim: until the licensure office confirms a successful claim, the state
record's private details (date of birth, phone, mailing address) stay hidden from the
claiming account.

A state record holds no e-mail address, so a confirmation code cannot be mailed to its
holder: the office confirms (state review), after checking with the holder at the mailing
address on the record when the claim followed failed tries.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import plural
from licensure_app.infra import clock
from licensure_app.models import EducatorProfile, LicenseClaimAttempt
from licensure_app.models._base import utcnow
from licensure_app.services import audit

from .claim_limits import recent_failures
from .claim_notices import tell_claimant_confirmed


@dataclass(frozen=True)
class PendingClaim:
    """A successful claim the office has not confirmed yet, as staff see it."""

    attempt_id: int
    license_number: str
    claimed_at: str
    failures_before: int

    @property
    def summary(self) -> str:
        after = (
            f" after {plural(self.failures_before, 'failed claim')} of it in the day before"
            if self.failures_before
            else ""
        )
        return (
            f"License {self.license_number} was claimed on {self.claimed_at}{after}. The "
            "account does not see the date of birth and contact details on this record until "
            "you confirm the claim."
        )


def _unconfirmed(session: Session, account_id: int) -> LicenseClaimAttempt | None:
    return session.exec(
        select(LicenseClaimAttempt)
        .where(
            LicenseClaimAttempt.account_id == account_id,
            col(LicenseClaimAttempt.succeeded).is_(True),
            col(LicenseClaimAttempt.confirmed_at).is_(None),
        )
        .order_by(col(LicenseClaimAttempt.id).desc())
    ).first()


def private_details_hidden(session: Session, profile_id: int) -> bool:
    """True while the account linked to this record has a claim waiting for confirmation."""
    profile = session.get(EducatorProfile, profile_id)
    if profile is None or profile.account_id is None:
        return False
    return _unconfirmed(session, profile.account_id) is not None


def _failures_before(session: Session, attempt: LicenseClaimAttempt) -> int:
    return recent_failures(session, attempt.license_number, clock.aware(attempt.at))


def pending_claim(session: Session, profile_id: int) -> PendingClaim | None:
    """The claim of this record waiting for the office's confirmation, if any."""
    profile = session.get(EducatorProfile, profile_id)
    if profile is None or profile.account_id is None:
        return None
    attempt = _unconfirmed(session, profile.account_id)
    if attempt is None or attempt.id is None:
        return None
    return PendingClaim(
        attempt_id=attempt.id,
        license_number=attempt.license_number,
        claimed_at=clock.show(attempt.at),
        failures_before=_failures_before(session, attempt),
    )


def confirm_claim(session: Session, actor: audit.Actor, profile_id: int) -> bool:
    """The office confirms the claim of this record: its private details show to the
    account from now on, and the account is told. False if no claim waits."""
    profile = session.get(EducatorProfile, profile_id)
    if profile is None or profile.account_id is None:
        return False
    attempt = _unconfirmed(session, profile.account_id)
    if attempt is None:
        return False
    attempt.confirmed_at = utcnow()
    session.add(attempt)
    audit.record(
        session,
        actor,
        "license.claim_confirmed",
        "educator_profile",
        profile_id,
        before={"license_number": attempt.license_number, "confirmed": False},
        after={"license_number": attempt.license_number, "confirmed": True},
    )
    tell_claimant_confirmed(session, profile.account_id, attempt.license_number)
    return True
