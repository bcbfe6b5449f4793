"""An educator's PD activities as state staff see them, and voiding one: a voided activity
stays on record but counts toward no renewal, and the educator sees why."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from licensure_app.domain.formatting import format_date
from licensure_app.domain.names import clean_name
from licensure_app.models import PDActivity
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.pd import (
    KIND_LABELS,
    SOURCE_LABELS,
    amount_text,
    holder_activities,
    verification_text,
)

from .access import require_staff
from .results import AdminResult

NOT_FOUND = "That activity was not found."
REASON_MAX = 500


@dataclass(frozen=True)
class StaffActivityRow:
    activity_id: int
    title: str
    provider: str
    kind: str
    amount: str
    completed_on: str
    source: str
    status: str
    voided: bool


def staff_activity_rows(session: Session, profile_id: int) -> list[StaffActivityRow]:
    """The educator's activities, newest first, with their source and status."""
    return [
        StaffActivityRow(
            activity_id=a.id or 0,
            title=a.title,
            provider=a.provider,
            kind=KIND_LABELS.get(a.kind, a.kind),
            amount=amount_text(a.kind, a.amount),
            completed_on=format_date(a.completed_on),
            source=SOURCE_LABELS.get(a.source, a.source),
            status=verification_text(a),
            voided=a.voided_at is not None,
        )
        for a in holder_activities(session, profile_id)
    ]


def void_activity(
    session: Session, actor: audit.Actor, activity_id: int, reason: str
) -> AdminResult:
    """Void the activity with a reason (required), audited in the caller's transaction."""
    require_staff(actor)
    reason = clean_name(reason)
    if not reason:
        return AdminResult(False, "", {"void_reason": "Say why the activity is voided."})
    if len(reason) > REASON_MAX:
        return AdminResult(False, "", {"void_reason": f"Use at most {REASON_MAX} characters."})
    activity = session.get(PDActivity, activity_id)
    if activity is None:
        return AdminResult(False, NOT_FOUND)
    if activity.voided_at is not None:
        return AdminResult(False, f"“{activity.title}” was already voided.")
    activity.voided_at, activity.voided_by_id = utcnow(), actor.account_id
    activity.void_reason = reason
    session.add(activity)
    audit.record(
        session,
        actor,
        "pd_activity.voided",
        "pd_activity",
        activity_id,
        before={"voided": False},
        after={"voided": True, "reason": reason, "holder_id": activity.holder_id},
    )
    return AdminResult(True, f"“{activity.title}” voided: it no longer counts toward renewal.")
