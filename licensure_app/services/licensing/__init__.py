"""An educator's own licenses: listing, claiming, the checklist, and the printable license.

Plain functions over a SQLModel session; they return frozen dataclasses holding only what a
page shows, so no ORM row ever reaches Reflex state. Writes happen in the caller's
transaction (the caller commits), each with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import segno
from sqlalchemy import update
from sqlmodel import Session, SQLModel, col, func, select

from licensure_app import routes, settings
from licensure_app.domain.formatting import format_date
from licensure_app.domain.names import clean_name, name_key
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_STATE_STAFF,
    AssessmentScore,
    BackgroundCheck,
    EducatorProfile,
    Endorsement,
    License,
    LicenseClaimAttempt,
    TranscriptRecord,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.rules import load_rules

# The licenses page warns from this many days before expiry (a display choice, not a rule
# of SPEC section 3: the renewal window itself comes from the rule tables).
EXPIRY_WARNING_DAYS = 180

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

BACKGROUND_STATUSES = ("pending", "cleared", "not cleared")
LICENSE_NUMBER_MAX = 16

_STATUS_LABELS = {
    "active": "Active",
    "expired": "Expired",
    "suspended": "Suspended",
    "revoked": "Revoked",
    "pending": "Pending",
}


def _status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status.capitalize())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _endorsement_label(e: Endorsement) -> str:
    return f"{e.code} {e.subject} ({e.grade_span})"


def _endorsements_by_license(session: Session, license_ids: list[int]) -> dict[int, list[str]]:
    """Endorsement labels per license, in one query."""
    result: dict[int, list[str]] = {i: [] for i in license_ids}
    if not license_ids:
        return result
    rows = session.exec(
        select(Endorsement)
        .where(col(Endorsement.license_id).in_(license_ids))
        .order_by(col(Endorsement.license_id), col(Endorsement.code))
    ).all()
    for e in rows:
        result[e.license_id].append(_endorsement_label(e))
    return result


def normalise_license_number(value: str) -> str:
    """'100 200 ' -> '100200': people copy numbers with spaces or dashes."""
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


# ---------------------------------------------------------------- the list


@dataclass(frozen=True)
class LicenseView:
    """One license as the educator's licenses page shows it."""

    number: str
    license_type: str
    license_class: str
    endorsements: tuple[str, ...]
    first_issued: str
    valid_from: str
    expires_on: str
    status: str
    status_label: str
    days_to_expiry: int
    days_text: str
    warning: bool
    warning_text: str
    renewable: bool
    print_href: str


def _effective_status(status: str, days_to_expiry: int) -> str:
    # The stored status is updated by batch jobs; a license past its expiry date is expired
    # for the holder whatever the nightly run has done yet.
    return "expired" if status == "active" and days_to_expiry < 0 else status


def _days_text(days: int) -> str:
    if days > 0:
        return f"{_plural(days, 'day')} left"
    if days == 0:
        return "Expires today"
    return f"Expired {_plural(-days, 'day')} ago"


def _warning_text(days: int, expires_on: date) -> str:
    if days > 1:
        return f"Expires in {days} days — renew now"
    if days == 1:
        return "Expires tomorrow — renew now"
    if days == 0:
        return "Expires today — renew now"
    return (
        f"Expired on {format_date(expires_on)} — an expired license is restored by a "
        "reactivation application"
    )


def print_href(number: str) -> str:
    return routes.PRINT_LICENSE.replace("[license_number]", number)


def licenses_for_holder(session: Session, profile_id: int, today: date) -> list[LicenseView]:
    """The holder's licenses, newest expiry first: two queries (licenses, endorsements)."""
    rows = session.exec(
        select(License)
        .where(License.holder_id == profile_id)
        .order_by(col(License.expires_on).desc(), col(License.license_number))
    ).all()
    endorsements = _endorsements_by_license(session, [r.id for r in rows if r.id is not None])
    views = []
    for row in rows:
        days = (row.expires_on - today).days
        status = _effective_status(row.status, days)
        # Warn only where renewing (or reactivating) is the holder's next step: not for a
        # revoked, suspended or not-yet-valid license.
        warning = status in ("active", "expired") and days <= EXPIRY_WARNING_DAYS
        views.append(
            LicenseView(
                number=row.license_number,
                license_type=row.license_type,
                license_class=row.license_class,
                endorsements=tuple(endorsements.get(row.id or 0, [])),
                first_issued=format_date(row.first_issued),
                valid_from=format_date(row.valid_from),
                expires_on=format_date(row.expires_on),
                status=status,
                status_label=_status_label(status),
                days_to_expiry=days,
                days_text=_days_text(days),
                warning=warning,
                warning_text=_warning_text(days, row.expires_on) if warning else "",
                renewable=status == "active",
                print_href=print_href(row.license_number),
            )
        )
    return views


