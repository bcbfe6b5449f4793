"""Claiming a license: an educator links their account to the state's record of them.

The claim matches the license number, the date of birth and the last name; failures are
counted per account and too many lock claiming for a while. Writes happen in the caller's
transaction (the caller commits), each with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain.formatting import aware, format_date
from licensure_app.domain.names import name_key
from licensure_app.models import EducatorProfile, License, LicenseClaimAttempt
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.rules import load_rules

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


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of a claim. `field` names the form field an input error belongs to."""

    ok: bool
    message: str
    field: str = ""
    license_number: str = ""


def _format_time(moment: datetime) -> str:
    moment = aware(moment)
    return f"{moment.strftime('%H:%M')} UTC on {format_date(moment.date())}"


def claim_lock(session: Session, account_id: int, now: datetime) -> datetime | None:
    """When claiming unlocks for this account, or None if it is not locked now."""
    rules = load_rules(session)
    max_failures = int(rules.setting("claim_max_failures"))
    window = timedelta(hours=rules.setting("claim_lock_hours"))
    failures = session.exec(
        select(LicenseClaimAttempt.at)
        .where(
            LicenseClaimAttempt.account_id == account_id,
            col(LicenseClaimAttempt.succeeded).is_(False),
            LicenseClaimAttempt.at > now - window,
        )
        .order_by(col(LicenseClaimAttempt.at))
    ).all()
    if max_failures <= 0 or len(failures) < max_failures:
        return None
    # Locked while `max_failures` failures lie inside the sliding window: it opens again
    # when the oldest of the last `max_failures` leaves it.
    return aware(failures[len(failures) - max_failures]) + window


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
    if date_of_birth >= now.date():
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
    session: Session, actor: audit.Actor, account_id: int, number: str, reason: str, now: datetime
) -> ClaimResult | None:
    """Store a failed attempt; a ClaimResult saying claiming is now locked, if it is."""
    session.add(
        LicenseClaimAttempt(
            account_id=account_id, license_number=number[:LICENSE_NUMBER_MAX], at=now
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "license.claim_refused",
        "account",
        account_id,
        after={"license_number": number[:LICENSE_NUMBER_MAX], "reason": reason},
    )
    unlocks = claim_lock(session, account_id, now)
    if unlocks is None:
        return None
    return ClaimResult(
        False,
        f"{CLAIM_NO_MATCH if reason == 'no_match' else CLAIM_ALREADY_LINKED} "
        f"You have made too many unsuccessful claims: you can try again after "
        f"{_format_time(unlocks)}.",
    )


def _refuse_linked(
    session: Session,
    actor: audit.Actor,
    account_id: int,
    holder_account_id: int,
    number: str,
    now: datetime,
) -> ClaimResult:
    """Someone else's license: refuse, count the attempt, and tell its holder."""
    notifications.notify(
        session,
        holder_account_id,
        f"Someone tried to claim your license {number} from another account. If this was "
        "not you, no action is needed: your license stays linked to your account. Contact "
        "the licensure office if it happens again.",
        routes.LICENSES,
    )
    # Counted like a failure: it also stops one account from flooding the holder.
    locked = _record_failure(session, actor, account_id, number, "already_linked", now)
    return locked or ClaimResult(False, CLAIM_ALREADY_LINKED)


def _settled_before_merge(
    session: Session,
    actor: audit.Actor,
    account_id: int,
    number: str,
    claimant: EducatorProfile,
    holder: EducatorProfile,
    now: datetime,
) -> ClaimResult | None:
    """The answer when the matched record is already linked (to this account or another),
    or the claimant already holds a state record; None when the merge may go ahead."""
    if holder.id == claimant.id:
        return ClaimResult(
            True, f"License {number} is already linked to your account.", license_number=number
        )
    if holder.account_id is not None:
        return _refuse_linked(session, actor, account_id, holder.account_id, number, now)
    # A claimant already linked to a state record would leave that record behind: two
    # state records of one person are merged by the office, not here.
    if session.exec(select(License.id).where(License.holder_id == claimant.id)).first():
        return ClaimResult(False, CLAIM_RECORD_ALREADY_LINKED)
    return None


def _record_success(
    session: Session,
    actor: audit.Actor,
    account_id: int,
    license_row: License,
    holder: EducatorProfile,
    merge: Merge,
    now: datetime,
) -> None:
    number = license_row.license_number
    session.add(
        LicenseClaimAttempt(account_id=account_id, license_number=number, succeeded=True, at=now)
    )
    audit.record(
        session,
        actor,
        "license.claimed",
        "license",
        license_row.id,
        before={"license_number": number, "holder_id": holder.id, "account_id": None},
        after={
            "license_number": number,
            "holder_id": holder.id,
            "account_id": account_id,
            "merged_profile_id": merge.registration_profile_id,
            "merged_educator_number": merge.registration_number,
            "moved_rows": merge.moved_rows,
            "copied_fields": list(merge.copied_fields),
        },
    )


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
    against the state record. Failures are counted per account; too many lock claiming for
    a while (rule settings claim_max_failures / claim_lock_hours). A wrong number, date of
    birth or name gets one message, so a guesser learns nothing about which part was wrong
    or whether the number exists.
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

    unlocks = claim_lock(session, account_id, now)
    if unlocks is not None:
        return ClaimResult(
            False,
            "You have made too many unsuccessful claims. "
            f"You can try again after {_format_time(unlocks)}.",
        )

    found = _matching_record(session, number, date_of_birth, claimant)
    if found is None:
        locked = _record_failure(session, actor, account_id, number, "no_match", now)
        return locked or ClaimResult(False, CLAIM_NO_MATCH)

    license_row, holder = found
    settled = _settled_before_merge(session, actor, account_id, number, claimant, holder, now)
    if settled is not None:
        return settled
    merge = link_and_merge(session, account_id, claimant, holder)
    if merge is None:
        return ClaimResult(False, CLAIM_ALREADY_LINKED)
    _record_success(session, actor, account_id, license_row, holder, merge, now)
    session.expire(holder)
    return ClaimResult(
        True, f"License {number} is now linked to your account.", license_number=number
    )
