"""Submitting (or resubmitting) an application, withdrawing it, and who is told."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ...domain.application_types import TYPES
from ...domain.status import RESUBMITTED, RETURNED, SUBMITTED, WITHDRAWN, is_editable
from ...models import Account, Application, District, DistrictDesignee, EducatorProfile
from ...models._base import utcnow
from .. import audit, notifications
from .answers import Answers
from .checks import Assessment, assess, renewal_snapshot
from .drafts import own_application
from .transitions import sources, transition


def approver_account_ids(session: Session, district_id: int | None) -> list[int]:
    """The superintendent and the active designees of a district."""
    if district_id is None:
        return []
    ids: set[int] = set()
    district = session.get(District, district_id)
    if district is not None and district.superintendent_account_id:
        ids.add(district.superintendent_account_id)
    ids.update(
        session.exec(
            select(DistrictDesignee.account_id).where(
                DistrictDesignee.district_id == district_id,
                DistrictDesignee.revoked_at.is_(None),  # type: ignore[union-attr]
            )
        ).all()
    )
    ids.update(
        session.exec(
            select(Account.id).where(
                Account.district_id == district_id, Account.role == "district_approver"
            )
        ).all()
    )
    return sorted(i for i in ids if i)


def submit(
    session: Session, actor: audit.Actor, profile_id: int, application_id: int, today: date
) -> Assessment:
    """Submit (or resubmit) once everything is in order. Idempotent: a second call is a no-op."""
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
    to_status = RESUBMITTED if application.status == RETURNED else SUBMITTED
    moved = transition(
        session,
        application,
        sources(to_status, actor.role),
        to_status,
        actor,
        extra={
            "submitted_at": utcnow(),
            "answers_json": answers.to_json(),
            "district_id": profile.employing_district_id if profile else application.district_id,
        },
    )
    if moved:
        _notify_approvers(session, application, profile, to_status)
    return Assessment()


def _notify_approvers(
    session: Session, application: Application, profile: EducatorProfile | None, to_status: str
) -> None:
    definition = TYPES[application.app_type]
    name = f"{profile.first_name} {profile.last_name}" if profile else "An educator"
    for account_id in approver_account_ids(session, application.district_id):
        notifications.notify(
            session,
            account_id,
            f"{name} {'resubmitted' if to_status == RESUBMITTED else 'submitted'} "
            f"a {definition.title.lower()} application.",
            f"/approvals?application={application.id}",
        )


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
