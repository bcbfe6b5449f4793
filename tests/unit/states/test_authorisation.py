"""Every event handler the app registers goes through the one authorisation mechanism.

The test walks the whole state tree, so a handler added later without `requires(...)` or
`public` fails here, and every guarded handler is called as each role that must be refused.
"""

from __future__ import annotations

import asyncio
import inspect
from types import SimpleNamespace
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

import licensure_app.pages  # noqa: F401  (registers every page and its states)
from licensure_app import db as app_db
from licensure_app import routes
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    AuditEvent,
    District,
)
from licensure_app.services import accounts
from licensure_app.states.auth import AuthState
from licensure_app.states.guard import OPENS_PAGE_ATTR, POLICY_ATTR, PUBLIC

ROLES = (ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)


def _app_states() -> list[type[rx.State]]:
    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("licensure_app."):
            found.append(cls)
    return found


def _app_handlers() -> list[tuple[str, str, Any]]:
    """(state, handler name, function) for every handler defined by the app itself."""
    framework = set(rx.State.event_handlers)
    handlers = []
    for cls in _app_states():
        for name, handler in cls.event_handlers.items():
            if (
                name in framework
                or name.startswith("set_")
                and name.removeprefix("set_") in cls.vars
            ):
                continue
            if not getattr(handler.fn, "__module__", "").startswith("licensure_app."):
                continue
            handlers.append((cls.__name__, name, handler.fn))
    return handlers


def test_the_app_registers_handlers() -> None:
    names = {name for _, name, _ in _app_handlers()}
    # If enumeration silently found nothing, every other assertion here would be vacuous.
    assert {"sign_in", "create_account", "save", "load", "check_page_access"} <= names


@pytest.mark.parametrize(("state", "name", "fn"), _app_handlers(), ids=lambda v: str(v)[:40])
def test_every_handler_declares_who_may_call_it(state: str, name: str, fn: Any) -> None:
    policy = getattr(fn, POLICY_ATTR, None)
    assert policy == PUBLIC or isinstance(policy, frozenset), (
        f"{state}.{name} has no @requires(...) or @public"
    )


class _FakeState:
    """Just enough of a state for the guard: the real AuthState checks, no page state."""

    _admit = AuthState._admit
    _admit_upload = AuthState._admit_upload
    _note_session = AuthState._note_session
    _open_page = AuthState._open_page
    _set_access = AuthState._set_access
    _assign_changed = AuthState._assign_changed
    _show_identity = AuthState._show_identity
    _principal = AuthState._principal
    _record_refusal = AuthState._record_refusal
    _login_redirect = AuthState._login_redirect
    _client_address = AuthState._client_address

    def __init__(self, token: str) -> None:
        self.session_token = token
        self._session_token = lambda: token
        self.user_name = self.user_role = ""
        self.unread_notifications, self.is_designee = 0, False
        self.page_access = "granted"
        self._session_key = ""
        self.router = SimpleNamespace(
            route_id="/somewhere",
            url=SimpleNamespace(path="/somewhere", query=""),
            session=SimpleNamespace(client_ip="192.0.2.7", client_token="tab-fake"),
        )
        # What AuthState reads on every event.
        self.rx_router_session, self.rx_router_route_id = self.router.session, "/somewhere"

    def _forget_private_data(self) -> None:
        """No page state here: what a real tab resets is tested in test_tab_sessions.py."""


