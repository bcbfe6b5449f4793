"""Voiding a PD activity: it stays on record, counts toward nothing, and the educator sees
why (services.state_office.pd_activities)."""

from __future__ import annotations

from collections.abc import Callable

from approval_world import TODAY, Educator, World, actor_of, principal
from sqlmodel import Session, select

from licensure_app.models import AuditEvent, PDActivity
from licensure_app.services import audit, pd, state_office


def _workshop(session: Session, teacher: Educator) -> PDActivity:
    return session.exec(select(PDActivity).where(PDActivity.holder_id == teacher.profile_id)).one()


def test_a_voided_activity_counts_toward_nothing_and_says_why(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    staff = actor_of(principal(session, world.state))
    activity = _workshop(session, teacher)
    [before] = pd.trackers(session, teacher.profile_id, TODAY)
    assert before.options[0].met  # the teacher's 5 CEUs renew her license

    refused = state_office.void_activity(session, staff, activity.id or 0, "   ")
    assert refused.errors == {"void_reason": "Say why the activity is voided."}
    result = state_office.void_activity(
        session, staff, activity.id or 0, "The provider withdrew the certificate"
    )
    session.commit()
    assert result.ok, result

    [after] = pd.trackers(session, teacher.profile_id, TODAY)
    assert not after.options[0].met
    assert [(n.title, n.reason) for n in after.not_counting] == [
        ("Workshop", "voided by the state office: The provider withdrew the certificate")
    ]
    [row] = pd.activity_rows(session, teacher.profile_id)
    assert row.verification == "Voided by the state office: The provider withdrew the certificate"
    assert not row.editable
    [staff_row] = state_office.staff_activity_rows(session, teacher.profile_id)
    assert staff_row.voided and staff_row.status == row.verification
    [event] = actions("pd_activity.voided")
    assert event.entity_id == str(activity.id) and event.actor_id == world.state.id

    # Voided once; the educator can no longer change or delete it.
    assert not state_office.void_activity(session, staff, activity.id or 0, "again").ok
    educator = audit.Actor(teacher.account.id, "educator")
    problem = pd.delete_activity(session, educator, teacher.profile_id, activity.id or 0)
    assert problem == "An activity voided by the state office cannot be changed."


def test_only_staff_void(session: Session, world: World, teacher: Educator) -> None:
    magnolia = actor_of(principal(session, world.magnolia_super))
    activity = _workshop(session, teacher)
    try:
        state_office.void_activity(session, magnolia, activity.id or 0, "no")
    except PermissionError:
        assert session.get(PDActivity, activity.id).voided_at is None  # type: ignore[union-attr]
        return
    raise AssertionError("a superintendent voided an activity")
