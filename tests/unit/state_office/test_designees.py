"""Designees: a superintendent grants and revokes approver rights in the district."""

from __future__ import annotations

from collections.abc import Callable

from approval_world import Educator, World, actor_of, add_educator, principal, submit_renewal
from sqlmodel import Session, select

from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    AuditEvent,
    DistrictDesignee,
    Notification,
)
from licensure_app.services import approvals
from licensure_app.services.state_office import designees

Actions = Callable[[str], list[AuditEvent]]


def test_superintendent_grants_and_revokes_a_designee(
    session: Session, world: World, teacher: Educator, actions: Actions
) -> None:
    app_id = submit_renewal(session, teacher)
    colleague = add_educator(
        session, "vp@example.org", world.magnolia_id, "500900", expires_in_days=900, ceus=0
    )
    superintendent = principal(session, world.magnolia_super)
    before = principal(session, colleague.account)
    assert approvals.detail(session, before, app_id) is None

    granted = designees.grant(session, superintendent, actor_of(superintendent), " VP@example.org ")
    session.commit()
    assert granted.ok, granted.message
    (view,) = designees.designees_for(session, superintendent)
    assert view.email == "vp@example.org"
    designee = principal(session, colleague.account)
    assert ROLE_DISTRICT_APPROVER in designee.roles
    assert designee.approver_district_ids == {world.magnolia_id}
    assert approvals.detail(session, designee, app_id) is not None
    again = designees.grant(session, superintendent, actor_of(superintendent), "vp@example.org")
    assert not again.ok and "already" in again.message

    revoked = designees.revoke(session, superintendent, actor_of(superintendent), view.designee_id)
    session.commit()
    assert revoked.ok
    assert approvals.detail(session, principal(session, colleague.account), app_id) is None
    assert designees.designees_for(session, superintendent) == []
    # The history stays.
    assert session.exec(select(DistrictDesignee)).one().revoked_at is not None
    assert [e.action for e in actions("designee.")] == [
        "designee.granted",
        "designee.revoked",
    ]
    assert session.exec(
        select(Notification).where(Notification.recipient_id == colleague.account.id)
    ).first()


def test_only_the_districts_superintendent_manages_designees(
    session: Session, world: World, teacher: Educator, actions: Actions
) -> None:
    outsider = add_educator(
        session, "far@example.org", world.pine_id, "500901", expires_in_days=900, ceus=0
    )
    magnolia = principal(session, world.magnolia_super)
    pine = principal(session, world.pine_super)
    state = principal(session, world.state)
    # An educator of another district cannot be designated.
    assert not designees.grant(session, magnolia, actor_of(magnolia), "far@example.org").ok
    assert not designees.grant(session, magnolia, actor_of(magnolia), "nobody@example.org").ok
    # Only superintendents grant: not state staff, not teachers.
    assert designees.grant(session, state, actor_of(state), "riley@example.org").message == (
        designees.NOT_SUPERINTENDENT
    )
    assert designees.grant(session, magnolia, actor_of(magnolia), "riley@example.org").ok
    session.commit()
    (view,) = designees.designees_for(session, magnolia)
    # Pine Valley's superintendent cannot revoke Magnolia's designee.
    refused = designees.revoke(session, pine, actor_of(pine), view.designee_id)
    session.commit()
    assert not refused.ok
    assert designees.designees_for(session, magnolia)
    assert actions("access.refused")
    assert outsider.account.id not in approvals_ids(session, world.magnolia_id)


def approvals_ids(session: Session, district_id: int) -> list[int]:
    from licensure_app.services.applications import approver_account_ids

    return approver_account_ids(session, district_id)
