"""The world the state office's tests share: two districts, their superintendents, state
staff and a teacher of Magnolia (tests/unit/approval_world.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from approval_world import (  # noqa: F401  (fixtures)
    Educator,
    World,
    add_educator,
    build_world,
    teacher,
    uploads_in_tmp,
    world,
)
from sqlmodel import Session, col, select

from licensure_app import db as app_db
from licensure_app.models import AuditEvent
from licensure_app.services import accounts


@pytest.fixture(autouse=True)
def _uploads(uploads_in_tmp: None) -> None:
    """Every test here writes evidence to its own temporary folder."""


@pytest.fixture
def actions(session: Session) -> Callable[[str], list[AuditEvent]]:
    """The audit events whose action starts with a prefix."""

    def starting_with(prefix: str) -> list[AuditEvent]:
        return list(
            session.exec(select(AuditEvent).where(col(AuditEvent.action).startswith(prefix))).all()
        )

    return starting_with


@pytest.fixture
def app_world(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, str]]:
    """The world in the database the app's handlers use, and a state staff session."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    with app_db.session_scope() as session:
        built = build_world(session)
        token = accounts.open_session(session, built.state.id or 0, second_factor=True)
    yield built, token
    app_db.get_engine.cache_clear()