# ---------------------------------------------------------------- claiming


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of a claim. `field` names the form field an input error belongs to."""

    ok: bool
    message: str
    field: str = ""
    license_number: str = ""


def _aware(value: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns: they were stored in UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=utcnow().tzinfo)


def _format_time(moment: datetime) -> str:
    moment = _aware(moment)
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
    return _aware(failures[len(failures) - max_failures]) + window


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


def _profile_tables() -> list[tuple[type, str]]:
    """(table, column) of every foreign key to an educator profile, found in the metadata so
    a table added later is moved too (a registration profile's rows must never be lost)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name == EducatorProfile.__tablename__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == EducatorProfile.__tablename__ and fk.column.name == "id":
                found.append((table, fk.parent.name))
    return found


def _copy_contact(source: EducatorProfile, target: EducatorProfile) -> dict[str, str]:
    """Fill the state record's empty phone and address from the registration profile."""
    copied: dict[str, str] = {}
    if not target.phone and source.phone:
        copied["phone"] = source.phone
    address = ("street", "city", "state", "zip_code")
    # The address moves as a whole: a street from one record and a city from another
    # would be nobody's address.
    if not any(getattr(target, f) for f in address) and any(getattr(source, f) for f in address):
        copied.update({f: getattr(source, f) for f in address})
    for field, value in copied.items():
        setattr(target, field, value)
    return copied


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
    if not matched or found is None:
        locked = _record_failure(session, actor, account_id, number, "no_match", now)
        if locked is not None:
            return locked
        return ClaimResult(False, CLAIM_NO_MATCH)

    license_row, holder = found
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

    assert holder.id is not None and claimant.id is not None
    # account_id is unique: free it on the registration profile before the state record
    # takes it.
    claimant.account_id = None
    session.add(claimant)
    session.flush()
    # Conditional: of two accounts claiming one record at once, exactly one wins.
    taken = session.execute(
        update(EducatorProfile)
        .where(col(EducatorProfile.id) == holder.id, col(EducatorProfile.account_id).is_(None))
        .values(account_id=account_id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        claimant.account_id = account_id
        session.add(claimant)
        session.flush()
        session.expire(holder)
        return ClaimResult(False, CLAIM_ALREADY_LINKED)

    moved: dict[str, int] = {}
    for table, column in _profile_tables():
        result = session.execute(
            table.update().where(table.c[column] == claimant.id).values({column: holder.id})
        )
        if result.rowcount:
            moved[table.name] = result.rowcount
    copied = _copy_contact(claimant, holder)
    if copied:
        holder.updated_at = utcnow()
        session.add(holder)
    registration_profile_id, registration_number = claimant.id, claimant.educator_number
    session.delete(claimant)
    session.flush()
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
            "merged_profile_id": registration_profile_id,
            "merged_educator_number": registration_number,
            "moved_rows": moved,
            "copied_fields": sorted(copied),
        },
    )
    session.expire(holder)
    return ClaimResult(
        True, f"License {number} is now linked to your account.", license_number=number
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


# ---------------------------------------------------------------- the checklist


@dataclass(frozen=True)
class TranscriptView:
    institution: str
    degree: str
    received_on: str


@dataclass(frozen=True)
class BackgroundCheckView:
    status: str
    status_label: str
    checked_on: str


@dataclass(frozen=True)
class AssessmentView:
    assessment: str
    score: str
    passing_score: str
    taken_on: str
    result: str


@dataclass(frozen=True)
class Checklist:
    """What the state office holds for an educator: read-only for the educator."""

    transcripts: tuple[TranscriptView, ...]
    background_check: BackgroundCheckView | None
    assessments: tuple[AssessmentView, ...]


def _background_label(status: str, checked_on: date | None) -> str:
    words = {"cleared": "Cleared", "pending": "Pending", "not cleared": "Not cleared"}
    label = words.get(status, status.capitalize())
    if checked_on is not None and status != "pending":
        return f"{label} on {format_date(checked_on)}"
    return label


def _result(score: int, passing: int | None) -> str:
    if passing is None:
        return "No passing score set"
    return "Passed" if score >= passing else "Below the passing score"


def checklist_for(session: Session, profile_id: int) -> Checklist:
    """Transcripts received, the latest background check and assessment scores: 3 queries."""
    transcripts = session.exec(
        select(TranscriptRecord)
        .where(TranscriptRecord.holder_id == profile_id)
        .order_by(col(TranscriptRecord.received_on).desc(), col(TranscriptRecord.id))
    ).all()
    check = session.exec(
        select(BackgroundCheck)
        .where(BackgroundCheck.holder_id == profile_id)
        .order_by(col(BackgroundCheck.id).desc())
        .limit(1)
    ).first()
    scores = session.exec(
        select(AssessmentScore)
        .where(AssessmentScore.holder_id == profile_id)
        .order_by(col(AssessmentScore.taken_on).desc(), col(AssessmentScore.id))
    ).all()
    return Checklist(
        transcripts=tuple(
            TranscriptView(t.institution, t.degree or "—", format_date(t.received_on))
            for t in transcripts
        ),
        background_check=(
            BackgroundCheckView(
                status=check.status,
                status_label=_background_label(check.status, check.checked_on),
                checked_on=format_date(check.checked_on) if check.checked_on else "",
            )
            if check is not None
            else None
        ),
        assessments=tuple(
            AssessmentView(
                assessment=s.assessment,
                score=str(s.score),
                passing_score=str(s.passing_score) if s.passing_score is not None else "—",
                taken_on=format_date(s.taken_on),
                result=_result(s.score, s.passing_score),
            )
            for s in scores
        ),
    )


# ---------------------------------------------------------------- recording (state staff)


def _staff_only(actor: audit.Actor) -> None:
    # Handlers check roles too; this keeps a mistaken caller from writing state records.
    if actor.role != ROLE_STATE_STAFF:
        raise PermissionError("only state staff record transcripts, checks and scores")


def _check_day(
    errors: dict[str, str], field: str, value: date | None, today: date, required: bool = True
) -> None:
    if value is None:
        if required:
            errors[field] = "Enter a date."
    elif value > today:
        errors[field] = "Enter a date that is not in the future."


def _profile_exists(session: Session, profile_id: int, errors: dict[str, str]) -> None:
    if session.get(EducatorProfile, profile_id) is None:
        errors["profile"] = "There is no educator with this record."


def record_transcript(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    institution: str,
    degree: str,
    received_on: date | None,
    today: date,
) -> dict[str, str]:
    """Record a received transcript; field -> message errors (nothing written if any)."""
    _staff_only(actor)
    institution, degree = clean_name(institution), clean_name(degree)
    errors: dict[str, str] = {}
    if not institution:
        errors["institution"] = "Enter the institution."
    elif len(institution) > 200:
        errors["institution"] = "Use at most 200 characters."
    if len(degree) > 100:
        errors["degree"] = "Use at most 100 characters."
    _check_day(errors, "received_on", received_on, today)
    _profile_exists(session, profile_id, errors)
    if errors:
        return errors
    assert received_on is not None
    row = TranscriptRecord(
        holder_id=profile_id, institution=institution, degree=degree, received_on=received_on
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "transcript.recorded",
        "educator_profile",
        profile_id,
        after={
            "id": row.id,
            "institution": institution,
            "degree": degree,
            "received_on": received_on,
        },
    )
    return {}


def record_background_check(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    status: str,
    checked_on: date | None,
    today: date,
) -> dict[str, str]:
    """Record a background-check result; a pending check may have no date yet."""
    _staff_only(actor)
    status = status.strip().lower()
    errors: dict[str, str] = {}
    if status not in BACKGROUND_STATUSES:
        errors["status"] = "Choose pending, cleared or not cleared."
    _check_day(errors, "checked_on", checked_on, today, required=status != "pending")
    _profile_exists(session, profile_id, errors)
    if errors:
        return errors
    row = BackgroundCheck(holder_id=profile_id, status=status, checked_on=checked_on)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "background_check.recorded",
        "educator_profile",
        profile_id,
        after={"id": row.id, "status": status, "checked_on": checked_on},
    )
    return {}


def record_assessment_score(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    assessment: str,
    score: int | None,
    passing_score: int | None,
    taken_on: date | None,
    today: date,
) -> dict[str, str]:
    """Record an assessment score (passing score optional)."""
    _staff_only(actor)
    assessment = clean_name(assessment)
    errors: dict[str, str] = {}
    if not assessment:
        errors["assessment"] = "Enter the assessment."
    elif len(assessment) > 200:
        errors["assessment"] = "Use at most 200 characters."
    if score is None or not 0 <= score <= 10000:
        errors["score"] = "Enter the score, a whole number from 0 to 10000."
    if passing_score is not None and not 0 <= passing_score <= 10000:
        errors["passing_score"] = "Enter the passing score, a whole number from 0 to 10000."
    _check_day(errors, "taken_on", taken_on, today)
    _profile_exists(session, profile_id, errors)
    if errors:
        return errors
    assert score is not None and taken_on is not None
    row = AssessmentScore(
        holder_id=profile_id,
        assessment=assessment,
        score=score,
        passing_score=passing_score,
        taken_on=taken_on,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "assessment_score.recorded",
        "educator_profile",
        profile_id,
        after={
            "id": row.id,
            "assessment": assessment,
            "score": score,
            "passing_score": passing_score,
            "taken_on": taken_on,
        },
    )
    return {}


# ---------------------------------------------------------------- printing


@dataclass(frozen=True)
class PrintableLicense:
    """The official license as printed: public facts only (no date of birth or address)."""

    holder_name: str
    number: str
    license_type: str
    license_class: str
    endorsements: tuple[str, ...]
    first_issued: str
    valid_from: str
    expires_on: str
    status_label: str
    verify_url: str
    qr_data_uri: str


def verify_url(number: str) -> str:
    """The public look-up record a printed license's QR code points at."""
    return f"{settings.public_base_url()}{routes.LOOKUP}/{number}"


def qr_svg(url: str) -> str:
    """A QR code for `url` as an SVG data URI (for an <img src>); black on white for scanners."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def print_view(
    session: Session, profile_id: int, license_number: str, today: date | None = None
) -> PrintableLicense | None:
    """The educator's own license ready to print; None if it is not theirs (or unknown)."""
    number = normalise_license_number(license_number)
    if not number or len(number) > LICENSE_NUMBER_MAX:
        return None
    found = session.exec(
        select(License, EducatorProfile)
        .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
        .where(License.license_number == number, License.holder_id == profile_id)
    ).first()
    if found is None:
        return None
    row, holder = found
    days = (row.expires_on - (today or clock.today())).days
    endorsements = _endorsements_by_license(session, [row.id or 0])[row.id or 0]
    name = " ".join(p for p in (holder.first_name, holder.middle_name, holder.last_name) if p)
    url = verify_url(number)
    return PrintableLicense(
        holder_name=name,
        number=number,
        license_type=row.license_type,
        license_class=row.license_class,
        endorsements=tuple(endorsements),
        first_issued=format_date(row.first_issued),
        valid_from=format_date(row.valid_from),
        expires_on=format_date(row.expires_on),
        status_label=_status_label(_effective_status(row.status, days)),
        verify_url=url,
        qr_data_uri=qr_svg(url),
    )


def version_for(session: Session, profile_id: int) -> str:
    """Changes whenever one of the educator's licenses changes (for the live page)."""
    rows = session.exec(
        select(License.id, License.expires_on, License.status, License.license_class)
        .where(License.holder_id == profile_id)
        .order_by(License.id)
    ).all()
    endorsements = session.exec(
        select(func.count())
        .select_from(Endorsement)
        .join(License, Endorsement.license_id == License.id)  # type: ignore[arg-type]
        .where(License.holder_id == profile_id)
    ).one()
    return f"{rows}:{endorsements}"
