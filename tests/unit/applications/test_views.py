"""The applicant's list shows times in the state's time zone (issue 13 #12)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from licensure_app.infra import clock
from licensure_app.models import Application, ApplicationTransition
from licensure_app.services import applications

from .application_world import TODAY, ready_renewal

# 23:30 in Chicago on 30 November is 05:30 UTC on 1 December.
LATE_EVENING = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)


def test_times_are_shown_in_the_state_time_zone(
    session: Session, world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    app_id = ready_renewal(session, world)
    applications.submit(session, world["actor"], world["profile"], app_id, TODAY)
    app = session.get(Application, app_id)
    app.submitted_at = LATE_EVENING
    for move in session.exec(select(ApplicationTransition)).all():
        move.at = LATE_EVENING
        session.add(move)
    session.add(app)
    session.commit()
    (view,) = applications.applications_for(session, world["profile"])
    assert view.submitted_on == "30 November 2026"
    (entry,) = view.timeline
    assert entry.at == "30 November 2026 at 11:30 PM CST"


def test_each_application_shows_what_is_ahead_and_who_holds_it(
    session: Session, world: dict
) -> None:
    app_id = ready_renewal(session, world)
    (draft,) = applications.applications_for(session, world["profile"], TODAY)
    # A draft goes to the applicant's employing district when it is submitted.
    assert [s.label for s in draft.upcoming] == [
        "Submit your application",
        "District review — Magnolia",
    ]
    assert draft.holder == "You (not submitted yet)" and draft.processing == ""

    applications.submit(session, world["actor"], world["profile"], app_id, TODAY)
    session.commit()
    (view,) = applications.applications_for(session, world["profile"], clock.today())
    assert [(s.label, s.current) for s in view.upcoming] == [("District review — Magnolia", True)]
    assert view.holder == "Magnolia"
    assert view.processing == (
        "The district usually decides within 10 working days. Submitted today."
    )
    assert [t.status for t in view.timeline] == ["Submitted"]
