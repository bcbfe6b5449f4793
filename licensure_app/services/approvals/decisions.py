"""Approve, return or reject one application, at the district or the state stage.

Every decision is one transaction in the caller's session: a conditional transition of
the application (exactly one row moves, or nothing does), the change to the license
(`services.licensing.effects`), the audit events and the notifications. Two approvers, two
tabs or a double click therefore approve (and renew) once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from licensure_app.domain.application_types import DISTRICT, TYPES
from licensure_app.domain.formatting import full_name
from licensure_app.domain.notices import Notice
from licensure_app.domain.status import DISTRICT_STAGE, STATE_STAGE, application_label
from licensure_app.models import (
    ROLE_STATE_STAFF,
    Account,
    Application,
    EducatorProfile,
    License,
    PDActivity,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.rules import rules_for_license

from ..applications import transition
from ..applications.answers import Answers
from ..licensing import effects
from . import notices
from .counted import option_still_met, snapshot_activity_ids
from .scope import OWN_APPLICATION, acting, conflict, may_decide, refuse, stage_of, visible

NOT_FOUND = "That application was not found."
REASON_REQUIRED = "Enter the reason: the applicant sees it."
VERIFY_REQUIRED = "Confirm that you have verified the original certificates or transcripts."
OPTION_UNMET = (
    'The activities still counted (not voided, not "Not accepted") no longer meet the '
    "renewal option chosen: return the application for correction."
)
MAX_REASON = 2000


@dataclass(frozen=True)
class Decision:
    """The outcome of a decision; `field` names the form control an error belongs to."""

    ok: bool
    message: str
    field: str = ""


class _Undo(Exception):
    """Raised inside a savepoint to undo a half-made decision; carries the refusal."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- who is told


def _tell_applicant(session: Session, application: Application, notice: Notice) -> None:
    profile = session.get(EducatorProfile, application.applicant_id)
    account_id = profile.account_id if profile is not None else None
    if account_id:
        notifications.send_notice(session, account_id, notice)


def _state_staff(session: Session) -> list[Account]:
    return list(
        session.exec(
            select(Account).where(
                Account.role == ROLE_STATE_STAFF, col(Account.is_active).is_(True)
            )
        ).all()
    )


def _tell_state_staff(session: Session, application: Application, title: str) -> None:
    """In-app for every state staffer; e-mail only to those who chose it per item (the
    others read it in their daily digest)."""
    profile = session.get(EducatorProfile, application.applicant_id)
    name = (
        full_name(profile.first_name, profile.middle_name, profile.last_name)
        if profile
        else "an educator"
    )
    notice = notices.waiting_for_state_review(title, name, application.id or 0)
    for account in _state_staff(session):
        notifications.send_notice(
            session, account.id or 0, notice, email=account.queue_mail == "immediate"
        )


# ---------------------------------------------------------------- checks


def _clean_reason(reason: str) -> str:
    return " ".join(reason.split())[:MAX_REASON] if reason else ""


def _already(application: Application) -> Decision:
    label = application_label(application.status).lower()
    return Decision(False, f"This application is already {label}.")


def _decidable(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    action: str,
) -> Application | Decision:
    """The application if this principal may decide it now, else the Decision refusing.
    Their own application (or a fellow approver's) is refused and the refusal audited."""
    application = visible(session, principal, actor, application_id, action)
    if application is None:
        return Decision(False, NOT_FOUND)
    barred = conflict(session, principal, application)
    if barred:
        why = "own application" if barred == OWN_APPLICATION else "colleague's application"
        refuse(session, actor, application.id, action, why)
        return Decision(False, barred)
    if not stage_of(application):
        return _already(application)
    if not may_decide(session, principal, application):
        # Visible (own district) but with the state office now: not a refusal of access.
        return Decision(False, "This application is with the state licensure office for review.")
    return application


