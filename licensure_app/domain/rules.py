"""The renewal rules as plain values, and the SPEC defaults they start from.

The rule tables hold the values in force (`services/rules.load_rules` reads them); these
types carry them through the domain code without a database session.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionPart:
    """One amount an option needs, e.g. 5 of kind "ceu"."""

    kind: str
    amount: float


@dataclass(frozen=True)
class RenewalOptionRule:
    """One way to renew a category: every part must be met."""

    id: int
    category: str
    position: int
    parts: tuple[OptionPart, ...]


@dataclass(frozen=True)
class Rules:
    """Every active renewal option by category, and the named numeric settings."""

    options: dict[str, tuple[RenewalOptionRule, ...]]
    settings: dict[str, float]

    def setting(self, key: str) -> float:
        """The value of a named setting; KeyError naming the key when the table lacks it."""
        try:
            return self.settings[key]
        except KeyError:
            raise KeyError(f"Rule setting {key!r} is missing from the rule_setting table") from None

    def options_for(self, category: str) -> tuple[RenewalOptionRule, ...]:
        """The active options of a renewal category, by position (empty if none)."""
        return self.options.get(category, ())


# The defaults of SPEC section 3; they mirror what the initial migration seeds
# (tests/unit/test_rules_db.py checks that the two agree).
_DEFAULT_OPTIONS: dict[str, list[list[tuple[str, float]]]] = {
    "A": [
        [("ceu", 10)],
        [("semester_hours", 3), ("ceu", 5)],
        [("semester_hours", 6)],
        [("national_board", 1)],
    ],
    "AA": [[("ceu", 5)], [("semester_hours", 3)], [("national_board", 1)]],
    "AAA": [[("ceu", 5)], [("semester_hours", 3)], [("national_board", 1)]],
    "AAAA": [[("ceu", 5)], [("semester_hours", 3)], [("national_board", 1)]],
    "career_administrator": [
        [("semi_credits", 70)],
        [("semester_hours", 6)],
        [("semi_credits", 35), ("semester_hours", 3)],
        [("degree", 1)],
    ],
}
_DEFAULT_SETTINGS: dict[str, float] = {
    "standard_validity_years": 5,
    "renewal_window_days": 365,
    "min_activity_ceu": 0.5,
    "contact_hours_per_ceu": 10,
    "upgrade_window_min_days": 30,
    "upgrade_window_max_days": 60,
    "upgrade_min_years_experience": 4,
    "upgrade_min_years_mentoring": 2,
    "upgrade_min_pd_contact_hours": 30,
    "claim_max_failures": 3,
    "claim_lock_hours": 24,
    "queue_age_badge_days": 14,
    # Added by the approvals migration (5e1f0a7c9b21).
    "extension_years": 1,
    "provisional_validity_years": 3,
    # Added with the activity limits (d41f7a2c8e03): one activity's amount, per kind.
    "max_activity_ceu": 10,
    "min_activity_semester_hours": 1,
    "max_activity_semester_hours": 15,
    "min_activity_semi_credits": 1,
    "max_activity_semi_credits": 70,
}


def default_rules() -> Rules:
    """The SPEC defaults without a database (ids numbered like the migration seeds them)."""
    options: dict[str, tuple[RenewalOptionRule, ...]] = {}
    next_id = 1
    for category, option_parts in _DEFAULT_OPTIONS.items():
        built = []
        for position, parts in enumerate(option_parts, start=1):
            built.append(
                RenewalOptionRule(
                    id=next_id,
                    category=category,
                    position=position,
                    parts=tuple(OptionPart(kind, float(amount)) for kind, amount in parts),
                )
            )
            next_id += 1
        options[category] = tuple(built)
    return Rules(options=options, settings={k: float(v) for k, v in _DEFAULT_SETTINGS.items()})
