"""The renewal rules as plain values, loaded from the rule tables (or built from the defaults)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ..models import RenewalOption, RenewalOptionPart, RuleSetting


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


# Read on every tracker, renewal and approval view: plain columns from statements built
# once (SQLAlchemy caches their compiled form) cost a fraction of loading ORM objects.
# Inner join: an option without parts would be met by anything, so it is left out.
_ACTIVE_OPTION_PARTS = (
    select(
        col(RenewalOption.id),
        col(RenewalOption.category),
        col(RenewalOption.position),
        col(RenewalOptionPart.kind),
        col(RenewalOptionPart.amount),
    )
    .join(RenewalOptionPart, col(RenewalOptionPart.option_id) == col(RenewalOption.id))
    .where(col(RenewalOption.is_active).is_(True))
    .order_by(
        col(RenewalOption.category),
        col(RenewalOption.position),
        col(RenewalOptionPart.id),
    )
)
_SETTINGS = select(col(RuleSetting.key), col(RuleSetting.value))


def load_rules(session: Session) -> Rules:
    """Read the active options (with their parts) and every setting: two queries."""
    heads: dict[int, tuple[str, int]] = {}
    parts_by_option: dict[int, list[OptionPart]] = {}
    # Through the session's connection: Core rows, without the ORM's per-statement work.
    connection = session.connection()
    for option_id, category, position, kind, amount in connection.execute(_ACTIVE_OPTION_PARTS):
        heads.setdefault(option_id, (category, position))
        parts_by_option.setdefault(option_id, []).append(OptionPart(kind, float(amount)))
    options: dict[str, list[RenewalOptionRule]] = {}
    # Dicts keep insertion order, so categories and positions stay as the query sorted them.
    for option_id, (category, position) in heads.items():
        options.setdefault(category, []).append(
            RenewalOptionRule(
                id=option_id,
                category=category,
                position=position,
                parts=tuple(parts_by_option[option_id]),
            )
        )
    settings = {key: float(value) for key, value in connection.execute(_SETTINGS)}
    return Rules(options={k: tuple(v) for k, v in options.items()}, settings=settings)


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
