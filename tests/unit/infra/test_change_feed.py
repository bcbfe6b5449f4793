"""The change feed: committed writes to watched tables reach in-process caches, here and
(through Redis) in the other processes; nothing else does."""

from __future__ import annotations

import asyncio
import json
import os

import pytest
from sqlalchemy import delete, text, update
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.infra import change_feed
from licensure_app.models import Account, AuditEvent, AuthSession
from licensure_app.services import accounts, audit
from tests.unit.accounts.account_world import register

TOPIC = "sessions"  # watched by services/accounts/session_cache.py (account is one of its tables)


def _account_update(session: Session, account_id: int, name: str):  # noqa: ANN202
    return session.exec(update(Account).where(Account.id == account_id).values(display_name=name))  # type: ignore[arg-type]


def test_a_committed_write_to_a_watched_table_raises_its_generation(session: Session) -> None:
    account = register(session)
    before = change_feed.generation(TOPIC)
    _account_update(session, account.id or 0, "Dana W.")
    assert change_feed.generation(TOPIC) == before  # not committed yet
    session.commit()
    assert change_feed.generation(TOPIC) > before
    assert change_feed.settled(TOPIC)


def test_orm_flushes_are_seen_too(session: Session) -> None:
    account = register(session)
    before = change_feed.generation(TOPIC)
    account.display_name = "Dana Whitfield-Ross"
    session.add(account)
    session.commit()
    assert change_feed.generation(TOPIC) > before


def test_rolled_back_quiet_and_unwatched_writes_change_nothing(session: Session) -> None:
    account = register(session)
    before = change_feed.generation(TOPIC)
    _account_update(session, account.id or 0, "Never saved")
    session.rollback()
    session.exec(
        update(Account)  # type: ignore[arg-type]
        .where(Account.id == account.id)
        .values(display_name="Quiet")
        .execution_options(**change_feed.QUIET)
    )
    session.commit()
    session.exec(text("SELECT 1"))
    session.commit()
    # A write to a table no cache watches (the audit log) reports nothing either.
    audit.record(session, audit.Actor(account.id, "educator"), "test.event", "account", "1")
    session.commit()
    assert session.exec(select(AuditEvent)).first() is not None
    assert change_feed.generation(TOPIC) == before


def test_a_value_read_while_a_write_commits_is_never_trusted(db_url: str) -> None:
    """Between the commit and the connection's return to the pool the topic is unsettled,
    and the generation rises at both ends."""
    engine = make_engine(db_url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            account = register(s)
        start = change_feed.generation(TOPIC)
        with engine.connect() as connection:
            connection.execute(
                update(Account).where(Account.id == account.id).values(display_name="Dana R.")  # type: ignore[arg-type]
            )
            assert change_feed.settled(TOPIC)
            connection.commit()
            assert not change_feed.settled(TOPIC)
            mid = change_feed.generation(TOPIC)
            assert mid > start
        assert change_feed.settled(TOPIC)
        assert change_feed.generation(TOPIC) > mid
    finally:
        engine.dispose()


def test_inserts_and_deletes_count(session: Session) -> None:
    before = change_feed.generation(TOPIC)
    account = register(session)  # an INSERT
    middle = change_feed.generation(TOPIC)
    assert middle > before
    accounts.open_session(session, account.id or 0)
    session.commit()
    middle = change_feed.generation(TOPIC)
    session.exec(delete(AuthSession).where(AuthSession.account_id == account.id))  # type: ignore[arg-type]
    session.commit()
    assert change_feed.generation(TOPIC) > middle


REDIS_URL = os.environ.get("LICENSURE_TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="LICENSURE_TEST_REDIS_URL is not set")
def test_other_processes_changes_arrive_through_redis(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Redis, a process trusts no cache until it hears the others, then hears each
    committed write they make; its own commits are published."""
    import redis

    monkeypatch.setenv("REFLEX_REDIS_URL", REDIS_URL or "")
    monkeypatch.setattr(change_feed, "_remote_live", None)
    engine = make_engine(db_url)
    change_feed.install(engine)  # this engine was installed before Redis was configured
    monkeypatch.setattr(change_feed, "_remote_live", False)
    assert not change_feed.settled(TOPIC)  # nobody heard yet: caches are bypassed

    async def scenario() -> tuple[bool, int, list[str]]:
        listener = asyncio.create_task(change_feed.listen_forever())
        try:
            for _ in range(200):
                if change_feed.settled(TOPIC):
                    break
                await asyncio.sleep(0.01)
            live = change_feed.settled(TOPIC)
            before = change_feed.generation(TOPIC)
            # Another process commits a write to a watched table.
            redis.Redis.from_url(REDIS_URL or "").publish(change_feed.CHANNEL, json.dumps([TOPIC]))
            for _ in range(200):
                if change_feed.generation(TOPIC) > before:
                    break
                await asyncio.sleep(0.01)
            heard = change_feed.generation(TOPIC) - before
            # This process's own commit is published for the others.
            watcher = redis.Redis.from_url(REDIS_URL or "").pubsub()
            watcher.subscribe(change_feed.CHANNEL)
            watcher.get_message(timeout=1)  # the subscription's confirmation
            with Session(engine, expire_on_commit=False) as s:
                register(s, "published@example.org")
            message = watcher.get_message(timeout=2)
            watcher.close()
            return live, heard, json.loads(message["data"]) if message else []
        finally:
            listener.cancel()

    try:
        live, heard, published = asyncio.run(scenario())
    finally:
        engine.dispose()
    assert live
    assert heard >= 1
    assert TOPIC in published
    assert not change_feed.settled(TOPIC)  # the listener stopped: caches are bypassed again