@pytest.fixture
def tokens(db_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A live session token per role, in the database the app's sessions use."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    result = {"signed_out": ""}
    with app_db.session_scope() as session:
        district = District(code="0900", name="Test District")
        session.add(district)
        session.flush()
        for role in ROLES:
            account = Account(
                email=f"{role}@example.org",
                password_hash="x",
                role=role,
                district_id=district.id if role == ROLE_DISTRICT_APPROVER else None,
            )
            session.add(account)
            session.flush()
            # Approvers and staff passed the one-time code, as sign-in requires of them.
            result[role] = accounts.open_session(
                session, account.id or 0, second_factor=role != ROLE_EDUCATOR
            )
    yield result
    app_db.get_engine.cache_clear()


def _call(fn: Any, state: _FakeState) -> Any:
    params = list(inspect.signature(fn).parameters.values())[1:]
    args = [
        None
        for p in params
        if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    if inspect.isasyncgenfunction(fn):

        async def first() -> Any:
            return await fn(state, *args).__anext__()

        return asyncio.run(first())
    if inspect.iscoroutinefunction(fn):
        return asyncio.run(fn(state, *args))
    return fn(state, *args)


def _guarded_cases() -> list[tuple[str, str, Any, str]]:
    cases = []
    for state, name, fn in _app_handlers():
        policy = getattr(fn, POLICY_ATTR, None)
        if isinstance(policy, frozenset):
            for who in ("signed_out", *ROLES):
                cases.append((state, name, fn, who))
    return cases


@pytest.mark.parametrize(
    ("state", "name", "fn", "who"), _guarded_cases(), ids=lambda v: str(v)[:40]
)
def test_guarded_handlers_refuse_other_roles(
    state: str, name: str, fn: Any, who: str, tokens: dict[str, str], db_url: str
) -> None:
    policy: frozenset[str] = getattr(fn, POLICY_ATTR)
    fake = _FakeState(tokens[who])
    if who in policy:
        principal, refusal = fake._admit(policy, name)
        assert principal is not None and refusal == []
        return
    # The fake has no page state: had the body run, it would raise AttributeError.
    refusal = _call(fn, fake)
    events = refusal if isinstance(refusal, list) else [refusal]
    rendered = repr(events)
    opens_page = getattr(fn, OPENS_PAGE_ATTR, False)
    if who == "signed_out":
        assert "/login?next=" in rendered, f"{state}.{name} ran for {who}"
    elif opens_page:
        # A page's load refuses by showing "no access" in place of the page.
        assert fake.page_access == "denied", f"{state}.{name} ran for {who}"
    else:
        assert events, f"{state}.{name} ran for {who}"
        assert "access" in rendered.lower()
        with Session(app_db.get_engine()) as session:
            refused = session.exec(
                select(AuditEvent).where(AuditEvent.action == "access.refused")
            ).all()
        assert any(name in event.after_json for event in refused)


def test_protected_routes_have_roles() -> None:
    assert routes.PAGE_ROLES[routes.ADMIN] == frozenset({ROLE_STATE_STAFF})
    assert ROLE_EDUCATOR not in routes.PAGE_ROLES[routes.APPROVALS]
    assert routes.safe_next("//evil.example/x") is None
    assert routes.safe_next("https://evil.example") is None
    assert routes.safe_next("/profile?x=1") == "/profile?x=1"


def test_page_loads_check_the_routes_roles() -> None:
    """Each page's first on_load handler does the access check, with PAGE_ROLES' roles."""
    from reflex_base.registry import RegistrationContext

    on_load = {
        kwargs["route"]: kwargs.get("on_load", [])
        for _, kwargs in RegistrationContext.ensure_context().decorated_pages
    }
    for route in [
        routes.HOME,
        routes.LOOKUP,
        routes.LICENSE_RECORD,
        routes.NOT_FOUND,
        *routes.PAGE_ROLES,
    ]:
        first = on_load[route][0]
        fn = getattr(first, "fn", first)
        expected = routes.PAGE_ROLES.get(route, PUBLIC)
        assert getattr(fn, POLICY_ATTR) == expected, route
        assert getattr(fn, OPENS_PAGE_ATTR, False) or fn.__name__ == "check_page_access", route


def test_a_page_load_without_the_access_check_is_refused() -> None:
    from licensure_app.components.layout import _check_opens_page
    from licensure_app.states.pd import PDState

    _check_opens_page(routes.PD, PDState.load)
    with pytest.raises(TypeError, match="opens_page"):
        _check_opens_page(routes.PD, PDState.cancel_form)  # requires(), not opens_page
    with pytest.raises(TypeError, match="opens_page"):
        _check_opens_page(routes.ADMIN, PDState.load)  # the educator's roles on /admin
