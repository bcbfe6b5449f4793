"""Who may see and decide which application, and at which stage it is.

A district approver (superintendent or designee) sees only applications whose
`district_id` is one of `principal.approver_district_ids`; state staff see every
district. An application out of scope is "not found", exactly like one that does not
exist, and the attempt is written to the audit log as "access.refused".

Nobody decides an application they filed or that concerns their own license (SPEC §1),
and a district's approvers leave each other's applications to the state office:
`conflicts` finds those educator profiles once, `conflict` says why one application is
barred, and `may_decide` is the one answer every page and handler uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from licensure_app.domain.status import DISTRICT_STAGE, STATE_STAGE, VISIBLE_TO_APPROVERS
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_STATE_STAFF,
    Account,
    Application,
    District,
    DistrictDesignee,
    EducatorProfile,
    License,
)
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal

OWN_APPLICATION = (
    "You cannot decide this application: you filed it or it concerns your own license. "
    "The state licensure office decides it."
)
COLLEAGUE_APPLICATION = (
    "An approver of this district filed this application: the state licensure office decides it."
)


def is_state(principal: Principal) -> bool:
    return ROLE_STATE_STAFF in principal.roles


def acting(principal: Principal, actor: audit.Actor) -> audit.Actor:
    """The actor in the role it decides in: a designee's account keeps the educator role,
    but she decides (and the history names her) as a district approver."""
    role = ROLE_STATE_STAFF if is_state(principal) else ROLE_DISTRICT_APPROVER
    return actor if actor.role == role else replace(actor, role=role)


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


def refuse(
    session: Session, actor: audit.Actor, application_id: object, action: str, why: str = ""
) -> None:
    """Record a refused look at (or action on) an application the actor may not reach
    (`why`: "own application" or "colleague's application" when it is barred)."""
    audit.record(
        session,
        actor,
        "access.refused",
        "application",
        str(application_id)[:40],
        after={"action": action, "why": why} if why else {"action": action},
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


@dataclass(frozen=True)
class Conflicts:
    """The educator profiles whose applications a principal may not decide."""

    own: frozenset[int]  # the principal's own profile (any role may hold a license)
    colleagues: frozenset[int]  # other approvers of the principal's districts

    @property
    def profiles(self) -> frozenset[int]:
        return self.own | self.colleagues


def _district_approver_accounts(session: Session, district_ids: list[int]) -> set[int]:
    superintendents = session.exec(
        select(District.superintendent_account_id).where(col(District.id).in_(district_ids))
    ).all()
    designated = session.exec(
        select(DistrictDesignee.account_id).where(
            col(DistrictDesignee.district_id).in_(district_ids),
            col(DistrictDesignee.revoked_at).is_(None),
        )
    ).all()
    approvers = session.exec(
        select(Account.id).where(
            Account.role == ROLE_DISTRICT_APPROVER, col(Account.district_id).in_(district_ids)
        )
    ).all()
    return {i for i in (*superintendents, *designated, *approvers) if i}


def conflicts(session: Session, principal: Principal) -> Conflicts:
    """The principal's own profiles and, for a district approver, those of the other
    approvers of their districts (the state office decides both)."""
    own = set(
        session.exec(
            select(EducatorProfile.id).where(EducatorProfile.account_id == principal.account_id)
        ).all()
    )
    if principal.profile_id:
        own.add(principal.profile_id)
    colleagues: set[int | None] = set()
    if not is_state(principal) and principal.approver_district_ids:
        accounts = _district_approver_accounts(session, sorted(principal.approver_district_ids))
        accounts.discard(principal.account_id)
        if accounts:
            colleagues = set(
                session.exec(
                    select(EducatorProfile.id).where(col(EducatorProfile.account_id).in_(accounts))
                ).all()
            )
    return Conflicts(
        own=frozenset(i for i in own if i), colleagues=frozenset(i for i in colleagues if i)
    )


def _concerns(session: Session, application: Application, profiles: frozenset[int]) -> bool:
    """Whether one of `profiles` filed the application or holds its target license."""
    if not profiles:
        return False
    if application.applicant_id in profiles:
        return True
    lic = session.get(License, application.license_id) if application.license_id else None
    return lic is not None and lic.holder_id in profiles


def conflict(
    session: Session,
    principal: Principal,
    application: Application,
    found: Conflicts | None = None,
) -> str:
    """Why this principal may never decide this application ("" when nothing bars it)."""
    found = found or conflicts(session, principal)
    if _concerns(session, application, found.own):
        return OWN_APPLICATION
    if _concerns(session, application, found.colleagues):
        return COLLEAGUE_APPLICATION
    return ""


def not_barred(found: Conflicts) -> list[Any]:
    """WHERE conditions leaving out the applications `found` bars (for "waiting for me")."""
    if not found.profiles:
        return []
    barred = sorted(found.profiles)
    return [
        col(Application.applicant_id).not_in(barred),
        or_(
            col(Application.license_id).is_(None),
            col(Application.license_id).not_in(
                select(License.id).where(col(License.holder_id).in_(barred))
            ),
        ),
    ]


def may_decide(
    session: Session,
    principal: Principal,
    application: Application,
    found: Conflicts | None = None,
) -> bool:
    """District stage: its approvers (and state staff); state stage: state staff only; and
    never an application `conflict` bars (pass `found` when deciding for many rows)."""
    stage = stage_of(application)
    if stage == "district":
        allowed = principal.may_act_for_district(application.district_id)
    else:
        allowed = stage == "state" and is_state(principal)
    return allowed and not conflict(session, principal, application, found)


def waiting_statuses(principal: Principal) -> tuple[str, ...]:
    """The statuses that wait for this principal's decision."""
    return DISTRICT_STAGE + STATE_STAGE if is_state(principal) else DISTRICT_STAGE
