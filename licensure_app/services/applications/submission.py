"""Submitting (or resubmitting) an application, and withdrawing it.

A resubmission goes back to the stage that returned it: to the district (resubmitted), or
straight to the state licensure office (state review) when the state returned it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ...domain.status import RESUBMITTED, RETURNED, STATE_REVIEW, SUBMITTED, WITHDRAWN, is_editable
from ...models import ROLE_STATE_STAFF, Application, EducatorProfile
from ...models._base import utcnow
from .. import audit
from .answers import Answers
from .checks import Assessment, assess, renewal_snapshot
from .drafts import last_return, own_application
from .receipts import tell_of_submission
from .transitions import sources, transition


def _submitted_status(session: Session, application: Application) -> str:
    """Where a submission goes: submitted; resubmitted to the district; or back to state
    review when the state licensure office returned it."""
    if application.status != RETURNED:
        return SUBMITTED
    last = last_return(session, application)
    return STATE_REVIEW if last is not None and last.actor_role == ROLE_STATE_STAFF else RESUBMITTED


def submit(
    session: Session, actor: audit.Actor, profile_id: int, application_id: int, today: date
) -> Assessment:
    """Submit (or resubmit) once everything is in order. Idempotent: a second call is a no-op.

    The applicant gets a receipt and the reviewers a notice, in the same transaction."""
    application = own_application(session, profile_id, application_id)
    if not is_editable(application.status):
        return Assessment()  # already submitted by another click or tab
    assessment = assess(session, application, today)
    if not assessment.ready:
        return assessment
    answers = Answers.of(application)
    if application.app_type == "renewal":
        answers.renewal_snapshot = renewal_snapshot(session, application, today)
    profile = session.get(EducatorProfile, profile_id)
    to_status = _submitted_status(session, application)
    now = utcnow()
    moved = transition(
        session,
        application,
        sources(to_status, actor.role),
        to_status,
        actor,
        extra={
            "submitted_at": now,
            "answers_json": answers.to_json(),
            "district_id": profile.employing_district_id if profile else application.district_id,
        },
    )
    if moved:
        tell_of_submission(session, application, profile, to_status, now)
    return Assessment()


def withdraw(session: Session, actor: audit.Actor, profile_id: int, application_id: int) -> bool:
    """Withdraw before a decision; False when it can no longer be withdrawn."""
    application = own_application(session, profile_id, application_id)
    return transition(
        session,
        application,
        sources(WITHDRAWN, actor.role),
        WITHDRAWN,
        actor,
        "Withdrawn by the applicant",
    )
