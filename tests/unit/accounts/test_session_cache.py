"""The session check on every event, answered in-process when that is exact (issue 18):
every way a session ends or its rights change still takes effect at the next event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import ROLE_DISTRICT_APPROVER, Account, District, DistrictDesignee
from licensure_app.models._base import utcnow
from licensure_app.services import accounts
from licensure_app.services.accounts import session_cache

from .account_world import register


class CountingReads:
    """A read-connection factory that counts how often the database was read."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.reads = engine, 0

    @contextmanager
    def __call__(self) -> Iterator[Connection]:
        self.reads += 1
        with self.engine.connect() as connection:
            yield connection


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _write(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def _signed_in(engine: Engine, second_factor: bool = False) -> tuple[int, str]:
    with _write(engine) as s:
        account = register(s, f"dana{utcnow().timestamp()}@example.org")
        token = accounts.open_session(s, account.id or 0, second_factor=second_factor)
        s.commit()
        return account.id or 0, token


def test_a_session_checked_moments_ago_is_not_read_again(engine: Engine) -> None:
    account_id, token = _signed_in(engine)
    reads = CountingReads(engine)
    first = accounts.check_session_cached(reads, token)
    second = accounts.check_session_cached(reads, token)
    assert first is not None and second is not None
    assert second.principal == first.principal and second.principal.account_id == account_id
    assert reads.reads == 1
    # Unknown and malformed tokens are read every time and never kept.
    assert accounts.check_session_cached(reads, token + "x") is None
    assert accounts.check_session_cached(reads, token + "x") is None
    assert accounts.check_session_cached(reads, "x" * 500) is None
    assert reads.reads == 3


def test_sign_out_ends_the_session_at_the_next_event(engine: Engine) -> None:
    _, token = _signed_in(engine)
    reads = CountingReads(engine)
    assert accounts.check_session_cached(reads, token) is not None
    with _write(engine) as s:
        accounts.close_session(s, token)
        s.commit()
    assert accounts.check_session_cached(reads, token) is None


def test_a_password_change_ends_every_session_at_the_next_event(engine: Engine) -> None:
    account_id, token = _signed_in(engine)
    with _write(engine) as s:
        other = accounts.open_session(s, account_id)
        s.commit()
    reads = CountingReads(engine)
    assert accounts.check_session_cached(reads, token) is not None
    assert accounts.check_session_cached(reads, other) is not None
    with _write(engine) as s:
        accounts.change_password(s, account_id, "an entirely new and long passphrase", "")
        s.commit()
    assert accounts.check_session_cached(reads, token) is None
    assert accounts.check_session_cached(reads, other) is None


def test_deactivation_and_revoked_rights_apply_at_the_next_event(engine: Engine) -> None:
    account_id, token = _signed_in(engine, second_factor=True)
    with _write(engine) as s:
        district = District(code="990", name="Test District")
        s.add(district)
        s.commit()
        s.add(
            DistrictDesignee(
                district_id=district.id or 0, account_id=account_id, granted_by_id=account_id
            )
        )
        s.commit()
    reads = CountingReads(engine)
    live = accounts.check_session_cached(reads, token)
    assert live is not None and ROLE_DISTRICT_APPROVER in live.principal.roles
    with _write(engine) as s:
        grant = s.exec(select(DistrictDesignee)).one()
        grant.revoked_at = utcnow()
        s.add(grant)
        s.commit()
    live = accounts.check_session_cached(reads, token)
    assert live is not None and ROLE_DISTRICT_APPROVER not in live.principal.roles
    with _write(engine) as s:
        account = s.get(Account, account_id)
        assert account is not None
        account.is_active = False
        s.add(account)
        s.commit()
    assert accounts.check_session_cached(reads, token) is None


def test_idle_and_absolute_ends_are_never_answered_from_memory(engine: Engine) -> None:
    _, token = _signed_in(engine)
    reads = CountingReads(engine)
    now = utcnow()
    assert accounts.check_session_cached(reads, token, now) is not None
    # Past the touch interval the database is read (and says to record the activity).
    later = now + accounts.SESSION_TOUCH_INTERVAL + timedelta(seconds=1)
    live = accounts.check_session_cached(reads, token, later)
    assert live is not None and live.needs_touch and reads.reads == 2
    # The caller records it now: the next event within the interval is answered from memory.
    assert accounts.check_session_cached(reads, token, later + timedelta(seconds=1)) is not None
    assert reads.reads == 2
    idle = later + accounts.SESSION_IDLE_TIMEOUT
    assert accounts.check_session_cached(reads, token, idle) is None
    ended = now + accounts.SESSION_ABSOLUTE_TIMEOUT
    assert accounts.check_session_cached(reads, token, ended) is None


def test_kept_sessions_are_read_again_after_max_age(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound for writes the change feed cannot see (SQL typed by hand)."""
    _, token = _signed_in(engine)
    reads = CountingReads(engine)
    monkeypatch.setattr(session_cache.SESSIONS, "max_age", 0.0)
    accounts.check_session_cached(reads, token)
    accounts.check_session_cached(reads, token)
    assert reads.reads == 2


def test_a_session_read_while_its_revocation_commits_is_not_kept(engine: Engine) -> None:
    """The read saw the session live, but the sign-out committed before it finished: what
    it read answers this one event (as without a cache) and is not kept for the next."""
    _, token = _signed_in(engine)

    @contextmanager
    def racing_read() -> Iterator[Connection]:
        with engine.connect() as connection:
            yield connection
        with _write(engine) as s:
            accounts.close_session(s, token)
            s.commit()

    assert accounts.check_session_cached(racing_read, token) is not None
    assert accounts.check_session_cached(CountingReads(engine), token) is None
