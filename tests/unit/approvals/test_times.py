"""Times in the approvals area are shown on the state's clock (issue 13 #12): a renewal
filed at 11:30 pm Central on 30 November (05:30 UTC on 1 December) reads "30 November"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from approval_world import Educator, World, principal, submit_endorsement, submit_renewal
from sqlmodel import Session, select

from licensure_app.models import Application, ApplicationTransition
from licensure_app.services import approvals

FILED = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)  # 30 November, 11:30 pm in Chicago
NEXT_MORNING = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 1 December, 8:00 am in Chicago


def _filed_late_at_night(session: Session, app_id: int) -> None:
    application = session.get(Application, app_id)
    assert application is not None
    application.submitted_at = FILED
    session.add(application)
    for row in session.exec(
        select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
    ).all():
        row.at = FILED
        session.add(row)
    session.commit()


def test_a_renewal_filed_at_2330_local_is_dated_that_day(
    session: Session, world: World, teacher: Educator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    app_id = submit_renewal(session, teacher)
    _filed_late_at_night(session, app_id)
    later = submit_endorsement(session, teacher)
    magnolia = principal(session, world.magnolia_super)

    view = approvals.queue(
        session, magnolia, approvals.QueueFilters(app_type="renewal"), now=NEXT_MORNING
    )
    [row] = view.rows
    assert row.submitted_on == "30 November 2026"
    # Filed yesterday on the state's calendar: a day old this morning, not "today".
    assert (row.age_days, row.age_text) == (1, "Waiting 1 day")

    found = approvals.detail(session, magnolia, app_id, now=NEXT_MORNING)
    assert found is not None
    assert found.submitted_on == "30 November 2026"
    assert found.age_text == "Waiting 1 day"
    assert found.timeline[0].at == "30 November 2026 at 11:30 PM CST"

    other = approvals.detail(session, magnolia, later, now=NEXT_MORNING)
    assert other is not None
    assert [e.submitted_on for e in other.earlier] == ["30 November 2026"]
