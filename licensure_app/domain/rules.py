"""The renewal rules as plain values, and the SPEC defaults they start from.

The rule tables hold the values in force (`services/rules.load_rules` reads them); these
types carry them through the domain code without a database session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date


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


# ---------------------------------------------------------------- changes with effective dates
#
# A change effective on date D applies to validity cycles that end on or after D, i.e. to
# licenses whose `expires_on >= D`; a license expiring before D keeps the rules as they were.

CHANGE_SETTING = "setting"  # target: the setting's key
CHANGE_PART = "part"  # target: "<option id>:<kind>", the amount of one part of an option
CHANGE_OPTION = "option"  # target: the option's id; 1 offered, 0 withdrawn
CHANGE_KINDS = (CHANGE_SETTING, CHANGE_PART, CHANGE_OPTION)


@dataclass(frozen=True)
class RuleChange:
    """One change to the rules: `target` goes from `before` to `after`. An option change
    carries the option (category, position, parts) so that offering it can add it."""

    kind: str
    target: str
    before: float
    after: float
    option: RenewalOptionRule | None = None

    def inverse(self) -> RuleChange:
        return replace(self, before=self.after, after=self.before)

    def to_json(self) -> str:
        data: dict[str, object] = {
            "kind": self.kind,
            "target": self.target,
            "before": self.before,
            "after": self.after,
        }
        if self.option is not None:
            data["option"] = {
                "id": self.option.id,
                "category": self.option.category,
                "position": self.option.position,
                "parts": [[p.kind, p.amount] for p in self.option.parts],
            }
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RuleChange:
        data = json.loads(text)
        raw = data.get("option")
        option = (
            RenewalOptionRule(
                id=int(raw["id"]),
                category=str(raw["category"]),
                position=int(raw["position"]),
                parts=tuple(OptionPart(str(k), float(a)) for k, a in raw["parts"]),
            )
            if raw
            else None
        )
        return cls(
            kind=str(data["kind"]),
            target=str(data["target"]),
            before=float(data["before"]),
            after=float(data["after"]),
            option=option,
        )


@dataclass(frozen=True)
class DatedChange:
    """A recorded change: pending (not yet in the live tables) or applied (in them)."""

    id: int
    effective_on: date
    applied: bool
    change: RuleChange


def _replace_options(rules: Rules, category: str, options: Iterable[RenewalOptionRule]) -> Rules:
    ordered = tuple(sorted(options, key=lambda o: (o.position, o.id)))
    merged = {k: v for k, v in rules.options.items() if k != category}
    if ordered:
        merged[category] = ordered
    return Rules(options=merged, settings=rules.settings)


def _with_part_amount(rules: Rules, option_id: int, kind: str, amount: float) -> Rules:
    for category, options in rules.options.items():
        if any(o.id == option_id for o in options):
            changed = [
                replace(
                    o,
                    parts=tuple(
                        replace(p, amount=amount) if p.kind == kind else p for p in o.parts
                    ),
                )
                if o.id == option_id
                else o
                for o in options
            ]
            return _replace_options(rules, category, changed)
    return rules


def _with_option(rules: Rules, option: RenewalOptionRule, offered: bool) -> Rules:
    others = [o for o in rules.options_for(option.category) if o.id != option.id]
    return _replace_options(rules, option.category, [*others, option] if offered else others)


def apply_change(rules: Rules, change: RuleChange) -> Rules:
    """The rules with one change made (a pure transform; unknown targets change nothing)."""
    if change.kind == CHANGE_SETTING:
        return Rules(
            options=rules.options, settings={**rules.settings, change.target: change.after}
        )
    if change.kind == CHANGE_PART:
        option_id, _, kind = change.target.partition(":")
        return _with_part_amount(rules, int(option_id), kind, change.after)
    if change.kind == CHANGE_OPTION and change.option is not None:
        return _with_option(rules, change.option, bool(change.after))
    return rules


def rules_in_force(live: Rules, changes: Iterable[DatedChange], on: date) -> Rules:
    """The rules for a cycle ending on `on`: the live rules with the applied changes that
    took effect after `on` undone (newest first) and the pending changes effective on or
    before `on` made (oldest first)."""
    listed = sorted(changes, key=lambda c: (c.effective_on, c.id))
    rules = live
    for dated in reversed(listed):
        if dated.applied and dated.effective_on > on:
            rules = apply_change(rules, dated.change.inverse())
    for dated in listed:
        if not dated.applied and dated.effective_on <= on:
            rules = apply_change(rules, dated.change)
    return rules


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
