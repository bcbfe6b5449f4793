"""The one live-update loop: refreshes on change, stops with the session, one loop per tab."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest

from licensure_app.services.accounts.authz import Principal
from licensure_app.states import live

ROUTE = "/applications"


class FakeTab:
    """What `follow` needs of a background handler's StateProxy."""

    def __init__(self) -> None:
        self._live_beat = 0.0
        self.router = SimpleNamespace(route_id=ROUTE, session=SimpleNamespace(client_token="tab-1"))
        self.locked = 0

    def _session_token(self) -> str:
        return "session-token"

    async def __aenter__(self) -> FakeTab:
        self.locked += 1
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def _principal() -> Principal:
    return Principal(
        account_id=1,
        email="avery@example.org",
        display_name="Avery Thompson",
        role="educator",
        roles=frozenset({"educator"}),
        approver_district_ids=frozenset(),
        superintendent_of=None,
        profile_id=7,
    )


@pytest.fixture
def sessions(monkeypatch: pytest.MonkeyPatch) -> dict[str, Principal | None]:
    valid: dict[str, Principal | None] = {"session-token": _principal()}
    monkeypatch.setattr(live, "_resolve", lambda token: valid.get(token))
    monkeypatch.setattr(live, "_connected", lambda _client: True)
    return valid


def test_refreshes_when_the_version_changes_and_stops_when_the_session_ends(
    sessions: dict[str, Principal | None],
) -> None:
    tab = FakeTab()
    versions = iter(["v1", "v1", "v2", "v2", "v3"])
    refreshed: list[str] = []

    def read_version(principal: Principal) -> str:
        version = next(versions)
        if version == "v3":
            sessions["session-token"] = None  # revoked elsewhere: the next tick stops
        return version

    async def refresh(principal: Principal) -> None:
        refreshed.append(f"profile {principal.profile_id}")

    asyncio.run(live.follow(tab, ROUTE, read_version, refresh, interval=0.001))
    assert refreshed == ["profile 7", "profile 7"]  # v1 -> v2 and v2 -> v3
    assert tab._live_beat == 0.0  # the loop says it has ended


def test_a_revoked_session_receives_nothing_more(sessions: dict[str, Principal | None]) -> None:
    tab = FakeTab()
    sessions["session-token"] = None
    calls: list[str] = []

    async def refresh(_principal: Principal) -> None:
        calls.append("refresh")

    asyncio.run(live.follow(tab, ROUTE, lambda _p: calls.append("read"), refresh, interval=0.001))
    assert calls == []


def test_the_loop_ends_when_the_tab_leaves_the_page(sessions: dict[str, Principal | None]) -> None:
    tab = FakeTab()
    reads: list[int] = []

    def read_version(_principal: Principal) -> int:
        reads.append(1)
        tab.router.route_id = "/pd"  # the user navigated away
        return len(reads)

    async def refresh(_principal: Principal) -> None:
        raise AssertionError("no refresh after leaving")

    asyncio.run(live.follow(tab, ROUTE, read_version, refresh, interval=0.001))
    assert reads == [1]


def test_one_loop_per_tab_unless_the_other_stopped_beating(
    sessions: dict[str, Principal | None],
) -> None:
    tab = FakeTab()
    tab._live_beat = time.time()  # another loop beat just now
    reads: list[int] = []
    asyncio.run(live.follow(tab, ROUTE, lambda _p: reads.append(1), None, interval=0.001))  # type: ignore[arg-type]
    assert reads == []
    # A loop that died with its worker stops beating: a new one starts.
    tab._live_beat = time.time() - live.STALE_SECONDS - 1
    tab.router.route_id = "/elsewhere"
    asyncio.run(live.follow(tab, ROUTE, lambda _p: reads.append(1) or 1, None, interval=0.001))  # type: ignore[arg-type]
    assert reads == [1]
