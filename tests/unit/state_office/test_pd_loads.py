"""The bulk PD loads listed with their rows, and rolling one back (services.state_office)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

from approval_world import TODAY, Educator, World, actor_of, add_educator, principal, submit_renewal
from sqlmodel import Session, select

from licensure_app.models import AuditEvent, PDActivity, PDLoad
from licensure_app.services import audit, state_office
from licensure_app.services.pd import bulk_load

DAY = (TODAY - timedelta(days=10)).isoformat()


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Record ID", "License number", "Title", "Provider", "Kind", "Amount", "Date"])
    writer.writerows(rows)
    return out.getvalue()


def _staff(session: Session, world: World) -> audit.Actor:
    return actor_of(principal(session, world.state))


def _loaded(session: Session, holder_id: int) -> list[tuple[str, float]]:
    rows = session.exec(
        select(PDActivity).where(PDActivity.holder_id == holder_id, PDActivity.source != "self")
    ).all()
    return sorted((a.title, a.amount) for a in rows)


def test_loads_are_listed_newest_first_with_their_rows(
    session: Session, world: World, teacher: Educator
) -> None:
    staff = _staff(session, world)
    bulk_load.load_all(
        session,
        staff,
        _csv([["A1", "500100", "Course", "MDE", "CEU", "1", DAY]]),
        TODAY,
        file_name="one.csv",
    )
    bulk_load.load_all(
        session,
        staff,
        _csv([["A1", "500100", "Course", "MDE", "CEU", "2", DAY]]),
        TODAY,
        file_name="two.csv",
    )
    session.commit()
    views = state_office.load_views(session)
    assert [(v.file_name, v.added, v.updated, v.by, v.status) for v in views] == [
        ("two.csv", 0, 1, "state@office.test", "Loaded"),
        ("one.csv", 1, 0, "state@office.test", "Loaded"),
    ]
    assert all(v.can_roll_back for v in views)
    [row] = state_office.load_rows(session, views[0].load_id)
    assert (row.line, row.educator, row.title, row.amount, row.outcome) == (
        2,
        "Riley Tester500100",
        "Course",
        "2",
        "Corrected",
    )


def test_rolling_back_removes_what_a_load_added_and_restores_what_it_corrected(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    staff = _staff(session, world)
    first = bulk_load.load_all(
        session, staff, _csv([["A1", "500100", "Course", "MDE", "CEU", "1", DAY]]), TODAY
    )
    second = bulk_load.load_all(
        session,
        staff,
        _csv(
            [
                ["A1", "500100", "Course", "MDE", "CEU", "2", DAY],
                ["A2", "500100", "Other course", "MDE", "CEU", "1.5", DAY],
            ]
        ),
        TODAY,
    )
    session.commit()
    assert _loaded(session, teacher.profile_id) == [("Course", 2.0), ("Other course", 1.5)]

    # The older load cannot go first: the later one changed its activity.
    refused = state_office.rollback_load(session, staff, first.load_id)
    assert not refused.ok and f"load {second.load_id}" in refused.message

    done = state_office.rollback_load(session, staff, second.load_id)
    session.commit()
    assert done.ok, done.message
    assert "1 activity removed, 1 restored" in done.message
    assert _loaded(session, teacher.profile_id) == [("Course", 1.0)]
    assert session.get(PDLoad, second.load_id).status == "rolled_back"  # type: ignore[union-attr]
    assert [e.entity_id for e in actions("pd_load.rolled_back")] == [str(second.load_id)]
    assert len(actions("pd_activity.restored")) == 1
    assert not state_office.rollback_load(session, staff, second.load_id).ok

    assert state_office.rollback_load(session, staff, first.load_id).ok
    session.commit()
    assert _loaded(session, teacher.profile_id) == []
    # The corrected file loads again as new: nothing of the rolled-back loads is left.
    again = bulk_load.load_all(
        session, staff, _csv([["A1", "500100", "Course", "MDE", "CEU", "2", DAY]]), TODAY
    )
    assert again.added == 1


def test_a_load_whose_activity_is_counted_in_a_submitted_application_is_not_rolled_back(
    session: Session, world: World
) -> None:
    person = add_educator(session, "casey@example.org", world.magnolia_id, "500300", ceus=0)
    staff = _staff(session, world)
    load = bulk_load.load_all(
        session, staff, _csv([["B1", "500300", "Course", "MDE", "CEU", "5", DAY]]), TODAY
    )
    session.commit()
    application_id = submit_renewal(session, person)
    refused = state_office.rollback_load(session, staff, load.load_id)
    assert not refused.ok
    assert f"application {application_id} (Riley Tester500300)" in refused.message
    assert _loaded(session, person.profile_id) == [("Course", 5.0)]


def test_only_staff_roll_back(session: Session, world: World, teacher: Educator) -> None:
    magnolia = actor_of(principal(session, world.magnolia_super))
    try:
        state_office.rollback_load(session, magnolia, 1)
    except PermissionError:
        return
    raise AssertionError("a superintendent rolled back a load")
