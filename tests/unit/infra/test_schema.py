"""Migrations: the start-up check, up/down/up on SQLite and PostgreSQL, the audit-log guards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from licensure_app import settings
from licensure_app.db import make_engine
from licensure_app.infra import schema
from licensure_app.services import audit

APP_TABLES = set(SQLModel.metadata.tables)


@pytest.fixture
def unmigrated_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fresh.db'}"


def _app_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) & APP_TABLES
    finally:
        engine.dispose()


def test_head_revision_is_a_migration_file() -> None:
    head = schema.head_revision()
    files = list((settings.PROJECT_ROOT / "alembic" / "versions").glob(f"*{head}*.py"))
    assert files, head


def test_unmigrated_database_is_refused_with_the_command_to_run(unmigrated_url: str) -> None:
    assert schema.current_revision(unmigrated_url) is None
    with pytest.raises(schema.DatabaseNotMigrated) as refused:
        schema.assert_migrated(unmigrated_url)
    message = str(refused.value)
    assert "make migrate" in message
    assert "alembic upgrade head" in message
    assert schema.head_revision() in message
    assert "at revision none" in message
    # Checking must not leave an empty database file behind.
    assert not Path(make_url(unmigrated_url).database or "").exists()


def test_an_empty_existing_file_is_not_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    make_engine(url).connect().close()
    with pytest.raises(schema.DatabaseNotMigrated):
        schema.assert_migrated(url)


def test_migrated_database_passes(db_url: str) -> None:
    assert schema.current_revision(db_url) == schema.head_revision()
    schema.assert_migrated(db_url)
    # Migrating again is harmless.
    schema.migrate(db_url)
    schema.assert_migrated(db_url)


def test_messages_never_show_a_password() -> None:
    masked = schema.safe_url("postgresql+psycopg://app:s3cret-pw@db.example:5432/licensure")
    assert "s3cret-pw" not in masked
    assert "db.example" in masked


def _up_down_up(url: str) -> None:
    schema.migrate(url)
    assert _app_tables(url) == APP_TABLES
    assert schema.current_revision(url) == schema.head_revision()
    schema.downgrade(url, "base")
    assert _app_tables(url) == set()
    assert schema.current_revision(url) is None
    schema.migrate(url)
    assert _app_tables(url) == APP_TABLES
    schema.assert_migrated(url)


def test_migrations_up_down_up_on_sqlite(unmigrated_url: str) -> None:
    _up_down_up(unmigrated_url)


@pytest.mark.postgres
def test_migrations_up_down_up_on_postgres(pg_url: str) -> None:
    _up_down_up(pg_url)


def _audit_log_refuses_changes(url: str) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            event = audit.record(session, audit.SYSTEM, "test.event", "test", after={"n": 1})
            event_id = event.id
            session.commit()
        for statement in (
            "UPDATE audit_event SET action = 'tampered' WHERE id = :id",
            "DELETE FROM audit_event WHERE id = :id",
        ):
            with Session(engine) as session:
                with pytest.raises(DBAPIError, match="append-only"):
                    session.execute(text(statement), {"id": event_id})
                session.rollback()
        with Session(engine) as session:
            action = session.execute(
                text("SELECT action FROM audit_event WHERE id = :id"), {"id": event_id}
            ).scalar_one()
        assert action == "test.event"
    finally:
        engine.dispose()


def test_audit_log_refuses_update_and_delete_on_sqlite(db_url: str) -> None:
    _audit_log_refuses_changes(db_url)


@pytest.mark.postgres
def test_audit_log_refuses_update_and_delete_on_postgres(pg_url: str) -> None:
    schema.migrate(pg_url)
    _audit_log_refuses_changes(pg_url)


def _rule_writes_raise_the_version(url: str) -> None:
    """Every write to a rule table, by any path, raises rule_version (the rules' cache)."""
    engine = make_engine(url)
    version = text("SELECT version FROM rule_version WHERE id = 1")
    try:
        with engine.begin() as connection:
            before = connection.execute(version).scalar_one()
            connection.execute(
                text("UPDATE rule_setting SET value = value WHERE key = 'renewal_window_days'")
            )
            connection.execute(text("UPDATE renewal_option_part SET amount = amount + 0"))
            after_updates = connection.execute(version).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO rule_change (effective_on, payload_json, summary, status, "
                    "created_at) VALUES ('2030-01-01', '{}', 'test', 'pending', '2026-01-01')"
                )
            )
            after_insert = connection.execute(version).scalar_one()
            connection.execute(text("DELETE FROM rule_change WHERE summary = 'test'"))
            after_delete = connection.execute(version).scalar_one()
        assert before < after_updates < after_insert < after_delete
        with engine.connect() as connection:
            stamp = connection.execute(text("SELECT stamp FROM rule_version")).scalar_one()
        assert len(stamp) == 32
    finally:
        engine.dispose()


