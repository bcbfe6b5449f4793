"""The expiring-licenses report, on screen and as CSV."""

from __future__ import annotations

from approval_world import TODAY, Educator, World, add_educator
from sqlmodel import Session

from licensure_app.services import state_office


def test_expiring_report_per_district_and_csv(
    session: Session, world: World, teacher: Educator
) -> None:
    # The teacher's license expires in 100 days: outside the report.
    add_educator(session, "soon@example.org", world.magnolia_id, "500650", expires_in_days=60)
    add_educator(session, "far@example.org", world.pine_id, "500700", expires_in_days=30)
    add_educator(session, "later@example.org", world.pine_id, "500800", expires_in_days=200)
    report = state_office.expiring(session, TODAY)
    assert report.total == 2
    assert report.per_district == [
        state_office.DistrictCount("Magnolia County School District", 1),
        state_office.DistrictCount("Pine Valley School District", 1),
    ]
    lines = state_office.expiring_csv(report).splitlines()
    assert lines[0].startswith("District,License number")
    assert any("500700" in line for line in lines) and not any("500800" in line for line in lines)
