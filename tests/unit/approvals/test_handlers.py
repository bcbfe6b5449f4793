"""The approvals page's event handlers as a crafted websocket event reaches them."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from approval_world import (
    add_educator,
    build_world,
    refusals,
    submit_renewal,
)

from licensure_app import db as app_db
from licensure_app.models import (
    Application,
)
from licensure_app.services import accounts, approvals
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
        self.verified, self.reason = True, ""
        self.filter_district, self.filter_type, self.filter_status, self.sort = (
            "",
            "",
            "waiting",
            "oldest",
        )
        self.selected: list[int] = []
        self.form_version = 0


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
