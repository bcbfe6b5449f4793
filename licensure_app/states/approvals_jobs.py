"""The approvals page's work off the event loop: each call opens its own session."""

from __future__ import annotations

from licensure_app.infra import clock
from licensure_app.services import approvals, audit
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.state_office import designees

from ..db import read_scope, session_scope


def version(principal: Principal) -> str:
    with read_scope() as session:
        return approvals.queue_version(session, principal)


def snapshot(
    principal: Principal, filters: approvals.QueueFilters, open_id: int
) -> tuple[approvals.QueueView, approvals.ApplicationDetail | None, approvals.WorkPanel | None]:
    with read_scope() as session:
        view = approvals.queue(session, principal, filters)
        found = approvals.detail(session, principal, open_id) if open_id else None
        work = approvals.work_panel(session, principal, open_id) if found else None
    return view, found, work


def decide(
    kind: str,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    verified: bool,
    reason: str,
) -> approvals.Decision:
    with session_scope() as session:
        if kind == "approve":
            return approvals.approve_application(
                session, principal, actor, application_id, verified, clock.today()
            )
        decide = approvals.return_application if kind == "return" else approvals.reject_application
        return decide(session, principal, actor, application_id, reason)


def review(
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    activity_id: int,
    accepted: bool,
    reason: str,
) -> approvals.ActivityDecision:
    with session_scope() as session:
        return approvals.decide_activity(
            session, principal, actor, application_id, activity_id, accepted, reason
        )


def bulk(principal: Principal, actor: audit.Actor, ids: list[int]) -> approvals.BulkResult:
    with session_scope() as session:
        return approvals.bulk_approve_renewals(session, principal, actor, ids, True, clock.today())


def grant(principal: Principal, actor: audit.Actor, email: str) -> designees.DesigneeResult:
    with session_scope() as session:
        return designees.grant(session, principal, actor, email)


def revoke(principal: Principal, actor: audit.Actor, designee_id: int) -> designees.DesigneeResult:
    with session_scope() as session:
        return designees.revoke(session, principal, actor, designee_id)


def assign(principal: Principal, actor: audit.Actor, application_id: int) -> approvals.WorkResult:
    with session_scope() as session:
        return approvals.assign_to_me(session, principal, actor, application_id)


def note(
    principal: Principal, actor: audit.Actor, application_id: int, body: str
) -> approvals.WorkResult:
    with session_scope() as session:
        return approvals.add_note(session, principal, actor, application_id, body)
