"""A tab's state belongs to one session: the next person in the tab gets none of it, and an
upload acts only for the tab's own session (issue 13, items 5 and 6).

The states are the app's real ones, in a real state tree, as Reflex builds it for a tab.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import date

import pytest
import reflex as rx
from sqlmodel import Session, select

import licensure_app.pages  # noqa: F401  (registers every page and its states)
from licensure_app import db as app_db
from licensure_app.models import ROLE_EDUCATOR, Account, EducatorProfile
from licensure_app.services import accounts, audit
from licensure_app.services.accounts import profiles
from licensure_app.services.accounts.passwords import hash_password
from licensure_app.states.auth import AuthState
from licensure_app.states.pd import PDState
from licensure_app.states.profile import ProfileState

PHONE = "601-555-0134"


@dataclass
class World:
    token: str  # the educator's live, password-only session
    other_token: str  # another educator's live session


def _educator(session: Session, email: str, phone: str = "") -> int:
    account = accounts.register_educator(
        session, "Dana", "Whitfield", email, hash_password("a long and quiet harbour"), ""
    )
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    ).one()
    profile.phone, profile.date_of_birth = phone, date(1985, 3, 14)
    session.add(profile)
    return account.id or 0


@pytest.fixture
def world(db_url: str, monkeypatch: pytest.MonkeyPatch, session: Session) -> World:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    dana = _educator(session, "dana@example.org", PHONE)
    other = _educator(session, "other@example.org")
    tokens = World(accounts.open_session(session, dana), accounts.open_session(session, other))
    session.commit()
    yield tokens
    app_db.get_engine.cache_clear()


def _tab(token: str) -> rx.State:
    """A tab's state tree whose websocket carries `token` as the session cookie."""
    root = rx.State(_reflex_internal_init=True)
    _connect(root, token)
    return root


def _connect(root: rx.State, token: str) -> None:
    """The tab (re)connects with `token` as its cookie (a reload, or the next sign-in)."""
    cookie = f"licensure_session={token}" if token else ""
    data = {
        "headers": {"cookie": cookie},
        "token": "tab-1",
        "ip": "192.0.2.5",
        "pathname": "/profile",
        "asPath": "/profile",
        "query": {},
    }
    root.router_data = root._update_router_vars(data, root.router_data)


def _state(root: rx.State, cls: type[rx.State]) -> rx.State:
    auth = root.substates[AuthState.get_name()]
    return auth if cls is AuthState else auth.substates[cls.get_name()]


def _open_profile(root: rx.State) -> object:
    """Open /profile in the tab: ProfileState.load behind its access check."""
    return ProfileState.event_handlers["load"].fn(_state(root, ProfileState))


def _sent(root: rx.State) -> str:
    """Everything a (re)connect sends the browser: the whole state tree."""
    return json.dumps(root.dict(), default=str)


def _end(token: str) -> None:
    with app_db.session_scope() as session:
        accounts.close_session(session, token)


def test_a_session_that_ended_leaves_nothing_for_the_next_person_in_the_tab(world: World) -> None:
    root = _tab(world.token)
    _open_profile(root)
    profile_state = _state(root, ProfileState)
    assert profile_state.profile.phone == PHONE
    pd_state = _state(root, PDState)
    pd_state.notice = "Activity saved"  # another page's data the tab holds
    # The session ends without "Sign out" (revoked elsewhere, or timed out); the next
    # person uses the tab: any event's access check resets every page state first.
    _end(world.token)
    _open_profile(root)
    assert profile_state.profile == profiles.ProfileView()
    assert pd_state.notice == ""
    assert PHONE not in _sent(root) and "1985" not in _sent(root)


def test_a_reconnect_with_another_session_resets_before_the_first_frame(world: World) -> None:
    from licensure_app.states.session_change import forget_if_session_changed

    root = _tab(world.token)
    _open_profile(root)
    auth = _state(root, AuthState)
    # The same live session reconnecting (a reload) keeps the tab's data.
    _connect(root, world.token)
    assert not asyncio.run(forget_if_session_changed(auth, reconnecting=True))
    assert _state(root, ProfileState).profile.phone == PHONE
    # The next person signs in in the same tab: the reconnect carries their cookie.
    _connect(root, world.other_token)
    assert asyncio.run(forget_if_session_changed(auth, reconnecting=True))
    assert PHONE not in _sent(root) and "Dana" not in _sent(root)


def test_a_reconnect_after_the_session_ended_resets_the_tab(world: World) -> None:
    from licensure_app.states.session_change import forget_if_session_changed

    root = _tab(world.token)
    _open_profile(root)
    _end(world.token)
    _connect(root, world.token)  # the same, now dead, cookie
    assert asyncio.run(forget_if_session_changed(_state(root, AuthState), reconnecting=True))
    assert PHONE not in _sent(root)


def test_an_upload_acts_only_for_the_tabs_own_session(world: World) -> None:
    """The victim's tab (client token "tab-1"), an upload sent with someone else's cookie."""
    from licensure_app.infra import upload_gate

    root = _tab(world.token)
    pd_state = _state(root, PDState)
    roles = frozenset({ROLE_EDUCATOR})
    # Without a running upload request for the tab (only its client token), refused.
    principal, refusal = pd_state._admit_upload(roles, "stage_evidence")
    assert principal is None and "refused" in repr(refusal)
    with upload_gate.bind("tab-1", world.other_token):
        principal, refusal = pd_state._admit_upload(roles, "stage_evidence")
    assert principal is None and refusal
    with upload_gate.bind("tab-1", world.token):
        principal, refusal = pd_state._admit_upload(roles, "stage_evidence")
    assert principal is not None and refusal == []


def test_the_tracker_opened_again_unchanged_is_not_recomputed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: no recomputing of what did not change; any change is shown at once."""
    from licensure_app.services import pd

    computed: list[int] = []
    real_trackers = pd.trackers

    def counting_trackers(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        computed.append(1)
        return real_trackers(*args, **kwargs)

    monkeypatch.setattr(pd, "trackers", counting_trackers)
    root = _tab(world.token)
    pd_state = _state(root, PDState)

    def open_tracker() -> None:
        PDState.event_handlers["load"].fn(pd_state)

    open_tracker()
    open_tracker()
    assert len(computed) == 1 and pd_state.loaded
    with app_db.session_scope() as session:
        profile = session.exec(
            select(EducatorProfile).join(Account).where(Account.email == "dana@example.org")  # type: ignore[arg-type]
        ).one()
        pd.add_activity(
            session,
            audit.Actor(None, ROLE_EDUCATOR),
            profile.id or 0,
            pd.ActivityForm("Workshop", "MDE", "ceu", "1", "2026-10-01"),
            date(2026, 11, 24),
        )
    open_tracker()
    assert len(computed) == 2
    assert [a.title for a in pd_state.activities] == ["Workshop"]
    # The next person in the tab never sees the previous one's tracker kept.
    _end(world.token)
    _connect(root, world.other_token)
    open_tracker()
    assert len(computed) == 3 and pd_state.activities == []
