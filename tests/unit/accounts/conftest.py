"""Fixtures of the account tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from licensure_app import db as app_db


@pytest.fixture
def app_database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The handlers' own database (app_db.session_scope) is the test's."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    yield db_url
    app_db.get_engine.cache_clear()
