"""Activities: the form checks, ownership, and the rows the list shows."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from licensure_app.domain.rules import default_rules
from licensure_app.models import PDActivity
from licensure_app.services import pd

from .pd_world import ACTOR, TODAY, educator, form


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"amount": "0.4"}, "amount", "at least 0.5 CEU (5 contact hours)"),
        ({"amount": "0.49"}, "amount", "at least 0.5 CEU"),
        ({"amount": "-1"}, "amount", "as a number"),
        ({"amount": "nan"}, "amount", "as a number"),
        ({"amount": "abc"}, "amount", "as a number"),
        ({"amount": "1e9"}, "amount", "at most"),
        ({"completed_on": "2026-11-25"}, "completed_on", "cannot be in the future"),
        ({"completed_on": "yesterday"}, "completed_on", "Enter the date"),
        ({"title": "  "}, "title", "Enter the title"),
        ({"provider": ""}, "provider", "Enter who provided it"),
        ({"kind": "bitcoin"}, "kind", "Choose the kind"),
        ({"kind": "national_board", "amount": "2"}, "amount", "counts once"),
        # Impossible amounts for one activity (issue 13: 500 CEUs met a renewal at once).
        ({"amount": "500"}, "amount", "Enter at most 10 CEUs for one activity"),
        ({"kind": "semester_hours", "amount": "0.1"}, "amount", "at least 1 semester hour"),
        ({"kind": "semi_credits", "amount": "71"}, "amount", "at most 70 SEMI credits"),
    ],
)
def test_validation_names_the_field(overrides: dict, field: str, text: str) -> None:
    clean, errors = pd.validate_activity(form(**overrides), TODAY, default_rules())
    assert clean is None
    assert text in errors[field]


@pytest.mark.parametrize(
    ("overrides", "amount"),
    [
        ({"amount": "0.5"}, 0.5),
        ({"amount": "1,5"}, 1.5),
        ({"kind": "semester_hours", "amount": "1.5"}, 1.5),
        ({"kind": "national_board", "amount": ""}, 1.0),
        ({"completed_on": "2026-11-24"}, 1.5),
    ],
)
def test_valid_activities(overrides: dict, amount: float) -> None:
    clean, errors = pd.validate_activity(form(**overrides), TODAY, default_rules())
    assert errors == {} and clean is not None and clean.amount == amount


def test_cannot_touch_another_educators_or_state_loaded_activity(session: Session) -> None:
    mine = educator(session, "E0000001")
    theirs = educator(session, "E0000002")
    other = pd.add_activity(session, ACTOR, theirs, form(), TODAY)
    session.commit()
    assert (
        pd.delete_activity(session, ACTOR, mine, other.activity_id)
        == "That activity was not found."
    )
    result = pd.update_activity(
        session, ACTOR, mine, other.activity_id, form(title="Hijack"), TODAY
    )
    assert result.errors == {"form": "That activity was not found."}
    loaded = PDActivity(
        holder_id=mine,
        title="SEMI",
        provider="MDE",
        kind="semi_credits",
        amount=10,
        completed_on=TODAY,
        source="state_semi",
        load_key="k1",
    )
    session.add(loaded)
    session.commit()
    assert "cannot be changed" in (pd.delete_activity(session, ACTOR, mine, loaded.id or 0) or "")
    rows = pd.activity_rows(session, mine)
    assert rows[0].editable is False and rows[0].source == "State load (SEMI)"
