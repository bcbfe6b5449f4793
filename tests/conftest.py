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
from licensure_app.services import schema  # noqa: E402


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
