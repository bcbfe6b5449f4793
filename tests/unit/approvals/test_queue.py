"""The approver's queue: scope per district, filters, counts, age badges, live version."""

from __future__ import annotations

from datetime import timedelta

from approval_world import (
    Educator,
    World,
    add_educator,
    principal,
    submit_renewal,
)
from sqlmodel import Session

from licensure_app.models import (
    ROLE_EDUCATOR,
    Application,
)
from licensure_app.models._base import utcnow
from licensure_app.services import applications, approvals, audit


def test_queue_shows_each_approver_only_their_district(
    session: Session, world: World, teacher: Educator
) -> None:
    other = add_educator(session, "pat@example.org", world.pine_id, "500200")
    mine = submit_renewal(session, teacher)
    theirs = submit_renewal(session, other)
    # A draft is private to its applicant: nobody's queue shows it.
    applications.start_or_resume(
        session,
        audit.Actor(teacher.account.id, ROLE_EDUCATOR),
        teacher.profile_id,
        "additional_endorsement",
        teacher.license_number,
    )
    session.commit()

    magnolia = principal(session, world.magnolia_super)
    pine = principal(session, world.pine_super)
    state = principal(session, world.state)
    filters = approvals.QueueFilters()
    assert [r.application_id for r in approvals.queue(session, magnolia, filters).rows] == [mine]
    assert [r.application_id for r in approvals.queue(session, pine, filters).rows] == [theirs]
    assert {r.application_id for r in approvals.queue(session, state, filters).rows} == {
        mine,
        theirs,
    }
    only_pine = approvals.QueueFilters(district_id=world.pine_id)
    assert [r.application_id for r in approvals.queue(session, state, only_pine).rows] == [theirs]
    # An approver cannot widen the scope by naming another district.
    assert approvals.queue(session, magnolia, only_pine).rows == []

    view = approvals.queue(session, magnolia, filters)
    assert view.waiting == 1
    assert [(c.status, c.count) for c in view.counts] == [("submitted", 1)]
    row = view.rows[0]
    assert row.applicant_name.startswith("Riley") and row.license_number == "500100"
    assert row.can_bulk_approve and row.is_renewal and row.age_text == "Waiting today"
    assert not row.overdue


def test_age_badge_and_filters(session: Session, world: World, teacher: Educator) -> None:
    app_id = submit_renewal(session, teacher)
    row = session.get(Application, app_id)
    assert row is not None
    row.submitted_at = utcnow() - timedelta(days=20)
    session.add(row)
    session.commit()
    magnolia = principal(session, world.magnolia_super)
    view = approvals.queue(session, magnolia, approvals.QueueFilters())
    assert view.rows[0].overdue and view.rows[0].age_text == "Waiting 20 days"
    assert view.badge_days == 14
    assert approvals.queue(session, magnolia, approvals.QueueFilters(app_type="upgrade")).rows == []
    assert approvals.queue(session, magnolia, approvals.QueueFilters(status="approved")).rows == []


def test_queue_version_changes_when_an_application_arrives(
    session: Session, world: World, teacher: Educator
) -> None:
    magnolia = principal(session, world.magnolia_super)
    pine = principal(session, world.pine_super)
    before, pine_before = (
        approvals.queue_version(session, magnolia),
        approvals.queue_version(session, pine),
    )
    submit_renewal(session, teacher)
    assert approvals.queue_version(session, magnolia) != before
    # Another district's arrival does not wake Pine Valley's queue.
    assert approvals.queue_version(session, pine) == pine_before
