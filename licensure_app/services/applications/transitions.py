"""Which status may move to which, by which kind of actor, and the move itself.

Every transition is a conditional UPDATE (exactly one row changes, or nothing does) plus
its transition row and audit event, all in the caller's transaction: a double click, two
tabs or two approvers can never apply the same transition twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, update
from sqlmodel import Session

from ...domain.status import (
    APPROVED,
    DISTRICT_APPROVED,
    DISTRICT_DECISIONS,
    DISTRICT_STAGE,
    DRAFT,
    REJECTED,
    RESUBMITTED,
    RETURNED,
    STATE_REVIEW,
    SUBMITTED,
    WITHDRAWN,
)
from ...models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Application,
    ApplicationTransition,
)
from ...models._base import utcnow
from .. import audit

# The kinds of actor a move is made by.
APPLICANT = "applicant"
APPROVER = "approver"  # a district approver or the state licensure office
SYSTEM = "system"

ACTOR_KINDS: dict[str, str] = {
    ROLE_EDUCATOR: APPLICANT,
    ROLE_DISTRICT_APPROVER: APPROVER,
    ROLE_STATE_STAFF: APPROVER,
    audit.SYSTEM.role: SYSTEM,
}

# (from, to, by): every move an application can make. Who may decide which application
# (district or state stage) is `services.approvals`' rule; this table says what a move is.
TRANSITIONS: tuple[tuple[str, str, str], ...] = (
    (DRAFT, SUBMITTED, APPLICANT),
    (RETURNED, RESUBMITTED, APPLICANT),
    # Only when the state licensure office returned it: back to the state, not the district.
    (RETURNED, STATE_REVIEW, APPLICANT),
    (DRAFT, WITHDRAWN, APPLICANT),
    (SUBMITTED, WITHDRAWN, APPLICANT),
    (RETURNED, WITHDRAWN, APPLICANT),
    (RESUBMITTED, WITHDRAWN, APPLICANT),
    (DISTRICT_APPROVED, WITHDRAWN, APPLICANT),
    (STATE_REVIEW, WITHDRAWN, APPLICANT),
    # The district decides: a renewal is approved at once, any other type is forwarded.
    (SUBMITTED, APPROVED, APPROVER),
    (RESUBMITTED, APPROVED, APPROVER),
    (SUBMITTED, DISTRICT_APPROVED, APPROVER),
    (RESUBMITTED, DISTRICT_APPROVED, APPROVER),
    (DISTRICT_APPROVED, STATE_REVIEW, SYSTEM),
    (STATE_REVIEW, APPROVED, APPROVER),
    # Either stage may return (with what to correct) or reject (with the reason).
    (SUBMITTED, RETURNED, APPROVER),
    (RESUBMITTED, RETURNED, APPROVER),
    (STATE_REVIEW, RETURNED, APPROVER),
    (SUBMITTED, REJECTED, APPROVER),
    (RESUBMITTED, REJECTED, APPROVER),
    (STATE_REVIEW, REJECTED, APPROVER),
)


def actor_kind(role: str) -> str:
    return ACTOR_KINDS.get(role, "")


def allowed(from_status: str, to_status: str, role: str) -> bool:
    """May an actor with this role move an application from `from_status` to `to_status`?"""
    return (from_status, to_status, actor_kind(role)) in TRANSITIONS


def sources(to_status: str, role: str) -> tuple[str, ...]:
    """The statuses from which an actor with this role may move an application to `to_status`."""
    kind = actor_kind(role)
    return tuple(f for f, t, by in TRANSITIONS if t == to_status and by == kind)


def transition(
    session: Session,
    application: Application,
    from_statuses: tuple[str, ...],
    to_status: str,
    actor: audit.Actor,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> bool:
    """Move the application to `to_status` if it is in one of `from_statuses`. True if it moved.

    Only the moves of `TRANSITIONS` for the actor's kind are made; asking for none of
    them is a programming error (ValueError)."""
    permitted = tuple(s for s in from_statuses if allowed(s, to_status, actor.role))
    if not permitted:
        raise ValueError(f"No move to {to_status!r} from {from_statuses} by {actor.role!r}.")
    # Read before the UPDATE: it also sets the status of the object in this session.
    before = application.status
    now = utcnow()
    values: dict[str, Any] = {
        "status": to_status,
        "updated_at": now,
        **_milestones(to_status, now),
        **(extra or {}),
    }
    result = session.exec(
        update(Application)
        .where(Application.id == application.id, Application.status.in_(permitted))  # type: ignore[attr-defined]
        .values(**values)
    )
    if result.rowcount != 1:
        return False
    session.refresh(application)
    _record(session, application, before, to_status, actor, reason, now)
    return True


def _milestones(to_status: str, now: datetime) -> dict[str, Any]:
    """The reports' milestones this move sets, evaluated in the UPDATE against the row's
    status then: the first submission, and the district's (latest) decision."""
    if to_status == SUBMITTED:
        return {"first_submitted_at": func.coalesce(Application.first_submitted_at, now)}
    if to_status in DISTRICT_DECISIONS:
        in_district = Application.status.in_(DISTRICT_STAGE)  # type: ignore[attr-defined]
        return {
            "district_decided_at": case((in_district, now), else_=Application.district_decided_at)
        }
    return {}


def _record(
    session: Session,
    application: Application,
    before: str,
    to_status: str,
    actor: audit.Actor,
    reason: str,
    now: datetime,
) -> None:
    session.add(
        ApplicationTransition(
            application_id=application.id or 0,
            from_status=before,
            to_status=to_status,
            actor_id=actor.account_id,
            actor_role=actor.role,
            reason=reason[:2000],
            at=now,
        )
    )
    audit.record(
        session,
        actor,
        f"application.{to_status}",
        "application",
        application.id,
        before={"status": before},
        after={"status": to_status, **({"reason": reason} if reason else {})},
    )
