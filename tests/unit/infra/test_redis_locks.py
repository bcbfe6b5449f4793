"""The Redis state-lock work-around: a cancelled acquisition gives back a lock it was granted."""

from __future__ import annotations

import asyncio

import pytest
from reflex.istate.manager.redis import StateManagerRedis

from licensure_app.infra.reflex_fixes import redis_locks


class FakeRedis:
    """SET NX that Redis has executed but whose reply is still on its way (until `reply`)."""

    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}
        self.reply = asyncio.Event()

    async def set(self, key: bytes, value: bytes, px: int, nx: bool) -> bool | None:
        granted = not (nx and key in self.data)
        if granted:
            self.data[key] = value
        await self.reply.wait()
        return True if granted else None

    async def eval(self, _script: str, _keys: int, key: bytes, value: bytes) -> int:
        if self.data.get(key) == value:
            del self.data[key]
            return 1
        return 0


class FakeManager:
    lock_expiration = 10_000

    def __init__(self) -> None:
        self.redis = FakeRedis()
        self.notified: list[bytes] = []

    def _notify_next_waiter(self, key: bytes) -> None:
        self.notified.append(key)


@pytest.fixture(scope="module", autouse=True)
def _installed() -> None:
    redis_locks.install()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_a_cancelled_acquisition_releases_the_lock_redis_granted() -> None:
    async def scenario() -> FakeManager:
        manager = FakeManager()
        attempt = asyncio.ensure_future(
            StateManagerRedis._try_get_lock(manager, b"tab_lock", b"on_load:1")
        )
        await _settle()
        assert manager.redis.data == {b"tab_lock": b"on_load:1"}  # granted, reply pending
        attempt.cancel()  # the tab navigated away
        await _settle()
        manager.redis.reply.set()
        await _settle()
        assert attempt.cancelled()
        return manager

    manager = asyncio.run(scenario())
    assert manager.redis.data == {}
    assert manager.notified == [b"tab_lock"]


def test_an_acquisition_that_is_not_cancelled_keeps_the_lock() -> None:
    async def scenario() -> tuple[FakeManager, bool | None]:
        manager = FakeManager()
        manager.redis.reply.set()
        got = await StateManagerRedis._try_get_lock(manager, b"tab_lock", b"event:1")
        await _settle()
        return manager, got

    manager, got = asyncio.run(scenario())
    assert got is True
    assert manager.redis.data == {b"tab_lock": b"event:1"}


def test_a_cancelled_waiter_never_releases_another_holders_lock() -> None:
    async def scenario() -> FakeManager:
        manager = FakeManager()
        manager.redis.data[b"tab_lock"] = b"other:1"
        attempt = asyncio.ensure_future(
            StateManagerRedis._try_get_lock(manager, b"tab_lock", b"mine:2")
        )
        await _settle()
        attempt.cancel()
        manager.redis.reply.set()
        await _settle()
        return manager

    manager = asyncio.run(scenario())
    assert manager.redis.data == {b"tab_lock": b"other:1"}
