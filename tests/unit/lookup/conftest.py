"""The `people` fixture: a few holders with tricky names."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from licensure_app.models import EducatorProfile, License

from .holders import person


@pytest.fixture
def people(session: Session) -> dict[str, License]:
    """A few holders with tricky names; returns each one's first license by a short label."""
    made = {
        "avery": person(session, "Avery", "Thompson", middle="Lynn"),
        "ben": person(session, "Ben", "Thompson"),
        "thomas": person(session, "Thomas", "Avery"),
        "jordan": person(session, "Jordan", "Rivera"),
        "munoz": person(session, "José", "Muñoz"),
        "nunez": person(session, "Inés", "Núñez"),
        "vdb": person(session, "Anne-Marie", "Van der Berg"),
        "billy": person(session, "Billy Ray", "Smith"),
        "obrien": person(session, "Zoë", "O\u2019Brien"),
    }
    # Registered without a license (or before claiming one): never a look-up result.
    session.add(
        EducatorProfile(
            educator_number="E-NOLICENSE",
            first_name="Avery",
            last_name="Thompsen",
            first_name_key="avery",
            last_name_key="thompsen",
        )
    )
    session.commit()
    return {label: licenses[0] for label, (_, licenses) in made.items()}
