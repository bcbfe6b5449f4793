"""Fixtures of the approval tests: the small world of `approval_world` and a teacher in it."""

from __future__ import annotations

import pytest
from approval_world import teacher, uploads_in_tmp, world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _uploads(uploads_in_tmp: None) -> None:
    """Every test here writes evidence to its own temporary folder."""
