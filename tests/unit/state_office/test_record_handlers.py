"""The record page's office-record handlers as a websocket event reaches them: adding and
correcting through the open form, a forged record id of another educator, and an approver
replaying the event."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from approval_world import World, add_educator
from handler_fakes import fake_state
from sqlmodel import select

from licensure_app import db as app_db
from licensure_app.models import AssessmentScore, EducatorProfile
from licensure_app.services import accounts
from licensure_app.services.state_office.office_records import OfficeForm
from licensure_app.states.admin import EducatorRecordState


def _run(handler: str, fake: Any, *args: Any) -> Any:
    result = EducatorRecordState.event_handlers[handler].fn(fake, *args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def _record_page(token: str, profile_id: int, number: str) -> Any:
    fake = fake_state(
        EducatorRecordState,
        token,
        f"/admin/educators/{number}",
        office_form=OfficeForm(),
        office_errors={},
        office_message="",
        office_form_version=0,
        educator_number=number,
    )
    fake._profile_id = profile_id
    fake._show = lambda record, number: setattr(fake, "shown", record)
    return fake


def test_add_then_correct_through_the_form_and_no_forged_record(
    app_world: tuple[World, str],
) -> None:
    world, token = app_world
    with app_db.session_scope() as session:
        mine = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
        theirs = add_educator(session, "sam@example.org", world.pine_id, "500200")
        number = session.get(EducatorProfile, mine.profile_id).educator_number  # type: ignore[union-attr]
        session.add(
            AssessmentScore(
                holder_id=theirs.profile_id,
                assessment="Praxis",
                score=150,
                taken_on=date(2010, 1, 1),
            )
        )
    fake = _record_page(token, mine.profile_id, number)
    form = {"assessment": "Praxis 5001", "score": "186", "taken_on": "2010-01-05"}
    _run("open_office_form", fake, "assessment_score", 0)
    _run("save_office_record", fake, form)
    assert fake.office_errors == {} and fake.office_message == "Assessment score: recorded."
    with app_db.session_scope() as session:
        score = session.exec(
            select(AssessmentScore).where(AssessmentScore.holder_id == mine.profile_id)
        ).one()
        their_id = session.exec(
            select(AssessmentScore.id).where(AssessmentScore.holder_id == theirs.profile_id)
        ).one()

    _run("open_office_form", fake, "assessment_score", score.id)
    assert (fake.office_form.record_id, fake.office_form.score) == (score.id, "186")
    _run("save_office_record", fake, {**form, "score": "168"})
    assert fake.office_message == "Assessment score: correction saved."

    # Another educator's record id, or nonsense, opens nothing and changes nothing.
    for forged in (their_id, "abc", -1):
        _run("open_office_form", fake, "assessment_score", forged)
        assert fake.office_form == OfficeForm()
        _run("save_office_record", fake, {**form, "score": "1"})
    with app_db.session_scope() as session:
        scores = {s.holder_id: s.score for s in session.exec(select(AssessmentScore))}
    assert scores == {mine.profile_id: 168, theirs.profile_id: 150}


def test_an_approver_replaying_the_event_is_refused(app_world: tuple[World, str]) -> None:
    world, _ = app_world
    with app_db.session_scope() as session:
        mine = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
        token = accounts.open_session(session, world.magnolia_super.id or 0, second_factor=True)
    fake = _record_page(token, mine.profile_id, "E0")
    fake.office_form = OfficeForm(kind="assessment_score")
    _run("save_office_record", fake, {"assessment": "X", "score": "1", "taken_on": "2010-01-01"})
    with app_db.session_scope() as session:
        assert session.exec(select(AssessmentScore)).all() == []
