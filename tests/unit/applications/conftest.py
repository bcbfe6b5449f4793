from __future__ import annotations

import pytest
from sqlmodel import Session

from .application_world import make_world


@pytest.fixture
def world(session: Session) -> dict:
    return make_world(session)
