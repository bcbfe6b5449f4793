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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Unit tests first, then the browser tests, whatever order pytest's fixture grouping
    chose: it moved the Playwright-parametrised tests between unit modules, and once the
    browser tests start Playwright keeps an event loop running in the main thread, which
    made later unit tests' `asyncio.run` fail (seen in CI). A stable sort keeps each
    group's own order."""
    items.sort(key=lambda item: "/e2e/" in f"/{item.nodeid}")
