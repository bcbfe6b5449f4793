"""Claiming a license: an educator links their account to the state's record of them.

The claim matches the license number, the date of birth and the last name; failures are
counted per account, per license number and per client address (`claim_limits`), and too
many lock claiming for a while. A successful claim waits for the licensure office's
confirmation before the record's private details show (`claim_review`). Writes happen in the
caller's transaction (the caller commits), each with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from licensure_app.domain.names import name_key
from licensure_app.infra import clock
from licensure_app.models import EducatorProfile, License, LicenseClaimAttempt
from licensure_app.models._base import utcnow
from licensure_app.services import audit

from .claim_limits import current_lock, lock_sentence, recent_failures
from .claim_notices import tell_holder_of_attempt, tell_office_of_claim
from .license_facts import LICENSE_NUMBER_MAX, normalise_license_number
from .profile_merge import Merge, link_and_merge

CLAIM_NO_MATCH = (
    "We could not match those details to a license. Check the license number and your date "
    "of birth, and that the last name on your profile is the one on your license."
)
CLAIM_ALREADY_LINKED = (
    "This license is already linked to another account. Contact the licensure office."
)
CLAIM_RECORD_ALREADY_LINKED = (
    "Your account is already linked to the state's record of you. To add this license to it, "
    "contact the licensure office."
)
CLAIM_AWAITS_CONFIRMATION = (
    "The licensure office confirms the claim before your date of birth and contact details "
    "on the state's record show on your profile."
)


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of a claim. `field` names the form field an input error belongs to."""

    ok: bool
    message: str
    field: str = ""
    license_number: str = ""


@dataclass(frozen=True)
class _Claim:
    """Who claims which number, from where, and when."""

    actor: audit.Actor
    account_id: int
    number: str
    now: datetime

    @property
    def address(self) -> str:
        return (self.actor.client_address or "")[:64]

    def attempt(self, succeeded: bool = False) -> LicenseClaimAttempt:
        return LicenseClaimAttempt(
            account_id=self.account_id,
            license_number=self.number[:LICENSE_NUMBER_MAX],
            client_address=self.address,
            succeeded=succeeded,
            at=self.now,
        )


def _input_problem(number: str, date_of_birth: date | None, now: datetime) -> ClaimResult | None:
    """A form field left blank or malformed: an input error, not a counted attempt."""
    if not number:
        return ClaimResult(False, "Enter your license number.", field="license_number")
    if not number.isdigit() or len(number) > LICENSE_NUMBER_MAX:
        return ClaimResult(
            False, "Enter the license number as it is printed: digits only.", "license_number"
        )
    if date_of_birth is None:
        return ClaimResult(False, "Enter your date of birth.", field="date_of_birth")
    if date_of_birth >= clock.local(now).date():
        return ClaimResult(False, "Enter your date of birth, in the past.", "date_of_birth")
    return None


def _matching_record(
    session: Session, number: str, date_of_birth: date, claimant: EducatorProfile
) -> tuple[License, EducatorProfile] | None:
    """The license with this number and its holder, if the date of birth and last name match."""
    found = session.exec(
        select(License, EducatorProfile)
        .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
        .where(License.license_number == number)
    ).first()
    matched = (
        found is not None
        and found[1].date_of_birth == date_of_birth
        and name_key(found[1].last_name) == name_key(claimant.last_name)
    )
    return found if matched else None


def _record_failure(
    session: Session, claim: _Claim, reason: str
) -> tuple[LicenseClaimAttempt, ClaimResult | None]:
    """Store a failed attempt: the row, and a ClaimResult if claiming is now locked."""
    attempt = claim.attempt()
    session.add(attempt)
    session.flush()
    audit.record(
        session,
        claim.actor,
        "license.claim_refused",
        "account",
        claim.account_id,
        after={"license_number": attempt.license_number, "reason": reason},
    )
    lock = current_lock(session, claim.account_id, claim.now, claim.number, claim.address)
    if lock is None:
        return attempt, None
    base = CLAIM_NO_MATCH if reason == "no_match" else CLAIM_ALREADY_LINKED
    return attempt, ClaimResult(False, f"{base} {lock_sentence(lock)}")


