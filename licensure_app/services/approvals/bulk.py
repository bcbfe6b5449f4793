"""Bulk approval of renewals: the confirmation's list, then one decision per renewal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import full_name
from licensure_app.domain.status import DISTRICT_STAGE
from licensure_app.models import Application, EducatorProfile, License
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal

from .decisions import VERIFY_REQUIRED, approve_application
from .scope import conflicts, in_scope, may_decide

# Renewals approved in one go at most (a page of the queue is far fewer).
BULK_LIMIT = 200


@dataclass(frozen=True)
class BulkCandidate:
    application_id: int
    applicant_name: str
    license_number: str


@dataclass(frozen=True)
class BulkResult:
    approved: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def bulk_candidates(
    session: Session, principal: Principal, application_ids: list[int]
) -> list[BulkCandidate]:
    """The renewals among `application_ids` this principal may approve now (for the
    confirmation that lists them)."""
    if not application_ids:
        return []
    found = session.exec(
        select(Application, EducatorProfile, License.license_number)
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .join(License, col(License.id) == col(Application.license_id), isouter=True)
        .where(
            col(Application.id).in_(application_ids[:BULK_LIMIT]),
            Application.app_type == "renewal",
            col(Application.status).in_(DISTRICT_STAGE),
        )
        .order_by(col(Application.submitted_at))
    ).all()
    barred = conflicts(session, principal)
    return [
        BulkCandidate(a.id or 0, full_name(p.first_name, p.middle_name, p.last_name), number or "")
        for a, p, number in found
        if in_scope(principal, a) and may_decide(session, principal, a, barred)
    ]


def bulk_approve_renewals(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_ids: list[int],
    verified: bool,
    today: date,
) -> BulkResult:
    """Approve several renewals; each is its own all-or-nothing decision."""
    if not verified:
        return BulkResult(problems=[VERIFY_REQUIRED])
    approved, problems = [], []
    for application_id in application_ids[:BULK_LIMIT]:
        application = session.get(Application, application_id)
        if application is not None and application.app_type != "renewal":
            problems.append(f"Application {application_id} is not a renewal.")
            continue
        decision = approve_application(session, principal, actor, application_id, True, today)
        (approved if decision.ok else problems).append(
            decision.message if decision.ok else f"Application {application_id}: {decision.message}"
        )
    return BulkResult(approved=approved, problems=problems)