def _move(
    session: Session,
    application: Application,
    from_statuses: tuple[str, ...],
    to_status: str,
    actor: audit.Actor,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    if not transition(session, application, from_statuses, to_status, actor, reason, extra):
        # Another approver (or a second click) decided it first: nothing happens twice.
        session.refresh(application)
        raise _Undo(_already(application).message)


# ---------------------------------------------------------------- approve


def approve_application(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    verified: bool,
    today: date,
) -> Decision:
    """Approve at the application's stage: a renewal renews the license at once; any other
    type goes from the district to the state review, and the state's approval applies it."""
    actor = acting(principal, actor)
    found = _decidable(session, principal, actor, application_id, "approve")
    if isinstance(found, Decision):
        return found
    application = found
    stage = stage_of(application)
    if application.app_type == "renewal" and stage == "district" and not verified:
        return Decision(False, VERIFY_REQUIRED, field="verified")
    if (
        application.app_type == "renewal"
        and stage == "district"
        and not _still_met(session, application)
    ):
        return Decision(False, OPTION_UNMET)
    try:
        with session.begin_nested():
            if stage == "district" and TYPES[application.app_type].decided_by == DISTRICT:
                message = _approve_renewal(session, application, actor, today)
            elif stage == "district":
                message = _forward_to_state(session, application, actor)
            else:
                message = _approve_at_state(session, application, actor, today)
    except (_Undo, effects.NotApplied) as undo:
        session.expire_all()
        return Decision(False, undo.message)
    return Decision(True, message)


def _approve_and_apply(
    session: Session,
    application: Application,
    from_statuses: tuple[str, ...],
    actor: audit.Actor,
    today: date,
) -> str:
    """The final approval: the application is approved and its effect applied."""
    _move(session, application, from_statuses, "approved", actor, extra={"decided_at": utcnow()})
    return effects.apply(session, application, actor, today)


def _approve_renewal(
    session: Session, application: Application, actor: audit.Actor, today: date
) -> str:
    summary = _approve_and_apply(session, application, DISTRICT_STAGE, actor, today)
    _verify_counted(session, application, actor)
    lic = session.get(License, application.license_id)
    if lic is not None:
        _tell_applicant(
            session, application, notices.renewal_approved(lic.license_number, lic.expires_on)
        )
    return f"Approved. {summary}"


def _verify_counted(session: Session, application: Application, actor: audit.Actor) -> None:
    """The approver checked the originals: the counted activities not yet decided become
    verified (those marked "Not accepted" stay so)."""
    ids = snapshot_activity_ids(Answers.of(application))
    if not ids:
        return
    now = utcnow()
    verified = session.exec(
        update(PDActivity)
        .where(
            col(PDActivity.id).in_(ids),
            PDActivity.holder_id == application.applicant_id,
            PDActivity.verification == "unverified",
        )
        .values(verification="verified", verified_by_id=actor.account_id, verified_at=now)
        .execution_options(synchronize_session=False)
    )
    if verified.rowcount:
        audit.record(
            session,
            actor,
            "pd_activity.verified",
            "application",
            application.id,
            after={"activity_ids": ids, "count": verified.rowcount},
        )


def _still_met(session: Session, application: Application) -> bool:
    """Whether the counted activities not voided or not accepted still meet the option."""
    lic = session.get(License, application.license_id) if application.license_id else None
    return option_still_met(session, lic, Answers.of(application), rules_for_license(session, lic))


def _forward_to_state(session: Session, application: Application, actor: audit.Actor) -> str:
    _move(session, application, DISTRICT_STAGE, "district_approved", actor)
    _move(
        session,
        application,
        ("district_approved",),
        "state_review",
        audit.SYSTEM,
        "Forwarded to the state licensure office",
    )
    title = TYPES[application.app_type].title.lower()
    _tell_applicant(session, application, notices.forwarded_to_state(title))
    _tell_state_staff(session, application, title)
    return "Approved by the district and forwarded to the state licensure office."


def _approve_at_state(
    session: Session, application: Application, actor: audit.Actor, today: date
) -> str:
    summary = _approve_and_apply(session, application, STATE_STAGE, actor, today)
    title = TYPES[application.app_type].title.lower()
    _tell_applicant(session, application, notices.approved_by_state(title, summary))
    return f"Approved. {summary}"


# ---------------------------------------------------------------- return and reject


def return_application(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    reason: str,
) -> Decision:
    """Send the application back to the applicant with what to correct (reason required)."""
    return _decide_with_reason(
        session,
        principal,
        actor,
        application_id,
        reason,
        action="return",
        to_status="returned",
        told=notices.returned,
        done="Returned to the applicant for correction.",
    )


def reject_application(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    reason: str,
) -> Decision:
    """Refuse the application (reason required); the applicant is told why."""
    return _decide_with_reason(
        session,
        principal,
        actor,
        application_id,
        reason,
        action="reject",
        to_status="rejected",
        told=notices.rejected,
        done="Rejected. The applicant has been told why.",
        extra={"decided_at": utcnow()},
    )


def _decide_with_reason(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    reason: str,
    *,
    action: str,
    to_status: str,
    told: Callable[..., Notice],
    done: str,
    extra: dict | None = None,
) -> Decision:
    """Return or reject, at either stage: both need a reason and tell the applicant it."""
    actor = acting(principal, actor)
    found = _decidable(session, principal, actor, application_id, action)
    if isinstance(found, Decision):
        return found
    reason = _clean_reason(reason)
    if not reason:
        return Decision(False, REASON_REQUIRED, field="reason")
    application = found
    by_state = stage_of(application) == "state"
    try:
        with session.begin_nested():
            _move(
                session,
                application,
                DISTRICT_STAGE + STATE_STAGE,
                to_status,
                actor,
                reason,
                extra,
            )
    except _Undo as undo:
        return Decision(False, undo.message)
    title = TYPES[application.app_type].title.lower()
    _tell_applicant(session, application, told(title, reason, by_state=by_state))
    return Decision(True, done)
