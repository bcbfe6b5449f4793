"""The audit log, filtered by actor, entity, action and dates."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from approval_world import TODAY, Educator, World, actor_of, principal, submit_renewal
from sqlalchemy import func, text
from sqlmodel import Session, select

from licensure_app.models import AuditEvent, License
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


def test_an_event_shows_only_the_fields_it_changed() -> None:
    changes = state_office.changed_fields(
        '{"status": "submitted", "note": "same", "holder": 7}',
        '{"status": "approved", "note": "same", "decided_on": "2026-12-01"}',
    )
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("decided_on", "—", "2026-12-01"),
        ("holder", "7", "—"),
        ("status", "submitted", "approved"),
    ]
    assert state_office.changed_fields("", "") == []
    assert state_office.changed_fields("not json", "") == [
        state_office.FieldChange("value", "not json", "—")
    ]
    long = state_office.changed_fields("{}", '{"text": "' + "x" * 500 + '"}')
    assert len(long[0].after) == 200 and long[0].after.endswith("…")


def test_audit_pages_walk_the_whole_log_without_gaps_or_repeats(
    session: Session, world: World
) -> None:
    staff = actor_of(principal(session, world.state))
    for n in range(7):
        audit.record(session, staff, "test.paged", "test", str(n), {"n": n}, {"n": n + 1})
    session.commit()
    only = state_office.AuditFilters(action="test.paged")
    seen: list[str] = []
    before: int | None = None
    pages = 0
    while True:
        page = state_office.audit_page(session, only, before, size=3)
        pages += 1
        seen += [r.entity for r in page.rows]
        if page.next_before_id is None:
            break
        before = page.next_before_id
    assert pages == 3
    assert seen == [f"test {n}" for n in reversed(range(7))]
    first = state_office.audit_page(session, only, size=3).rows[0]
    assert [(c.field, c.before, c.after) for c in first.changes] == [("n", "6", "7")]


def test_audit_rows_link_to_the_application_and_the_licenses_public_record(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    approvals.approve_application(session, magnolia, actor_of(magnolia), app_id, True, TODAY)
    session.commit()
    renewed = state_office.audit_log(session, state_office.AuditFilters(action="license.renewed"))
    number = session.get(License, teacher.license_id).license_number
    assert renewed[0].entity_link == f"/lookup/{number}"
    approved = state_office.audit_log(
        session, state_office.AuditFilters(action="application.approved")
    )
    assert approved[0].entity_link == f"/approvals?application={app_id}"


def test_the_audit_csv_holds_the_filtered_events_with_their_changes(
    session: Session, world: World
) -> None:
    staff = actor_of(principal(session, world.state))
    audit.record(session, staff, "test.csv", "test", "1", {"status": "a"}, {"status": "=b"})
    audit.record(session, staff, "test.other", "test", "2")
    session.commit()
    rows = list(
        csv.reader(
            io.StringIO(
                state_office.audit_csv(session, state_office.AuditFilters(action="test.csv"))
            )
        )
    )
    assert rows[0] == ["Time", "Actor", "Role", "Action", "Entity", "Changed fields"]
    assert len(rows) == 2
    assert rows[1][3:] == ["test.csv", "test 1", "status: a → =b"]
