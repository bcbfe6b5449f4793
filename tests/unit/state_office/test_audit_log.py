"""The audit log, filtered by actor, entity, action and dates."""

from __future__ import annotations

from datetime import timedelta

from approval_world import TODAY, Educator, World, actor_of, principal, submit_renewal
from sqlmodel import Session

from licensure_app.services import approvals, state_office


def test_audit_log_filters(session: Session, world: World, teacher: Educator) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    approvals.approve_application(session, magnolia, actor_of(magnolia), app_id, True, TODAY)
    session.commit()
    by_actor = state_office.audit_log(session, state_office.AuditFilters(actor="super@magnolia"))
    assert by_actor and {r.actor for r in by_actor} == {"super@magnolia.test"}
    by_entity = state_office.audit_log(
        session, state_office.AuditFilters(entity_type="license", entity_id=str(teacher.license_id))
    )
    assert [r.action for r in by_entity] == ["license.renewed"]
    assert state_office.audit_log(session, state_office.AuditFilters(action="application.approved"))
    tomorrow = TODAY + timedelta(days=1)
    assert state_office.audit_log(session, state_office.AuditFilters(date_from=tomorrow)) == []
    assert state_office.audit_log(session, state_office.AuditFilters(date_to=TODAY))
