"""What the state office records about an educator: transcripts received, background-check
results and assessment scores (the educator's checklist shows them, read-only).

Each write validates first (field -> message errors, nothing written if any), happens in the
caller's transaction, and records its audit event.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from licensure_app.domain.names import clean_name
from licensure_app.models import AssessmentScore, BackgroundCheck, EducatorProfile, TranscriptRecord
from licensure_app.services import audit

from .access import require_staff

BACKGROUND_STATUSES = ("pending", "cleared", "not cleared")


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
    require_staff(actor)
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
    require_staff(actor)
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
    require_staff(actor)
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
