"""A rule change planned from the Rules tab's forms: validated exactly as saving validates
it, and previewed with what it does to educators' trackers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_amount, format_date
from licensure_app.domain.rules import CHANGE_PART, CHANGE_SETTING, RuleChange
from licensure_app.infra import clock
from licensure_app.models import PD_KINDS, RenewalOption, RenewalOptionPart, RuleSetting
from licensure_app.services.pd import ACHIEVEMENT_KINDS
from licensure_app.services.rules import load_rules, load_timeline

from . import rule_changes
from .rule_changes import PlannedChange
from .rule_effects import tracker_effect

CATEGORY_LABELS = {
    "A": "Class A",
    "AA": "Class AA",
    "AAA": "Class AAA",
    "AAAA": "Class AAAA",
    "career_administrator": "Career administrator",
}
# key -> (minimum, maximum, whole numbers only). Unknown keys: any positive number.
SETTING_BOUNDS: dict[str, tuple[float, float, bool]] = {
    "standard_validity_years": (1, 10, True),
    "renewal_window_days": (1, 730, True),
    "min_activity_ceu": (0.1, 10, False),
    "contact_hours_per_ceu": (1, 100, False),
    "upgrade_window_min_days": (0, 365, True),
    "upgrade_window_max_days": (1, 365, True),
    "upgrade_min_years_experience": (0, 40, False),
    "upgrade_min_years_mentoring": (0, 40, False),
    "upgrade_min_pd_contact_hours": (0, 1000, False),
    "claim_max_failures": (1, 20, True),
    "claim_lock_hours": (1, 168, False),
    "queue_age_badge_days": (1, 365, True),
    "extension_years": (1, 5, True),
    "provisional_validity_years": (1, 9, True),
    "max_activity_ceu": (1, 100, False),
    "min_activity_semester_hours": (0.5, 15, False),
    "max_activity_semester_hours": (1, 60, False),
    "min_activity_semi_credits": (0.5, 70, False),
    "max_activity_semi_credits": (1, 200, False),
}
# Settings that shape only approvers' or claimants' experience, not any educator's renewal.
_NO_EDUCATOR_EFFECT = {"queue_age_badge_days", "claim_max_failures", "claim_lock_hours"}
NOTHING_CHANGED = "Nothing changed."
NO_SUCH_OPTION = "That option was not found."


@dataclass(frozen=True)
class RulePreview:
    ok: bool
    message: str
    affected: int  # educators whose tracker changes
    newly_met: int = 0
    no_longer_met: int = 0


def number(text: str) -> float | None:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# ---------------------------------------------------------------- planning a change


@dataclass(frozen=True)
class Planned:
    """A change validated for saving, or why not (`problem`, by field in `errors`); neither
    when the value is the one already in force."""

    change: PlannedChange | None = None
    problem: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _refused(problem: str, field_name: str) -> Planned:
    return Planned(problem=problem, errors={field_name: problem})


def _setting_problem(settings: dict[str, float], key: str, value: float | None) -> str | None:
    if value is None:
        return "Enter a number."
    low, high, whole = SETTING_BOUNDS.get(key, (0.0, 100000.0, False))
    if whole and value != int(value):
        return "Enter a whole number."
    if not low <= value <= high:
        return f"Enter a number from {format_amount(low)} to {format_amount(high)}."
    current = {**settings, key: value}
    if current.get("upgrade_window_min_days", 0) >= current.get("upgrade_window_max_days", 1e9):
        return "The upgrade window's earliest day must come before its latest day."
    if current.get("provisional_validity_years", 0) >= current.get("standard_validity_years", 1e9):
        return "A provisional license must be valid for fewer years than a standard one."
    for kind in ("ceu", "semester_hours", "semi_credits"):
        if current.get(f"min_activity_{kind}", 0) > current.get(f"max_activity_{kind}", 1e9):
            return "The least one activity may count must not be more than the most."
    return None


def part_problem(kind: str, amount: float | None) -> str | None:
    if kind not in PD_KINDS:
        return "Choose the kind."
    if amount is None or not 0 < amount <= 1000:
        return "Enter an amount from 0.1 to 1000."
    if kind in ACHIEVEMENT_KINDS and amount != 1:
        return "A certification or degree counts once: enter 1."
    return None


def plan_setting(
    session: Session, key: str, value_text: str, effective_text: str, today: date
) -> Planned:
    """Validate a setting change as saving it does (the preview uses the same checks)."""
    row = session.exec(select(RuleSetting).where(RuleSetting.key == key)).first()
    if row is None:
        return _refused("That setting was not found.", "setting_key")
    day, date_problem = rule_changes.effective_on(effective_text, today)
    if day is None:
        return _refused(date_problem, "effective_on")
    value = number(value_text)
    timeline = load_timeline(session, day)
    # Checked against the rules of every cycle it reaches: from its date, and from each
    # later scheduled change.
    later = sorted({c.effective_on for c in timeline.changes if c.effective_on > day})
    for cycle_day in (day, *later):
        problem = _setting_problem(timeline.on(cycle_day).settings, key, value)
        if problem or value is None:
            return _refused(problem or "Enter a number.", key)
    before = timeline.on(day).settings.get(key, row.value)
    if before == value:
        return Planned()
    name = row.description or key
    return Planned(
        PlannedChange(
            RuleChange(CHANGE_SETTING, key, before, value),
            day,
            f"{name}: {format_amount(before)} → {format_amount(value)}",
        )
    )


def plan_part(
    session: Session, part_id: int, amount_text: str, effective_text: str, today: date
) -> Planned:
    part = session.get(RenewalOptionPart, part_id) if part_id else None
    option = session.get(RenewalOption, part.option_id) if part else None
    if part is None or option is None:
        return _refused("That part of an option was not found.", "part_id")
    day, date_problem = rule_changes.effective_on(effective_text, today)
    if day is None:
        return _refused(date_problem, "effective_on")
    amount = number(amount_text)
    problem = part_problem(part.kind, amount)
    if problem or amount is None:
        return _refused(problem or "Enter an amount.", str(part_id))
    in_force = next(
        (o for o in load_rules(session, day).options_for(option.category) if o.id == option.id),
        None,
    )
    before = next(
        (p.amount for p in (in_force.parts if in_force else ()) if p.kind == part.kind),
        part.amount,
    )
    if before == amount:
        return Planned()
    label = f"{CATEGORY_LABELS.get(option.category, option.category)} option {option.position}"
    return Planned(
        PlannedChange(
            RuleChange(CHANGE_PART, f"{option.id}:{part.kind}", before, amount),
            day,
            f"{label}: {format_amount(before)} → {format_amount(amount)} "
            f"{renewal.unit_label(part.kind, amount)}",
            option.category,
        )
    )


# ---------------------------------------------------------------- previews and saving


def _preview(session: Session, planned: Planned, today: date, affects: bool = True) -> RulePreview:
    if planned.change is None:
        return RulePreview(False, planned.problem or NOTHING_CHANGED, 0)
    change = planned.change
    when = (
        "from today"
        if change.effective_on <= today
        else f"from {format_date(change.effective_on)}, for licenses expiring on or after it"
    )
    if not affects:
        return RulePreview(True, f"{change.summary}, {when}. No educator's tracker changes.", 0)
    effect = tracker_effect(session, change, today)
    return RulePreview(
        True,
        f"{change.summary}, {when}. {effect.changed:,} educators' trackers change: "
        f"{effect.newly_met:,} newly met, {effect.no_longer_met:,} no longer met.",
        effect.changed,
        effect.newly_met,
        effect.no_longer_met,
    )


def preview_setting(
    session: Session, key: str, value_text: str, effective_text: str = "", today: date | None = None
) -> RulePreview:
    """Whether the new value would be saved, and what it does to educators' trackers."""
    today = today or clock.today()
    planned = plan_setting(session, key, value_text, effective_text, today)
    return _preview(session, planned, today, key not in _NO_EDUCATOR_EFFECT)


def preview_part(
    session: Session,
    part_id: int,
    amount_text: str,
    effective_text: str = "",
    today: date | None = None,
) -> RulePreview:
    today = today or clock.today()
    return _preview(session, plan_part(session, part_id, amount_text, effective_text, today), today)
