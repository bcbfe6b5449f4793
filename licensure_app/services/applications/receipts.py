"""Who is told of a submission, and what: the applicant's receipt (in-app and e-mail) and
the reviewers' notices (in-app; e-mail only for those who chose "immediate", the others
get the daily digest). Subjects name nothing private.

The reviewers are the district's approvers, except at the state review and for an
application an approver of the district filed (or that concerns an approver's license):
no approver of a district decides their own or a colleague's application
(`services.approvals.scope`), so the state licensure office is told and named instead."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from ...domain import service_standards
from ...domain.application_types import DISTRICT as DECIDED_BY_DISTRICT
from ...domain.application_types import TYPES
from ...domain.formatting import article
from ...domain.notices import Notice
from ...domain.status import RESUBMITTED, STATE_REVIEW
from ...infra import clock
from ...models import (
    ROLE_STATE_STAFF,
    Account,
    Application,
    District,
    DistrictDesignee,
    EducatorProfile,
    License,
)
from .. import notifications

STATE_OFFICE = "the state licensure office"


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


def state_office_account_ids(session: Session) -> list[int]:
    """The active accounts of the state licensure office."""
    return sorted(
        i
        for i in session.exec(
            select(Account.id).where(
                Account.role == ROLE_STATE_STAFF, col(Account.is_active).is_(True)
            )
        ).all()
        if i
    )


def _approver_concerned(session: Session, application: Application) -> bool:
    """Whether an approver of the application's district filed it or holds its license."""
    approvers = approver_account_ids(session, application.district_id)
    if not approvers:
        return False
    lic = session.get(License, application.license_id) if application.license_id else None
    profile_ids = {application.applicant_id, lic.holder_id if lic is not None else None}
    return any(
        profile is not None and profile.account_id in approvers
        for profile in (session.get(EducatorProfile, i) for i in profile_ids if i)
    )


def state_office_decides(session: Session, application: Application, to_status: str) -> bool:
    """Whether the state licensure office takes the next decision on the application now
    moved to `to_status`: at the state review, and for an approver's own application."""
    return to_status == STATE_REVIEW or _approver_concerned(session, application)


def _what(application: Application) -> str:
    """ "an additional endorsement application": the type in words, with its article."""
    definition = TYPES.get(application.app_type)
    title = definition.title if definition else application.app_type.replace("_", " ")
    return article(f"{title.lower()} application")


def _stages_ahead(application: Application, by_state: bool) -> tuple[str, ...]:
    if by_state:
        return (service_standards.STATE,)
    definition = TYPES.get(application.app_type)
    if definition is not None and definition.decided_by == DECIDED_BY_DISTRICT:
        return (service_standards.DISTRICT,)
    return (service_standards.DISTRICT, service_standards.STATE)


def _reviewer(session: Session, application: Application, by_state: bool) -> str:
    if by_state:
        return STATE_OFFICE
    district = session.get(District, application.district_id) if application.district_id else None
    return district.name if district is not None else "your district"


def receipt(
    session: Session, application: Application, to_status: str, filed_at: datetime
) -> Notice:
    """The applicant's receipt: what was filed, when, who reviews it next and how long
    that usually takes."""
    lic = session.get(License, application.license_id) if application.license_id else None
    verb = "resubmitted" if to_status in (RESUBMITTED, STATE_REVIEW) else "submitted"
    for_license = f" for license {lic.license_number}" if lic is not None else ""
    by_state = state_office_decides(session, application, to_status)
    reviewer = _reviewer(session, application, by_state)
    timing = service_standards.processing_time(
        application.app_type, _stages_ahead(application, by_state)
    )
    return Notice(
        subject=f"Application {verb}: your receipt",
        what_happened=(f"You {verb} {_what(application)}{for_license} on {clock.show(filed_at)}."),
        next_step=(
            f"{reviewer[:1].upper()}{reviewer[1:]} reviews it next. {timing} "
            "You will be told of the decision."
        ),
        link="/applications",
        link_text="See your applications",
    )


def reviewer_notice(
    application: Application,
    profile: EducatorProfile | None,
    to_status: str,
    *,
    approvers_own: bool = False,
) -> Notice:
    """What a reviewer is told of a new or resubmitted application (the name stays out of
    the subject); `approvers_own`: an approver of its district filed it, so the state
    office reviews it at the district's stage."""
    name = f"{profile.first_name} {profile.last_name}" if profile else "An educator"
    resubmitted = to_status in (RESUBMITTED, STATE_REVIEW)
    return Notice(
        subject="Application resubmitted for review"
        if resubmitted
        else "New application to review",
        what_happened=(
            f"{name} {'resubmitted' if resubmitted else 'submitted'} {_what(application)}."
        ),
        next_step=(
            "An approver of its district filed it, so the state licensure office decides it. "
            if approvers_own
            else ""
        )
        + "It is waiting in your approval queue.",
        link=f"/approvals?application={application.id}",
        link_text="Open the application",
    )


def tell_of_submission(
    session: Session,
    application: Application,
    profile: EducatorProfile | None,
    to_status: str,
    filed_at: datetime,
) -> None:
    """Send the receipt and the reviewers' notices, in the caller's transaction."""
    applicant = profile.account_id if profile is not None else None
    if applicant:
        notifications.send_notice(
            session, applicant, receipt(session, application, to_status, filed_at)
        )
    by_state = state_office_decides(session, application, to_status)
    reviewers = (
        state_office_account_ids(session)
        if by_state
        else approver_account_ids(session, application.district_id)
    )
    notice = reviewer_notice(
        application, profile, to_status, approvers_own=by_state and to_status != STATE_REVIEW
    )
    for account_id in reviewers:
        if account_id == applicant:
            continue  # an approver's own application: they are its applicant here
        account = session.get(Account, account_id)
        immediate = account is not None and account.queue_mail == "immediate"
        notifications.send_notice(session, account_id, notice, email=immediate)
