"""One activity counts within its kind's limits (rule data), with errors people understand."""

from __future__ import annotations

import pytest

from licensure_app.domain.activity_limits import amount_problem, limits
from licensure_app.domain.rules import Rules, default_rules

RULES = default_rules()


@pytest.mark.parametrize(
    ("kind", "amount", "problem"),
    [
        ("ceu", 500, "Enter at most 10 CEUs for one activity"),
        ("ceu", 10, ""),
        ("ceu", 0.4, "Enter at least 0.5 CEU (5 contact hours)"),
        ("semester_hours", 0.1, "Enter at least 1 semester hour."),
        ("semester_hours", 3, ""),
        ("semester_hours", 16, "Enter at most 15 semester hours for one activity"),
        ("semi_credits", 71, "Enter at most 70 SEMI credits for one activity"),
        ("semi_credits", 35, ""),
        ("national_board", 2, "Enter 1: a certification or degree counts once."),
        ("degree", 1, ""),
    ],
)
def test_amounts_outside_the_kind_limits_are_refused(
    kind: str, amount: float, problem: str
) -> None:
    found = amount_problem(kind, amount, RULES)
    assert found.startswith(problem) if problem else found == ""


def test_the_limits_are_rule_data_state_staff_can_change() -> None:
    changed = Rules(RULES.options, {**RULES.settings, "max_activity_ceu": 20.0})
    assert limits("ceu", changed) == (0.5, 20.0)
    assert amount_problem("ceu", 15, changed) == ""
    assert limits("degree", changed) is None
