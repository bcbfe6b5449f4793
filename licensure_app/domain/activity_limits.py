"""How much one professional development activity may count, per kind (rule data).

A single activity of 500 CEUs or 0.1 semester hours is a typing error or an abuse, not a
course: each measured kind has a minimum and a maximum per activity in the rule settings
(`min_activity_<kind>`, `max_activity_<kind>`); a National Board certification or a degree
counts exactly once.
"""

from __future__ import annotations

from .formatting import format_amount
from .renewal import ACHIEVEMENT_KINDS, unit_label
from .rules import Rules

MEASURED_KINDS = ("ceu", "semester_hours", "semi_credits")


def limits(kind: str, rules: Rules) -> tuple[float, float] | None:
    """(least, most) one activity of `kind` may count; None for achievements."""
    if kind not in MEASURED_KINDS:
        return None
    return rules.setting(f"min_activity_{kind}"), rules.setting(f"max_activity_{kind}")


def amount_problem(kind: str, amount: float, rules: Rules) -> str:
    """What is wrong with `amount` for one activity of `kind`, in plain words ("" if nothing)."""
    if kind in ACHIEVEMENT_KINDS:
        return "" if amount == 1 else "Enter 1: a certification or degree counts once."
    bounds = limits(kind, rules)
    if bounds is None:
        return ""
    least, most = bounds
    if amount + 1e-9 < least:
        if kind == "ceu":
            hours = least * rules.setting("contact_hours_per_ceu")
            return (
                f"Enter at least {format_amount(least)} CEU "
                f"({format_amount(hours)} contact hours): shorter activities are not accepted."
            )
        return f"Enter at least {format_amount(least)} {unit_label(kind, least)}."
    if amount > most + 1e-9:
        return (
            f"Enter at most {format_amount(most)} {unit_label(kind, most)} for one activity; "
            "record a longer program as its separate courses or sessions."
        )
    return ""
