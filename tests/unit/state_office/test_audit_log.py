"""The audit log, filtered by actor, entity, action and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from approval_world import TODAY, Educator, World, actor_of, principal, submit_renewal
from sqlalchemy import func, text
from sqlmodel import Session, select

from licensure_app.models import AuditEvent
from licensure_app.services import approvals, audit, state_office


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


def test_audit_times_are_shown_in_the_states_time_zone(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 13 #12): 23:30 in Chicago on 30 November showed as 05:30 on
    1 December."""
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    state = principal(session, world.state)
    monkeypatch.setattr(audit, "utcnow", lambda: datetime(2026, 12, 1, 5, 30, tzinfo=UTC))
    audit.record(session, actor_of(state), "test.late", "test", "1")
    session.commit()
    [row] = state_office.audit_log(session, state_office.AuditFilters(action="test.late"))
    assert row.at == "2026-11-30 23:30:00 CST"
    # The date filters are the state's days too.
    on_the_30th = state_office.AuditFilters(
        action="test.late", date_from=date(2026, 11, 30), date_to=date(2026, 11, 30)
    )
    assert len(state_office.audit_log(session, on_the_30th)) == 1


def test_verifying_the_audit_log_and_recording_a_checkpoint(
    session: Session, world: World, teacher: Educator
) -> None:
    staff = actor_of(principal(session, world.state))
    message = state_office.record_checkpoint(session, staff)
    session.commit()
    assert message.startswith("Checkpoint recorded at event ")
    ok, said = state_office.verification_message(session)
    events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    assert ok and said == f"Audit log intact: {events} events, chain and 1 checkpoint verified."
    with pytest.raises(PermissionError):
        state_office.record_checkpoint(session, actor_of(principal(session, world.pine_super)))


def test_a_cut_short_log_fails_verification_in_plain_words(
    session: Session, world: World, teacher: Educator
) -> None:
    staff = actor_of(principal(session, world.state))
    state_office.record_checkpoint(session, staff)
    session.commit()
    last = session.exec(select(func.max(AuditEvent.id))).one()
    session.execute(text("DROP TRIGGER audit_event_no_delete"))
    session.execute(text("DELETE FROM audit_event WHERE id = :last"), {"last": last})
    session.commit()
    ok, said = state_office.verification_message(session)
    assert not ok
    assert said.startswith("The audit log fails verification: Event ")
    assert "cut short or rewritten" in said
