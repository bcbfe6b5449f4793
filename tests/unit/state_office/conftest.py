"""The world the state office's tests share: two districts, their superintendents, state
staff and a teacher of Magnolia (tests/unit/approval_world.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from approval_world import Educator, World, add_educator, build_world
from sqlmodel import Session, col, select

from licensure_app.models import AuditEvent


@pytest.fixture(autouse=True)
def _uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def teacher(session: Session, world: World) -> Educator:
    return add_educator(session, "riley@example.org", world.magnolia_id, "500100")


@pytest.fixture
def actions(session: Session) -> Callable[[str], list[AuditEvent]]:
    """The audit events whose action starts with a prefix."""

    def starting_with(prefix: str) -> list[AuditEvent]:
        return list(
            session.exec(select(AuditEvent).where(col(AuditEvent.action).startswith(prefix))).all()
        )

    return starting_with
