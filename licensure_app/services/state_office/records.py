"""What the state office records about an educator: transcripts received, background-check
results and assessment scores (the educator's checklist shows them, read-only), recorded
on the Records tab of /admin or on the educator's record, and corrected there.

Each write validates first (field -> message errors, nothing written if any), happens in the
caller's transaction, and records its audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel

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


def _save(
    session: Session,
    actor: audit.Actor,
    model: type[SQLModel],
    kind: str,
    profile_id: int,
    record_id: int | None,
    values: dict[str, Any],
) -> dict[str, str]:
    """Insert a new record (record_id None) or correct one of this educator's; audited with
    the values before and after. field -> message errors, nothing written if any."""
    if record_id is None:
        row = model(holder_id=profile_id, **values)
        session.add(row)
        session.flush()
        audit.record(
            session, actor, f"{kind}.recorded", "educator_profile", profile_id,
            after={"id": row.id, **values},
        )  # fmt: skip
        return {}
    row = session.get(model, record_id)
    if row is None or getattr(row, "holder_id", None) != profile_id:
        return {"record": "That record was not found for this educator."}
    before = {key: getattr(row, key) for key in values}
    if before == values:
        return {"record": "Nothing changed."}
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    changed = [key for key in values if before[key] != values[key]]
    audit.record(
        session, actor, f"{kind}.corrected", "educator_profile", profile_id,
        before={"id": record_id, **{k: before[k] for k in changed}},
        after={"id": record_id, **{k: values[k] for k in changed}},
    )  # fmt: skip
    return {}


def record_transcript(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    institution: str,
    degree: str,
    received_on: date | None,
    today: date,
    record_id: int | None = None,
) -> dict[str, str]:
    """Record a received transcript, or correct one (`record_id`); field -> message errors
    (nothing written if any)."""
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
    values = {"institution": institution, "degree": degree, "received_on": received_on}
    return _save(session, actor, TranscriptRecord, "transcript", profile_id, record_id, values)


def record_background_check(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    status: str,
    checked_on: date | None,
    today: date,
    record_id: int | None = None,
) -> dict[str, str]:
    """Record a background-check result, or correct one; a pending check may have no date."""
    require_staff(actor)
    status = status.strip().lower()
    errors: dict[str, str] = {}
    if status not in BACKGROUND_STATUSES:
        errors["status"] = "Choose pending, cleared or not cleared."
    _check_day(errors, "checked_on", checked_on, today, required=status != "pending")
    _profile_exists(session, profile_id, errors)
    if errors:
        return errors
    values = {"status": status, "checked_on": checked_on}
    return _save(session, actor, BackgroundCheck, "background_check", profile_id, record_id, values)


def record_assessment_score(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    assessment: str,
    score: int | None,
    passing_score: int | None,
    taken_on: date | None,
    today: date,
    record_id: int | None = None,
) -> dict[str, str]:
    """Record an assessment score (passing score optional), or correct one."""
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
    values = {
        "assessment": assessment,
        "score": score,
        "passing_score": passing_score,
        "taken_on": taken_on,
    }
    return _save(session, actor, AssessmentScore, "assessment_score", profile_id, record_id, values)
