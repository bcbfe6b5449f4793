"""Backups: back up a database with the demo data, restore it elsewhere, find the data.

SQLite always; PostgreSQL (pg_dump / pg_restore) when LICENSURE_TEST_POSTGRES_URL is set,
on throwaway databases dropped afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from licensure_app import settings
from licensure_app.db import make_engine
from licensure_app.infra import backup, demo, schema
from licensure_app.models import Account, AuditEvent, License
from licensure_app.services import audit
from licensure_app.services.accounts import passwords

TODAY = date(2026, 6, 15)


def _load_demo(url: str) -> dict[str, int]:
    """Migrate `url`, load the demo data, and return the counts a restore must reproduce."""
    schema.migrate(url)
    passwords._context.cache_clear()
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            demo.load_demo_data(session, TODAY)
            session.commit()
        return _counts(url)
    finally:
        engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return {
                model.__name__: session.exec(select(func.count()).select_from(model)).one()
                for model in (Account, License, AuditEvent)
            }
    finally:
        engine.dispose()


def _assert_restored(url: str, expected: dict[str, int]) -> None:
    assert schema.current_revision(url) == schema.head_revision()
    assert _counts(url) == expected
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            teacher = session.exec(select(Account).where(Account.email == demo.TEACHER_EMAIL)).one()
            assert passwords.verify_password(demo.DEMO_PASSWORD, teacher.password_hash)
            unclaimed = session.exec(
                select(License).where(License.license_number == demo.UNCLAIMED_LICENSE_NUMBER)
            ).one()
            assert unclaimed.status == "active"
            assert expected["AuditEvent"] > 0
            assert audit.verify_chain(session) == (True, None)
    finally:
        engine.dispose()


def _audit_rows_still_refuse_changes(url: str) -> None:
    """The append-only guard comes back with the restore."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn, pytest.raises(Exception, match="append-only"):
            conn.execute(text("UPDATE audit_event SET action = 'tampered'"))
    finally:
        engine.dispose()


# ------------------------------------------------------------------ SQLite


@pytest.fixture
def sqlite_demo(tmp_path: Path) -> tuple[str, dict[str, int]]:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    return url, _load_demo(url)


