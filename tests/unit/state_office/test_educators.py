"""Finding the educator a record is for, by educator ID or license number."""

from __future__ import annotations

from approval_world import Educator
from sqlmodel import Session

from licensure_app.services import state_office


def test_find_educator_by_license_number_or_educator_id(
    session: Session, teacher: Educator
) -> None:
    found = state_office.find_educator(session, "500100")
    assert found is not None and found.district == "Magnolia County School District"
    assert state_office.find_educator(session, found.educator_number) == found
    assert state_office.find_educator(session, "nope") is None
