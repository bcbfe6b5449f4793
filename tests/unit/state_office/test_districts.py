"""Districts and superintendents, as the state office manages them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from approval_world import World, actor_of, principal
from sqlmodel import Session, select

from licensure_app.models import ROLE_DISTRICT_APPROVER, Account, AuditEvent, District
from licensure_app.services import state_office


def test_districts_and_superintendents(
    session: Session, world: World, actions: Callable[[str], list[AuditEvent]]
) -> None:
    actor = actor_of(principal(session, world.state))
    bad = state_office.save_district(session, actor, 0, "12", "")
    assert set(bad.errors) == {"code", "name"}
    assert state_office.save_district(session, actor, 0, "0300", "Cedar Grove School District").ok
    assert not state_office.save_district(session, actor, 0, "0300", "Duplicate").ok
    session.commit()
    cedar = session.exec(select(District).where(District.code == "0300")).one()
    result = state_office.set_superintendent(
        session, actor, cedar.id or 0, "Chief@Cedar.test", "Ana Ruiz"
    )
    session.commit()
    assert result.ok and "set a password" in result.message
    chief = session.exec(select(Account).where(Account.email == "chief@cedar.test")).one()
    assert (chief.role, chief.district_id) == (ROLE_DISTRICT_APPROVER, cedar.id)
    assert principal(session, chief).superintendent_of == cedar.id
    # Teachers cannot be made superintendents; neither can another district's one.
    assert not state_office.set_superintendent(
        session, actor, cedar.id or 0, "super@pine.test", ""
    ).ok
    views = {v.code: v for v in state_office.district_views(session)}
    assert views["0300"].superintendent == "Ana Ruiz"
    assert not state_office.delete_district(session, actor, world.magnolia_id).ok
    session.commit()
    assert session.get(District, world.magnolia_id) is not None
    assert [e.action for e in actions("district.")] == [
        "district.created",
        "district.superintendent_set",
    ]
    with pytest.raises(PermissionError):
        state_office.save_district(
            session, actor_of(principal(session, world.magnolia_super)), 0, "0400", "X"
        )
