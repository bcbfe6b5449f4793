"""The approvals page's event handlers as a crafted websocket event reaches them."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
from approval_world import (
    actor_of,
    add_educator,
    build_world,
    principal,
    refusals,
    submit_endorsement,
    submit_renewal,
)

from licensure_app import db as app_db
from licensure_app.models import (
    Application,
    License,
)
from licensure_app.services import accounts, approvals
from licensure_app.services.state_office import designees
from licensure_app.states import live
from licensure_app.states.approvals import ApprovalsState
from licensure_app.states.auth import AuthState

# ---------------------------------------------------------------- the event handler itself


class _FakeApprovals:
    """The real ApprovalsState methods on a plain object: what a crafted websocket event
    reaches, without a browser."""

    _admit = AuthState._admit
    _show_identity = AuthState._show_identity
    _assign_changed = AuthState._assign_changed
    _principal = AuthState._principal
    _note_session = AuthState._note_session
    _record_refusal = AuthState._record_refusal
    _login_redirect = AuthState._login_redirect
    _client_address = AuthState._client_address
    _actor = ApprovalsState._actor
    _filters = ApprovalsState._filters
    _show_queue = ApprovalsState._show_queue
    _refresh_queue = ApprovalsState._refresh_queue
    _refresh_detail = ApprovalsState._refresh_detail
    _reset_decision_form = ApprovalsState._reset_decision_form
    _apply_decision = ApprovalsState._apply_decision

    def __init__(self, token: str) -> None:
        self.session_token = token
        self._session_token = lambda: token
        self.user_name = self.user_role = ""
        self.page_access = "granted"
        self._session_key = ""
        self._forget_private_data = lambda: None  # no page states on this object
        self.router = SimpleNamespace(
            url=SimpleNamespace(path="/approvals", query=""),
            session=SimpleNamespace(client_ip="192.0.2.8"),
        )
        self.rx_router_session = self.router.session  # what AuthState reads on every event
        self.verified, self.reason = True, ""
        self.filter_district, self.filter_type, self.filter_status, self.sort = (
            "",
            "",
            "waiting",
            "oldest",
        )
        self.selected: list[int] = []
        self.form_version = 0
        # The work queue's filters and page (issue 15 #1), as the page starts.
        self.rows: list[approvals.QueueRow] = []
        self.search, self.filter_assignee, self.page = "", "any", 0
        self.reject_open = False


def test_the_approve_handler_refuses_another_districts_application(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    try:
        with app_db.session_scope() as session:
            world = build_world(session)
            teacher = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
            app_id = submit_renewal(session, teacher)
            pine_token = accounts.open_session(
                session, world.pine_super.id or 0, second_factor=True
            )
            magnolia_token = accounts.open_session(
                session, world.magnolia_super.id or 0, second_factor=True
            )
        handler = ApprovalsState.event_handlers["approve"].fn

        pine = _FakeApprovals(pine_token)
        asyncio.run(handler(pine, app_id))
        # The answer is the generic one, and nothing of the application reached the state.
        assert (pine.message, pine.message_tone) == (approvals.NOT_FOUND, "error")
        assert pine.detail is None and pine.rows == []
        with app_db.session_scope() as session:
            assert session.get(Application, app_id).status == "submitted"  # type: ignore[union-attr]
            refused = refusals(session, app_id)
            assert [r.actor_id for r in refused] == [world.pine_super.id]

        magnolia = _FakeApprovals(magnolia_token)
        asyncio.run(handler(magnolia, app_id))
        assert magnolia.message.startswith("Approved. License 500100 is renewed until")
        with app_db.session_scope() as session:
            assert session.get(Application, app_id).status == "approved"  # type: ignore[union-attr]
    finally:
        app_db.get_engine.cache_clear()


def test_the_approve_handler_refuses_a_designees_own_renewal_and_audits_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 #1: Avery, designated in her district, approves her own renewal from her
    session. The handler refuses, writes "access.refused", and nothing is renewed."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    try:
        with app_db.session_scope() as session:
            world = build_world(session)
            teacher = add_educator(session, "avery@example.org", world.magnolia_id, "500100")
            app_id = submit_renewal(session, teacher)
            superintendent = principal(session, world.magnolia_super)
            assert designees.grant(
                session, superintendent, actor_of(superintendent), teacher.account.email
            ).ok
            expires_on = session.get(License, teacher.license_id).expires_on  # type: ignore[union-attr]
            avery_token = accounts.open_session(
                session, teacher.account.id or 0, second_factor=True
            )
        avery = _FakeApprovals(avery_token)
        for name in ("approve", "return_for_correction", "reject"):
            avery.reason = "Done"
            asyncio.run(ApprovalsState.event_handlers[name].fn(avery, app_id))
            assert (avery.message, avery.message_tone) == (approvals.OWN_APPLICATION, "error")
        with app_db.session_scope() as session:
            application = session.get(Application, app_id)
            assert application is not None and application.status == "submitted"
            assert session.get(License, teacher.license_id).expires_on == expires_on  # type: ignore[union-attr]
            refused = refusals(session, app_id)
            assert [json.loads(r.after_json)["action"] for r in refused] == [
                "approve",
                "return",
                "reject",
            ]
            assert {r.actor_id for r in refused} == {teacher.account.id}
    finally:
        app_db.get_engine.cache_clear()


class _LiveFake(_FakeApprovals):
    """The fake as a background handler sees it: `async with self` takes the state's lock."""

    _refresh_live = ApprovalsState._refresh_live

    async def __aenter__(self) -> _LiveFake:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None


def test_the_live_loop_is_the_shared_one_and_refreshes_queue_and_detail(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`watch` runs `live.follow` (which re-checks the session each tick); a change in scope
    refreshes the queue, with the page's filters, and the open application."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    try:
        with app_db.session_scope() as session:
            world = build_world(session)
            teacher = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
            app_id = submit_renewal(session, teacher)
            token = accounts.open_session(session, world.magnolia_super.id or 0, second_factor=True)
        state = _LiveFake(token)
        state.filter_type = "renewal"
        state.rows, state.detail = [], None
        with app_db.read_scope() as session:
            magnolia = principal(session, world.magnolia_super)
            state.detail = approvals.detail(session, magnolia, app_id)
        followed: list[str] = []

        async def follow(live_state, route, read_version, refresh, interval=2.0):  # noqa: ANN001, ANN202
            before = read_version(magnolia)
            with app_db.session_scope() as session:
                second = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
                new_id = submit_renewal(session, second)
                submit_endorsement(session, second)
            assert read_version(magnolia) != before
            await refresh(magnolia)
            followed.append(route)
            live_state.new_id = new_id

        monkeypatch.setattr(live, "follow", follow)
        asyncio.run(ApprovalsState.event_handlers["watch"].fn(state))
        assert followed == ["/approvals"]
        # The new renewal arrived; the endorsement did not, as the page shows renewals only.
        assert [r.application_id for r in state.rows] == [app_id, state.new_id]
        assert state.detail is not None and state.detail.application_id == app_id
        assert not hasattr(ApprovalsState, "_watch_beat")
    finally:
        app_db.get_engine.cache_clear()
