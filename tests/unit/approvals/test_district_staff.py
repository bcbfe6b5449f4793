"""The district's licensed staff list (/district): only the district's employees, current
licenses soonest expiry first and lapsed ones last, the "Expiring within" filter, CSV of
every row, and nobody else's district."""

from __future__ import annotations

import csv
import io

import pytest
from approval_world import TODAY, World, add_educator, principal
from sqlmodel import Session

from licensure_app.services.approvals import district_staff as staff


def _staff_world(session: Session, world: World) -> None:
    add_educator(session, "a@x.test", world.magnolia_id, "300001", expires_in_days=400, ceus=0)
    add_educator(session, "b@x.test", world.magnolia_id, "300002", expires_in_days=60, ceus=0)
    add_educator(session, "c@x.test", world.magnolia_id, "300003", expires_in_days=170, ceus=0)
    add_educator(session, "d@x.test", world.magnolia_id, "300004", expires_in_days=-5, ceus=0)
    add_educator(session, "e@x.test", world.pine_id, "300005", expires_in_days=30, ceus=0)


def test_the_list_holds_the_districts_staff_soonest_expiry_first(
    session: Session, world: World
) -> None:
    _staff_world(session, world)
    magnolia = principal(session, world.magnolia_super)
    found = staff.district_staff(session, magnolia, world.magnolia_id, TODAY)
    assert found.total == 4
    assert [r.license_number for r in found.rows] == ["300002", "300003", "300001", "300004"]
    lapsed = found.rows[-1]
    assert (lapsed.status, lapsed.days_left) == ("Expired", -5)
    assert found.rows[0].name == "Tester300002, Riley" and found.rows[0].license_type == "Standard"
    assert found.district_name == "Magnolia County School District"


@pytest.mark.parametrize(
    ("within", "numbers"),
    [(90, ["300002"]), (180, ["300002", "300003"]), (365, ["300002", "300003"])],
)
def test_expiring_within_keeps_the_licenses_expiring_in_that_many_days(
    session: Session, world: World, within: int, numbers: list[str]
) -> None:
    _staff_world(session, world)
    magnolia = principal(session, world.magnolia_super)
    found = staff.district_staff(session, magnolia, world.magnolia_id, TODAY, within)
    assert [r.license_number for r in found.rows] == numbers and found.total == len(numbers)


def test_the_csv_holds_every_row(session: Session, world: World) -> None:
    _staff_world(session, world)
    magnolia = principal(session, world.magnolia_super)
    text = staff.district_staff_csv(session, magnolia, world.magnolia_id, TODAY, 180)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(staff.CSV_HEADER)
    assert [r[1] for r in rows[1:]] == ["300002", "300003"]


def test_nobody_lists_another_districts_staff_or_an_unknown_period(
    session: Session, world: World
) -> None:
    _staff_world(session, world)
    pine = principal(session, world.pine_super)
    with pytest.raises(PermissionError):
        staff.district_staff(session, pine, world.magnolia_id, TODAY)
    with pytest.raises(PermissionError):
        staff.district_staff_csv(session, pine, world.magnolia_id, TODAY)
    # State staff have no district of their own here: /admin is theirs.
    with pytest.raises(PermissionError):
        staff.district_staff(session, principal(session, world.state), world.pine_id, TODAY)
    with pytest.raises(ValueError):
        staff.district_staff(session, pine, world.pine_id, TODAY, 7)
    assert staff.districts_of(session, pine) == [(world.pine_id, "Pine Valley School District")]


@pytest.mark.parametrize("within_days", [0, 90, 365])
def test_the_list_starts_from_the_districts_employees_on_indexes(
    session: Session, world: World, within_days: int
) -> None:
    """A district's staff, never a scan of every license (or of the state-wide expiry range)."""
    statement = staff._query(world.magnolia_id, TODAY, within_days)
    compiled = statement.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    plan = [
        row[-1] for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
    ]
    assert plan[0].startswith("SEARCH educator_profile USING INDEX"), plan
    assert "ix_educator_profile_employing_district_id" in plan[0]
    assert any("ix_license_holder_id" in step for step in plan[1:]), plan
    assert not any(step.startswith("SCAN") for step in plan), plan
