"""What an educator sees of their own records: their licenses (with expiry warnings) and the
checklist the state office holds (transcripts, background check, assessment scores).

Plain functions over a SQLModel session returning frozen dataclasses holding only what a
page shows, so no ORM row ever reaches Reflex state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from licensure_app.domain.formatting import format_date, plural
from licensure_app.domain.renewal_periods import shown_period
from licensure_app.domain.status import effective_license_status, license_label
from licensure_app.models import (
    AssessmentScore,
    BackgroundCheck,
    Endorsement,
    License,
    TranscriptRecord,
)

from .license_facts import endorsements_by_license
from .printing import print_href

# The licenses page warns from this many days before expiry (a display choice, not a rule
# of SPEC section 3: the renewal window itself comes from the rule tables).
EXPIRY_WARNING_DAYS = 180


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
    # After an early renewal: "Current: 30 Apr 2022 – 29 Apr 2027 · Renewed through 29 Apr
    # 2032", shown instead of the renewed period's "Valid from" (not begun yet).
    renewed_early: bool = False
    period_text: str = ""


def _days_text(days: int) -> str:
    if days > 0:
        return f"{plural(days, 'day')} left"
    if days == 0:
        return "Expires today"
    return f"Expired {plural(-days, 'day')} ago"


def _warning_text(days: int, expires_on: date) -> str:
    if days > 1:
        return f"Expires in {days} days"
    if days == 1:
        return "Expires tomorrow"
    if days == 0:
        return "Expires today"
    return (
        f"Expired on {format_date(expires_on)} — an expired license is restored by a "
        "reactivation application"
    )


def licenses_for_holder(session: Session, profile_id: int, today: date) -> list[LicenseView]:
    """The holder's licenses, newest expiry first: two queries (licenses, endorsements)."""
    rows = session.exec(
        select(License)
        .where(License.holder_id == profile_id)
        .order_by(col(License.expires_on).desc(), col(License.license_number))
    ).all()
    endorsements = endorsements_by_license(session, [r.id for r in rows if r.id is not None])
    views = []
    for row in rows:
        days = (row.expires_on - today).days
        status = effective_license_status(row.status, row.expires_on, today)
        period = shown_period(
            row.valid_from, row.expires_on, row.prior_valid_from, row.prior_expires_on, today
        )
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
                status_label=license_label(status),
                days_to_expiry=days,
                days_text=_days_text(days),
                warning=warning,
                warning_text=_warning_text(days, row.expires_on) if warning else "",
                renewable=status == "active",
                print_href=print_href(row.license_number),
                renewed_early=period.renewed_early,
                period_text=period.text,
            )
        )
    return views


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


def version_for(session: Session, profile_id: int) -> str:
    """Changes whenever one of the educator's licenses changes (for the live page)."""
    rows = session.exec(
        select(
            License.id,
            License.expires_on,
            License.status,
            License.license_class,
            License.prior_expires_on,
        )
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
