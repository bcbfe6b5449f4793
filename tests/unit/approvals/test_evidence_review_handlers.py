"""The per-activity review handlers ("Accept" / "Not accepted") as a crafted websocket event
reaches them: another district's approver and an educator write nothing; the reason typed
in the card is the one sent; a return reads the queue again and says so at the top."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from approval_world import Educator, World, add_educator, build_world, principal, submit_renewal
from handler_fakes import fake_state
from sqlmodel import select

from licensure_app import db as app_db
from licensure_app.models import Application, PDActivity
from licensure_app.services import accounts, approvals
from licensure_app.states.approvals import ApprovalsState


def _fake(token: str, detail: approvals.ApplicationDetail | None) -> Any:
    return fake_state(
        ApprovalsState,
        token,
        "/approvals",
        detail=detail,
        detail_missing=False,
        work=None,
        review_activity=0,
        review_message="",
        review_tone="success",
        review_error="",
        _activity_reasons={},
        message="",
        message_tone="success",
        filter_district="",
        filter_type="",
        filter_status="waiting",
        sort="oldest",
        search="",
        filter_assignee="any",
        page=0,
        selected=[],
        rows=[],
    )


def _run(handler: str, fake: Any, *args: Any) -> Any:
    result = ApprovalsState.event_handlers[handler].fn(fake, *args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


@pytest.fixture
def renewal(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[World, Educator, int, int]]:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    with app_db.session_scope() as session:
        world = build_world(session)
        teacher = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
        app_id = submit_renewal(session, teacher)
        activity_id = session.exec(
            select(PDActivity.id).where(PDActivity.holder_id == teacher.profile_id)
        ).one()
    yield world, teacher, app_id, activity_id or 0
    app_db.get_engine.cache_clear()


def _verification(activity_id: int) -> str:
    with app_db.read_scope() as session:
        row = session.get(PDActivity, activity_id)
        assert row is not None
        return row.verification


def _status(app_id: int) -> str:
    with app_db.read_scope() as session:
        row = session.get(Application, app_id)
        assert row is not None
        return row.status


def test_crafted_decisions_from_outside_write_nothing(
    renewal: tuple[World, Educator, int, int],
) -> None:
    world, teacher, app_id, activity_id = renewal
    with app_db.session_scope() as session:
        pine_token = accounts.open_session(session, world.pine_super.id or 0, second_factor=True)
        teacher_token = accounts.open_session(session, teacher.account.id or 0)
        magnolia = principal(session, world.magnolia_super)
        detail = approvals.detail(session, magnolia, app_id)  # as if leaked to another tab

    pine = _fake(pine_token, detail)
    _run("accept_activity", pine, activity_id)
    assert (pine.review_message, pine.review_tone) == (approvals.NOT_FOUND, "error")
    assert pine.detail is None  # nothing of the application stays in that state

    educator = _fake(teacher_token, detail)
    _run("accept_activity", educator, activity_id)
    assert educator.review_message == ""
    assert _verification(activity_id) == "unverified"


def test_the_reason_typed_is_sent_and_a_return_is_said_at_the_top(
    renewal: tuple[World, Educator, int, int],
) -> None:
    world, _, app_id, activity_id = renewal
    with app_db.session_scope() as session:
        token = accounts.open_session(session, world.magnolia_super.id or 0, second_factor=True)
        detail = approvals.detail(session, principal(session, world.magnolia_super), app_id)
    state = _fake(token, detail)

    _run("not_accept_activity", state, activity_id)
    assert state.review_error == approvals.REASON_NEEDED and state.review_message == ""
    assert _verification(activity_id) == "unverified"

    _run("set_activity_reason", state, str(activity_id), "Certificate unreadable")
    assert state.review_error == ""
    _run("not_accept_activity", state, activity_id)

    assert _verification(activity_id) == "not_accepted"
    assert _status(app_id) == "returned"
    assert "returned to the applicant" in state.message
    assert state._activity_reasons == {}
    assert state.detail is not None and not state.detail.can_review