def test_rule_writes_raise_the_version_on_sqlite(db_url: str) -> None:
    _rule_writes_raise_the_version(db_url)


@pytest.mark.postgres
def test_rule_writes_raise_the_version_on_postgres(pg_url: str) -> None:
    schema.migrate(pg_url)
    _rule_writes_raise_the_version(pg_url)


def _profile_writes_raise_its_version(url: str) -> None:
    """Every write to what an educator's tracker page shows, by any path (ORM or SQL),
    raises that educator's profile_version and no other's (the tracker page's version)."""
    from datetime import date

    from sqlmodel import Session

    from licensure_app.models import EducatorProfile, License, PDActivity

    engine = make_engine(url)
    version = text("SELECT coalesce(max(version), 0) FROM profile_version WHERE profile_id = :p")
    try:
        with Session(engine, expire_on_commit=False) as s:
            mine, other = (
                EducatorProfile(educator_number=n, first_name="A", last_name="B")
                for n in ("E9000001", "E9000002")
            )
            s.add_all([mine, other])
            s.commit()
            seen = [s.exec(version, params={"p": mine.id}).scalar_one()]  # type: ignore[call-overload]

            def step(*rows: object, sql: str = "") -> None:
                s.add_all(rows)
                if sql:
                    s.exec(text(sql), params={"p": mine.id})  # type: ignore[call-overload]
                s.commit()
                seen.append(s.exec(version, params={"p": mine.id}).scalar_one())  # type: ignore[call-overload]

            day = date(2026, 1, 1)
            step(
                License(
                    license_number="9000001",
                    holder_id=mine.id or 0,
                    license_type="Standard",
                    license_class="A",
                    first_issued=day,
                    valid_from=day,
                    expires_on=date(2030, 1, 1),
                    status="active",
                )
            )
            step(sql="UPDATE license SET status = 'expired' WHERE holder_id = :p")
            step(
                PDActivity(
                    holder_id=mine.id or 0,
                    title="t",
                    provider="p",
                    kind="ceu",
                    amount=1,
                    completed_on=day,
                )
            )
            step(sql="UPDATE pd_activity SET verification = 'verified' WHERE holder_id = :p")
            step(sql="DELETE FROM pd_activity WHERE holder_id = :p")
            before_other = s.exec(version, params={"p": other.id}).scalar_one()  # type: ignore[call-overload]
            # A row moved to another educator raises both.
            s.exec(
                text("UPDATE license SET holder_id = :o WHERE holder_id = :p"),  # type: ignore[call-overload]
                params={"p": mine.id, "o": other.id},
            )
            s.commit()
            seen.append(s.exec(version, params={"p": mine.id}).scalar_one())  # type: ignore[call-overload]
            after_other = s.exec(version, params={"p": other.id}).scalar_one()  # type: ignore[call-overload]
        assert seen == sorted(set(seen)), seen  # strictly rising at every step
        assert after_other > before_other
    finally:
        engine.dispose()


def test_profile_writes_raise_its_version_on_sqlite(db_url: str) -> None:
    _profile_writes_raise_its_version(db_url)


@pytest.mark.postgres
def test_profile_writes_raise_its_version_on_postgres(pg_url: str) -> None:
    schema.migrate(pg_url)
    _profile_writes_raise_its_version(pg_url)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licensure_app.cli", *args],
        capture_output=True,
        text=True,
        cwd=settings.PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_cli_check_exits_1_on_an_unmigrated_database(unmigrated_url: str) -> None:
    result = _cli("check", "--db-url", unmigrated_url)
    assert result.returncode == 1
    assert "make migrate" in result.stderr
    assert _cli("migrate", "--db-url", unmigrated_url).returncode == 0
    result = _cli("check", "--db-url", unmigrated_url)
    assert result.returncode == 0, result.stderr


def test_the_app_refuses_to_start_on_an_unmigrated_database(unmigrated_url: str) -> None:
    """Importing the app module (what `reflex run` does first) fails with the command to run."""
    import subprocess
    import sys

    env = {**os.environ, "REFLEX_DB_URL": unmigrated_url}
    result = subprocess.run(
        [sys.executable, "-c", "import licensure_app.licensure_app"],
        capture_output=True,
        text=True,
        cwd=settings.PROJECT_ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "is not migrated" in result.stderr and "make migrate" in result.stderr


def test_the_tables_the_code_declares_are_the_tables_the_migrations_create(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import licensure_app.models  # noqa: F401  (registers every table)
    from licensure_app.db import make_engine

    engine = make_engine(db_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []
