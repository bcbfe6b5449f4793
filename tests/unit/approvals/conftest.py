"""Fixtures of the approval tests: the small world of `approval_world` and a teacher in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from approval_world import Educator, World, add_educator, build_world
from sqlmodel import Session


@pytest.fixture(autouse=True)
def _uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def teacher(session: Session, world: World) -> Educator:
    return add_educator(session, "riley@example.org", world.magnolia_id, "500100")