def _refuse_linked(session: Session, claim: _Claim, holder_account_id: int) -> ClaimResult:
    """Someone else's license: refuse, count the attempt, and tell its holder (at most once
    a day per license)."""
    # Counted like a failure: it also stops one account from flooding the holder.
    attempt, locked = _record_failure(session, claim, "already_linked")
    tell_holder_of_attempt(session, attempt, holder_account_id, claim.now)
    return locked or ClaimResult(False, CLAIM_ALREADY_LINKED)


def _settled_before_merge(
    session: Session, claim: _Claim, claimant: EducatorProfile, holder: EducatorProfile
) -> ClaimResult | None:
    """The answer when the matched record is already linked (to this account or another),
    or the claimant already holds a state record; None when the merge may go ahead."""
    if holder.id == claimant.id:
        return ClaimResult(
            True,
            f"License {claim.number} is already linked to your account.",
            license_number=claim.number,
        )
    if holder.account_id is not None:
        return _refuse_linked(session, claim, holder.account_id)
    # A claimant already linked to a state record would leave that record behind: two
    # state records of one person are merged by the office, not here.
    if session.exec(select(License.id).where(License.holder_id == claimant.id)).first():
        return ClaimResult(False, CLAIM_RECORD_ALREADY_LINKED)
    return None


def _record_success(
    session: Session, claim: _Claim, license_row: License, holder: EducatorProfile, merge: Merge
) -> None:
    """Store the claim (unconfirmed), audit it, and tell the office it waits for them."""
    number = license_row.license_number
    failures = recent_failures(session, number, claim.now)
    attempt = claim.attempt(succeeded=True)
    session.add(attempt)
    session.flush()
    audit.record(
        session,
        claim.actor,
        "license.claimed",
        "license",
        license_row.id,
        before={"license_number": number, "holder_id": holder.id, "account_id": None},
        after={
            "license_number": number,
            "holder_id": holder.id,
            "account_id": claim.account_id,
            "merged_profile_id": merge.registration_profile_id,
            "merged_educator_number": merge.registration_number,
            "moved_rows": merge.moved_rows,
            "copied_fields": list(merge.copied_fields),
            "failures_before": failures,
        },
    )
    tell_office_of_claim(session, attempt, failures, claim.now)


def claim_license(
    session: Session,
    actor: audit.Actor,
    account_id: int,
    profile_id: int,
    license_number: str,
    date_of_birth: date | None,
    now: datetime | None = None,
) -> ClaimResult:
    """Link the account to the state's record holding `license_number`.

    Matches the number, the date of birth and the last name of the claimant's profile
    against the state record. Failures are counted per account, per license number and per
    client address (`actor.client_address`); too many lock claiming for a while (rule
    settings claim_max_failures / claim_lock_hours). A wrong number, date of birth or name
    gets one message, so a guesser learns nothing about which part was wrong or whether the
    number exists.
    """
    now = now or utcnow()
    number = normalise_license_number(license_number)
    problem = _input_problem(number, date_of_birth, now)
    if problem is not None:
        return problem
    assert date_of_birth is not None  # _input_problem refuses a missing date

    claimant = session.get(EducatorProfile, profile_id)
    if claimant is None or claimant.account_id != account_id:
        raise PermissionError("the profile does not belong to the claiming account")

    claim = _Claim(actor, account_id, number, now)
    lock = current_lock(session, account_id, now, number, claim.address)
    if lock is not None:
        return ClaimResult(False, lock_sentence(lock))

    found = _matching_record(session, number, date_of_birth, claimant)
    if found is None:
        _, locked = _record_failure(session, claim, "no_match")
        return locked or ClaimResult(False, CLAIM_NO_MATCH)

    license_row, holder = found
    settled = _settled_before_merge(session, claim, claimant, holder)
    if settled is not None:
        return settled
    merge = link_and_merge(session, account_id, claimant, holder)
    if merge is None:
        return ClaimResult(False, CLAIM_ALREADY_LINKED)
    _record_success(session, claim, license_row, holder, merge)
    session.expire(holder)
    return ClaimResult(
        True,
        f"License {number} is now linked to your account. {CLAIM_AWAITS_CONFIRMATION}",
        license_number=number,
    )
