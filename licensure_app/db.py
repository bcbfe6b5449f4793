"""The database engine and sessions, with the SQLite settings a server needs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from . import settings
from .infra import change_feed


def _configure_sqlite(dbapi_connection, _record) -> None:  # noqa: ANN001
    # WAL lets readers run during a write; FULL loses no commit on power loss;
    # the busy timeout queues writers instead of failing.
    # isolation_level=None hands transaction control to SQLAlchemy's "begin" hook below.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(conn) -> None:  # noqa: ANN001
    # Writing transactions take the write lock at BEGIN, so a read-then-write never fails
    # to upgrade its lock; read-only ones (look-ups) begin deferred and run alongside.
    # Straight to the driver: every event's read begins here, and SQLAlchemy's statement
    # machinery cost ten times the BEGIN itself.
    read_only = conn.get_execution_options().get("read_only")
    conn.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get the pragmas above. Its committed writes
    to watched tables reach in-process caches (infra/change_feed.py)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    change_feed.install(engine)
    return engine


@cache
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url or settings.database_url())


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A writing session that commits when the block ends without error, else rolls back."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@cache
def read_only(engine: Engine) -> Engine:
    """`engine` for reads only: on SQLite its transactions begin without the write lock."""
    return engine.execution_options(read_only=True)


def _read_only_engine(url: str | None) -> Engine:
    return read_only(get_engine(url))


@contextmanager
def read_connection(url: str | None = None) -> Iterator[Connection]:
    """A plain connection for Core reads on hot paths (the session check on every event,
    the look-up): no ORM session around it, which costs far less for a small query."""
    with _read_only_engine(url).connect() as connection:
        yield connection


@contextmanager
def read_scope(url: str | None = None) -> Iterator[Session]:
    """A session for reads only (on SQLite it does not take the write lock)."""
    engine = _read_only_engine(url)
    # Closing (not rolling back) keeps loaded rows readable after the block; the pool
    # still ends the database transaction when the connection goes back.
    with Session(engine, expire_on_commit=False) as session:
        yield session
