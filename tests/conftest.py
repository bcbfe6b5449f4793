"""Fixtures shared by every test: a fresh migrated SQLite database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests may lower the argon2 cost (production never sets this); set before anything hashes.
os.environ.setdefault("LICENSURE_ARGON2_FAST", "1")

from sqlmodel import Session  # noqa: E402

from licensure_app.db import make_engine  # noqa: E402
from licensure_app.infra import schema  # noqa: E402
from tests.support import throwaway_postgres  # noqa: E402


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'test.db'}"
    schema.migrate(url)
    return url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A scratch PostgreSQL database, created for the test and dropped after it.

    Skipped unless LICENSURE_TEST_POSTGRES_URL is set (CI sets it)."""
    base = os.environ.get("LICENSURE_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("LICENSURE_TEST_POSTGRES_URL is not set")
    with throwaway_postgres(base, "licensure_test") as url:
        yield url


@pytest.fixture
def pg_migrated_url(pg_url: str) -> str:
    """The scratch PostgreSQL database, migrated to head."""
    schema.migrate(pg_url)
    return pg_url