def test_sqlite_backup_and_restore_into_a_fresh_file(
    sqlite_demo: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    url, expected = sqlite_demo
    backup_file = tmp_path / "backups" / "licensure.sqlite"
    backup_file.parent.mkdir()

    made = backup.backup(url, backup_file)
    assert made.path == backup_file.resolve()
    assert made.revision == schema.head_revision()
    assert made.size_bytes == backup_file.stat().st_size > 0
    # One self-contained file, readable by its owner only.
    assert not list(backup_file.parent.glob("*-wal"))
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    with sqlite3.connect(backup_file) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    restored_url = f"sqlite:///{tmp_path / 'restored' / 'licensure.db'}"
    (tmp_path / "restored").mkdir()
    backup.restore(restored_url, backup_file)
    _assert_restored(restored_url, expected)
    _audit_rows_still_refuse_changes(restored_url)
    with sqlite3.connect(tmp_path / "restored" / "licensure.db") as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_backup_is_a_snapshot_of_committed_data_only(
    sqlite_demo: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    """A transaction open during the backup is not in it; later commits do not touch it."""
    url, expected = sqlite_demo
    path = make_url(url).database
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE license SET status = 'revoked'")  # uncommitted
        backup.backup(url, tmp_path / "during.sqlite")
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    restored = f"sqlite:///{tmp_path / 'during.db'}"
    backup.restore(restored, tmp_path / "during.sqlite")
    _assert_restored(restored, expected)


def test_sqlite_restore_refuses_a_database_with_tables_unless_forced(
    sqlite_demo: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    url, expected = sqlite_demo
    backup_file = tmp_path / "b.sqlite"
    backup.backup(url, backup_file)

    other = f"sqlite:///{tmp_path / 'other.db'}"
    schema.migrate(other)  # migrated, no data: still a database someone may need
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(other, backup_file)
    assert _counts(other)["Account"] == 0

    backup.restore(other, backup_file, force=True)
    _assert_restored(other, expected)


def test_sqlite_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    target = f"sqlite:///{tmp_path / 'target.db'}"
    with pytest.raises(backup.BackupError, match="not a SQLite backup"):
        backup.restore(target, junk)
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE something (x)")
    with pytest.raises(backup.BackupError, match="not a backup of this app"):
        backup.restore(target, foreign)
    with pytest.raises(backup.BackupError, match="no backup file"):
        backup.restore(target, tmp_path / "missing.sqlite")
    assert not (tmp_path / "target.db").exists()


def test_sqlite_backup_of_a_missing_database_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="no SQLite database"):
        backup.backup(f"sqlite:///{tmp_path / 'nothing.db'}", tmp_path / "b.sqlite")
    assert not (tmp_path / "nothing.db").exists()
    assert not (tmp_path / "b.sqlite").exists()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licensure_app.cli", *args],
        capture_output=True,
        text=True,
        cwd=settings.PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_cli_backup_and_restore(sqlite_demo: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    url, expected = sqlite_demo
    backup_file = tmp_path / "cli.sqlite"
    made = _cli("backup", "--db-url", url, "--to", str(backup_file))
    assert made.returncode == 0, made.stderr
    assert "Backed up" in made.stdout

    target = f"sqlite:///{tmp_path / 'cli-restored.db'}"
    restored = _cli("restore", "--db-url", target, "--from", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    _assert_restored(target, expected)

    again = _cli("restore", "--db-url", target, "--from", str(backup_file))
    assert again.returncode == 1
    assert "--force" in again.stderr
    forced = _cli("restore", "--db-url", target, "--from", str(backup_file), "--force")
    assert forced.returncode == 0, forced.stderr


# ------------------------------------------------------------------ PostgreSQL


@pytest.fixture
def pg_databases() -> Iterator[tuple[str, str]]:
    """Two throwaway PostgreSQL databases (source, restore target), dropped afterwards."""
    base = os.environ.get("LICENSURE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("LICENSURE_TEST_POSTGRES_URL is not set")
    names = [f"licensure_backup_{uuid.uuid4().hex[:10]}_{n}" for n in ("src", "dst")]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield tuple(  # type: ignore[misc]
            make_url(base).set(database=name).render_as_string(hide_password=False)
            for name in names
        )
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_libpq_url_drops_the_driver_and_the_password() -> None:
    url = make_url("postgresql+psycopg://app:s3cret@db.example:5433/licensure?sslmode=require")
    assert backup.libpq_url(url) == "postgresql://app@db.example:5433/licensure?sslmode=require"
    assert backup._pg_env(url)["PGPASSWORD"] == "s3cret"


def test_missing_pg_dump_is_said_clearly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    with pytest.raises(backup.BackupError, match="pg_dump is not installed"):
        backup.backup("postgresql+psycopg://u@127.0.0.1:1/x", tmp_path / "x.dump")
    assert not list(tmp_path.iterdir())


@pytest.mark.postgres
def test_postgres_backup_and_restore(pg_databases: tuple[str, str], tmp_path: Path) -> None:
    source, target = pg_databases
    expected = _load_demo(source)
    dump = tmp_path / "licensure.pgdump"

    made = backup.backup(source, dump)
    assert made.revision == schema.head_revision()
    assert dump.read_bytes()[:5] == b"PGDMP"
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600

    backup.restore(target, dump)
    _assert_restored(target, expected)
    _audit_rows_still_refuse_changes(target)

    # A database with tables is refused unless forced; forced, it is replaced in full.
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(target, dump)
    engine = make_engine(target)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE stray (x int)"))
            conn.execute(
                text("UPDATE license SET status = 'revoked' WHERE license_number = '100200'")
            )
    finally:
        engine.dispose()
    backup.restore(target, dump, force=True)
    _assert_restored(target, expected)
