"""SQLite transactions as the server needs them: writers lock at BEGIN, readers never do."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlmodel import Session

from licensure_app import db


def _other_writer_can_begin(db_url: str) -> bool:
    other = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0.1, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as locked:
        assert "locked" in str(locked)
        return False
    finally:
        other.close()


def test_a_writing_transaction_holds_the_write_lock_from_its_first_statement(
    db_url: str,
) -> None:
    """So a read-then-write never fails to upgrade its lock halfway (BEGIN IMMEDIATE)."""
    engine = db.make_engine(db_url)
    try:
        with Session(engine) as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
            assert not _other_writer_can_begin(db_url)
        assert _other_writer_can_begin(db_url)
    finally:
        engine.dispose()


@pytest.mark.parametrize("opener", ["read_connection", "read_scope"])
def test_reads_take_no_write_lock(db_url: str, opener: str) -> None:
    """Look-ups and page reads run alongside a writer (deferred BEGIN)."""
    db.get_engine.cache_clear()
    try:
        with getattr(db, opener)(db_url) as reader:
            reader.execute(text("SELECT count(*) FROM account")).scalar_one()
            assert _other_writer_can_begin(db_url)
    finally:
        db.get_engine(db_url).dispose()
        db.get_engine.cache_clear()
