"""The employing district: an educator asks, the new district (or the state office)
confirms, only then does it change; the state office can set it; all audited and the
superintendents told; nobody decides their own request."""

from __future__ import annotations

import pytest
from approval_world import World, actor_of, add_educator, build_world, principal
from sqlmodel import Session, col, select

from licensure_app.models import AuditEvent, EducatorProfile, Notification, StaffChange
from licensure_app.services.accounts import employment


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _district(session: Session, profile_id: int) -> int | None:
    session.expire_all()
    profile = session.get(EducatorProfile, profile_id)
    assert profile is not None
    return profile.employing_district_id


def _actions(session: Session, prefix: str) -> list[str]:
    return list(
        session.exec(
            select(AuditEvent.action).where(col(AuditEvent.action).startswith(prefix))
        ).all()
    )


def test_a_request_waits_for_the_new_district_to_confirm(session: Session, world: World) -> None:
    mover = add_educator(session, "mover@x.test", world.magnolia_id, "600001", ceus=0)
    me = principal(session, mover.account)
    assert employment.request_change(session, actor_of(me), mover.profile_id, world.pine_id) == ""
    session.commit()
    assert _district(session, mover.profile_id) == world.magnolia_id
    shown = employment.employment(session, mover.profile_id)
    assert shown.pending_to == "Pine Valley School District"
    told = session.exec(
        select(Notification).where(Notification.recipient_id == world.pine_super.id)
    ).all()
    assert any("asks to be confirmed" in n.text for n in told)

    magnolia = principal(session, world.magnolia_super)
    [change] = employment.waiting_changes(session, principal(session, world.pine_super))
    assert employment.waiting_changes(session, magnolia) == []
    refused = employment.decide_change(
        session, magnolia, actor_of(magnolia), change.change_id, True
    )
    assert refused and _district(session, mover.profile_id) == world.magnolia_id

    pine = principal(session, world.pine_super)
    assert employment.decide_change(session, pine, actor_of(pine), change.change_id, True) == ""
    session.commit()
    assert _district(session, mover.profile_id) == world.pine_id
    assert "educator.employing_district_changed" in _actions(session, "educator.")
    assert "staff_change.confirmed" in _actions(session, "staff_change.")
    for superintendent in (world.magnolia_super, world.pine_super):
        texts = session.exec(
            select(Notification.text).where(Notification.recipient_id == superintendent.id)
        ).all()
        assert any("is now staff of Pine Valley" in t for t in texts)
    # Decided once: a replay changes nothing.
    again = employment.decide_change(session, pine, actor_of(pine), change.change_id, False)
    assert again and _district(session, mover.profile_id) == world.pine_id


def test_a_declined_request_leaves_the_district_and_a_new_request_replaces_a_waiting_one(
    session: Session, world: World
) -> None:
    mover = add_educator(session, "mover@x.test", world.magnolia_id, "600002", ceus=0)
    me = actor_of(principal(session, mover.account))
    employment.request_change(session, me, mover.profile_id, world.pine_id)
    session.commit()
    assert employment.request_change(session, me, mover.profile_id, world.pine_id) == ""
    session.commit()
    statuses = session.exec(
        select(StaffChange.status).where(StaffChange.profile_id == mover.profile_id)
    ).all()
    assert sorted(statuses) == ["cancelled", "pending"]
    [change] = employment.waiting_changes(session, principal(session, world.state))
    pine = principal(session, world.pine_super)
    assert employment.decide_change(session, pine, actor_of(pine), change.change_id, False) == ""
    session.commit()
    assert _district(session, mover.profile_id) == world.magnolia_id
    assert employment.employment(session, mover.profile_id).pending_to == ""


def test_bad_requests_write_nothing(session: Session, world: World) -> None:
    mover = add_educator(session, "mover@x.test", world.magnolia_id, "600003", ceus=0)
    me = actor_of(principal(session, mover.account))
    assert employment.request_change(session, me, mover.profile_id, 9999)
    assert employment.request_change(session, me, mover.profile_id, world.magnolia_id)
    assert session.exec(select(StaffChange)).all() == []


def test_the_state_office_sets_the_district_directly_and_nobody_else_does(
    session: Session, world: World
) -> None:
    mover = add_educator(session, "mover@x.test", world.magnolia_id, "600004", ceus=0)
    magnolia = principal(session, world.magnolia_super)
    assert employment.set_district(
        session, magnolia, actor_of(magnolia), mover.profile_id, world.pine_id
    )
    assert _district(session, mover.profile_id) == world.magnolia_id
    state = principal(session, world.state)
    assert (
        employment.set_district(session, state, actor_of(state), mover.profile_id, world.pine_id)
        == ""
    )
    session.commit()
    assert _district(session, mover.profile_id) == world.pine_id
    [event] = session.exec(
        select(AuditEvent).where(AuditEvent.action == "educator.employing_district_changed")
    ).all()
    assert event.actor_id == world.state.id
