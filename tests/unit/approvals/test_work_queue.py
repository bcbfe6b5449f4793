"""The work queue (issue 15 #1): search by name, email or license number on indexes, paging
without a cap, "Expiring soonest", the assignee filter, "Assign to me" and internal notes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from approval_world import (
    Educator,
    World,
    actor_of,
    add_educator,
    principal,
    refusals,
    submit_renewal,
)
from sqlmodel import Session, select

from licensure_app.models import Application, ApplicationNote, AuditEvent, Notification
from licensure_app.models._base import utcnow
from licensure_app.services import applications, approvals
from licensure_app.services.approvals.queue import queue_statement
from licensure_app.services.approvals.scope import conflicts, scope_conditions
from licensure_app.services.state_office import designees


def designate(session: Session, world: World, educator: Educator):  # noqa: ANN201
    """The superintendent of Magnolia names the educator a designee; her principal now."""
    superintendent = principal(session, world.magnolia_super)
    granted = designees.grant(
        session, superintendent, actor_of(superintendent), educator.account.email
    )
    assert granted.ok, granted.message
    session.commit()
    return principal(session, educator.account)


def _ids(session: Session, who: object, **filters: object) -> list[int]:
    view = approvals.queue(session, who, approvals.QueueFilters(**filters))  # type: ignore[arg-type]
    return [r.application_id for r in view.rows]


def _educators(session: Session, world: World, count: int, district: str = "magnolia") -> list:
    district_id = world.magnolia_id if district == "magnolia" else world.pine_id
    base = 700_000 if district == "magnolia" else 800_000
    return [
        add_educator(session, f"{district}{i}@example.org", district_id, str(base + i), 30 + 2 * i)
        for i in range(count)
    ]


def test_search_by_name_email_and_license_number_within_scope(
    session: Session, world: World, teacher: Educator
) -> None:
    mine = submit_renewal(session, teacher)
    other = add_educator(session, "pat@example.org", world.pine_id, "500200")
    theirs = submit_renewal(session, other)
    session.commit()
    magnolia = principal(session, world.magnolia_super)
    state = principal(session, world.state)
    # add_educator names everyone "Riley Tester<number>".
    assert _ids(session, magnolia, search="Tester500100") == [mine]
    assert _ids(session, magnolia, search="tester5") == [mine]
    assert _ids(session, magnolia, search="Riley Tester500") == [mine]
    assert _ids(session, magnolia, search="Tester500100, Ri") == [mine]
    assert _ids(session, magnolia, search=teacher.account.email.upper()) == [mine]
    assert _ids(session, magnolia, search="500100") == [mine]
    assert _ids(session, magnolia, search="Nobody") == []
    assert _ids(session, magnolia, search="999999") == []
    # Another district's applicant is never found, by any key.
    for key in ("Tester500200", "pat@example.org", "500200"):
        assert _ids(session, magnolia, search=key) == []
        assert _ids(session, state, search=key) == [theirs]
    assert set(_ids(session, state, search="Riley")) == {mine, theirs}


def _plan(session: Session, statement: object) -> list[str]:
    compiled = statement.compile(  # type: ignore[attr-defined]
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").fetchall()
    return [row[-1] for row in rows]


@pytest.mark.parametrize(
    "query", ["Thomp", "Avery Thompson", "Thompson, Av", "a@example.org", "100100", "De la Cruz"]
)
def test_search_uses_indexes_on_sqlite(
    session: Session, world: World, teacher: Educator, query: str
) -> None:
    for statement in approvals.match_statements(query):
        plan = _plan(session, statement)
        assert plan and all(step.startswith("SEARCH") for step in plan), plan
    # The whole page for a district approver and for state staff: no table scanned.
    for who in (world.magnolia_super, world.state):
        p = principal(session, who)
        filters = approvals.QueueFilters(search=query, status="all")
        statement = queue_statement(p, filters, conflicts(session, p), scope_conditions(p))
        plan = _plan(session, statement)
        scans = [s for s in plan if s.startswith("SCAN") and "SUBQUERY" not in s]
        assert scans == [], plan


def test_paging_has_no_cap_and_sorts_by_expiry(session: Session, world: World) -> None:
    people = _educators(session, world, approvals.PAGE_SIZE * 2 + 3)
    ids = [submit_renewal(session, p) for p in people]
    now = utcnow()
    # Submitted in reverse order of expiry: the first educator (expiring soonest) waited least.
    for i, app_id in enumerate(ids):
        row = session.get(Application, app_id)
        assert row is not None
        row.submitted_at = now - timedelta(days=len(ids) - i)
        session.add(row)
    session.commit()
    magnolia = principal(session, world.magnolia_super)
    seen: list[int] = []
    page = 0
    while True:
        view = approvals.queue(session, magnolia, approvals.QueueFilters(page=page))
        assert len(view.rows) <= approvals.PAGE_SIZE
        seen += [r.application_id for r in view.rows]
        if not view.has_next:
            break
        page += 1
    assert page == 2 and seen == ids  # oldest first, every one of them, over three pages
    expiring = _ids(session, magnolia, sort="expiring")
    assert expiring == ids[: approvals.PAGE_SIZE]
    newest = _ids(session, magnolia, sort="newest")
    assert newest == list(reversed(ids))[: approvals.PAGE_SIZE]
    row = approvals.queue(session, magnolia, approvals.QueueFilters(sort="expiring")).rows[0]
    assert row.expires_on and row.age_text.startswith("Waiting")
    # Past the end: an empty page, no error.
    assert _ids(session, magnolia, page=50) == []


def test_assign_to_me_and_the_assignee_filter(
    session: Session, world: World, teacher: Educator
) -> None:
    first = submit_renewal(session, teacher)
    second = submit_renewal(session, add_educator(session, "b@example.org", world.magnolia_id, "7"))
    session.commit()
    magnolia = principal(session, world.magnolia_super)
    result = approvals.assign_to_me(session, magnolia, actor_of(magnolia), first)
    session.commit()
    assert result.ok
    assert _ids(session, magnolia, assignee="me") == [first]
    assert _ids(session, magnolia, assignee="none") == [second]
    assert _ids(session, magnolia, assignee="any") == [first, second]
    row = approvals.queue(session, magnolia, approvals.QueueFilters()).rows[0]
    assert row.assigned_to_me and row.assignee_name == "Dana Whitfield"
    # State staff see who has it; "Assigned to me" is theirs alone.
    state = principal(session, world.state)
    assert _ids(session, state, assignee="me") == []
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.assigned")
    ).one()
    assert event.entity_id == str(first) and json.loads(event.after_json) == {
        "assigned_to_id": world.magnolia_super.id
    }
    panel = approvals.work_panel(session, magnolia, first)
    assert panel is not None and panel.assigned_to_me and panel.can_assign


def test_assignment_and_notes_refused_out_of_scope_and_on_own_application(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    session.commit()
    pine = principal(session, world.pine_super)
    assert not approvals.assign_to_me(session, pine, actor_of(pine), app_id).ok
    assert not approvals.add_note(session, pine, actor_of(pine), app_id, "Hello").ok
    session.commit()
    assert approvals.work_panel(session, pine, app_id) is None
    assert [json.loads(r.after_json)["action"] for r in refusals(session, app_id)] == [
        "assign",
        "add note",
    ]
    # The teacher becomes a designee of her own district: her own application stays barred.
    designee = designate(session, world, teacher)
    result = approvals.assign_to_me(session, designee, actor_of(designee), app_id)
    assert not result.ok and result.message == approvals.OWN_APPLICATION
    assert not approvals.add_note(session, designee, actor_of(designee), app_id, "Mine").ok
    session.commit()
    session.expire_all()
    application = session.get(Application, app_id)
    assert application is not None and application.assigned_to_id is None
    assert session.exec(select(ApplicationNote)).all() == []
    # Her superintendent leaves a colleague's application to the state office too; notes the
    # state office writes on it are never shown to her, not even on the approvers' page.
    magnolia = principal(session, world.magnolia_super)
    assert not approvals.add_note(session, magnolia, actor_of(magnolia), app_id, "Hm").ok
    state = principal(session, world.state)
    assert approvals.add_note(session, state, actor_of(state), app_id, "Check PD").ok
    session.commit()
    panel = approvals.work_panel(session, designee, app_id)
    assert panel is not None and panel.notes == [] and not panel.can_note


def test_notes_are_audited_and_never_in_the_educators_views(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    session.commit()
    magnolia = principal(session, world.magnolia_super)
    assert approvals.add_note(session, magnolia, actor_of(magnolia), app_id, "  ").message == (
        approvals.NOTE_REQUIRED
    )
    secret = "Called the provider: certificate genuine"
    assert approvals.add_note(session, magnolia, actor_of(magnolia), app_id, secret).ok
    session.commit()
    state = principal(session, world.state)
    for who in (magnolia, state):
        panel = approvals.work_panel(session, who, app_id)
        assert panel is not None
        assert [(n.author, n.body) for n in panel.notes] == [("Dana Whitfield", secret)]
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.note_added")
    ).one()
    assert json.loads(event.after_json)["body"] == secret
    # The educator's own views: their applications with history, and their draft of it.
    views = applications.applications_for(session, teacher.profile_id)
    assert views and secret not in repr(views)
    application = session.get(Application, app_id)
    assert secret not in repr(applications.to_draft(session, application))  # type: ignore[arg-type]
    assert secret not in application.answers_json  # type: ignore[union-attr]
    # Nor in anything sent to the educator.
    sent = session.exec(
        select(Notification).where(Notification.recipient_id == teacher.account.id)
    ).all()
    assert all(secret not in repr(n) for n in sent)


def test_the_next_application_after_a_decision() -> None:
    """ "Approve and next": the one after the decided one in the queue as it was, else the
    first other one, else none."""
    assert approvals.next_after([1, 2, 3, 4], [1, 3, 4], 2) == 3
    assert approvals.next_after([1, 2, 3], [1, 2, 3], 2) == 3  # "All statuses" keeps it
    assert approvals.next_after([1, 2], [1], 2) == 1  # the last one: back to the top
    assert approvals.next_after([7], [5, 6], 9) == 5  # opened from elsewhere
    assert approvals.next_after([2], [], 2) == 0
