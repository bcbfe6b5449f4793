"""Who may see and decide which application, and at which stage it is.

A district approver (superintendent or designee) sees only applications whose
`district_id` is one of `principal.approver_district_ids`; state staff see every
district. An application out of scope is "not found", exactly like one that does not
exist, and the attempt is written to the audit log as "access.refused".
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col

from licensure_app.domain.status import DISTRICT_STAGE, STATE_STAGE, VISIBLE_TO_APPROVERS
from licensure_app.models import ROLE_STATE_STAFF, Application
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal


def is_state(principal: Principal) -> bool:
    return ROLE_STATE_STAFF in principal.roles


def in_scope(principal: Principal, application: Application) -> bool:
    """Whether the principal may see this application at all."""
    if application.status == "draft" or application.submitted_at is None:
        return False
    if is_state(principal):
        return True
    return (
        application.district_id is not None
        and application.district_id in principal.approver_district_ids
    )


def scope_conditions(principal: Principal, district_id: int | None = None) -> list[Any]:
    """The WHERE conditions selecting the applications the principal may see (in one
    district when `district_id` is given)."""
    conditions: list[Any] = [
        col(Application.submitted_at).is_not(None),
        col(Application.status).in_(VISIBLE_TO_APPROVERS),
    ]
    if is_state(principal):
        if district_id:
            conditions.append(Application.district_id == district_id)
    else:
        allowed = sorted(principal.approver_district_ids)
        if district_id:
            allowed = [d for d in allowed if d == district_id]
        conditions.append(col(Application.district_id).in_(allowed))
    return conditions


def refuse(session: Session, actor: audit.Actor, application_id: object, action: str) -> None:
    """Record a refused look at (or action on) an application the actor may not reach."""
    audit.record(
        session,
        actor,
        "access.refused",
        "application",
        str(application_id)[:40],
        after={"action": action},
    )


def visible(
    session: Session, principal: Principal, actor: audit.Actor, application_id: int, action: str
) -> Application | None:
    """The application if the principal may see it; otherwise None, and the refusal recorded."""
    application = session.get(Application, application_id) if application_id else None
    if application is None or not in_scope(principal, application):
        refuse(session, actor, application_id, action)
        return None
    return application


def stage_of(application: Application) -> str:
    """ "district", "state" or "" (decided, withdrawn, returned to the applicant)."""
    if application.status in DISTRICT_STAGE:
        return "district"
    if application.status in STATE_STAGE:
        return "state"
    return ""


def may_decide(principal: Principal, application: Application) -> bool:
    """District stage: its approvers (and state staff); state stage: state staff only."""
    stage = stage_of(application)
    if stage == "district":
        return principal.may_act_for_district(application.district_id)
    return stage == "state" and is_state(principal)


def waiting_statuses(principal: Principal) -> tuple[str, ...]:
    """The statuses that wait for this principal's decision."""
    return DISTRICT_STAGE + STATE_STAGE if is_state(principal) else DISTRICT_STAGE
