"""Renewal math: which activities count, progress on each option, and whether one can renew.

Pure functions over plain frozen dataclasses, so pages, states and tests need no ORM rows.
Every number comes from `Rules` (the rule tables); none is written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .formatting import format_amount, format_date
from .rules import RenewalOptionRule, Rules

if TYPE_CHECKING:
    from licensure_app.models import License, PDActivity

CAREER_ADMINISTRATOR = "career_administrator"
ADMINISTRATOR_TYPE = "Administrator"
PROVISIONAL_TYPE = "Provisional"
ACTIVE_STATUS = "active"
NOT_ACCEPTED = "not_accepted"

# Float sums of amounts such as 0.1 + 0.2 must compare equal to 0.3.
_EPS = 1e-9

_UNITS: dict[str, tuple[str, str]] = {
    "ceu": ("CEU", "CEUs"),
    "semester_hours": ("semester hour", "semester hours"),
    "semi_credits": ("SEMI credit", "SEMI credits"),
    "national_board": ("National Board certification", "National Board certifications"),
    "degree": ("specialist or doctoral degree", "specialist or doctoral degrees"),
}
# Kinds that are one achievement rather than an amount: "National Board certification",
# not "1 National Board certification".
_ACHIEVEMENT_KINDS = frozenset({"national_board", "degree"})


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class LicenseFacts:
    """What the renewal rules need to know about a license."""

    license_id: int
    license_number: str
    license_type: str
    license_class: str
    valid_from: date
    expires_on: date
    status: str

    @classmethod
    def from_row(cls, license: License) -> LicenseFacts:
        if license.id is None:
            raise ValueError("The license has not been saved yet (no id)")
        return cls(
            license_id=license.id,
            license_number=license.license_number,
            license_type=license.license_type,
            license_class=license.license_class,
            valid_from=license.valid_from,
            expires_on=license.expires_on,
            status=license.status,
        )


@dataclass(frozen=True)
class ActivityFacts:
    """What the renewal rules need to know about one professional development activity."""

    activity_id: int
    title: str
    kind: str
    amount: float
    completed_on: date
    verification: str = "unverified"
    verification_reason: str = ""

    @classmethod
    def from_row(cls, activity: PDActivity) -> ActivityFacts:
        if activity.id is None:
            raise ValueError("The activity has not been saved yet (no id)")
        return cls(
            activity_id=activity.id,
            title=activity.title,
            kind=activity.kind,
            amount=float(activity.amount),
            completed_on=activity.completed_on,
            verification=activity.verification,
            verification_reason=activity.verification_reason,
        )


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class ActivityCount:
    """Whether one activity counts toward this renewal, and if not, why (plain English)."""

    activity_id: int
    counts: bool
    reason: str


@dataclass(frozen=True)
class PartProgress:
    kind: str
    required: float
    counted: float
    remaining: float
    fraction: float
    progress_text: str
    remaining_text: str


@dataclass(frozen=True)
class OptionProgress:
    option_id: int
    position: int
    label: str
    parts: tuple[PartProgress, ...]
    met: bool
    # Mean of the part fractions (each capped at 1): 1.0 exactly when met, and a combined
    # option shows the progress made on each part (the minimum would show 0 for
    # "3 semester hours + 5 CEUs" while 5 CEUs are already done).
    fraction: float
    is_closest: bool


@dataclass(frozen=True)
class RenewalProgress:
    license_id: int
    category: str
    options: tuple[OptionProgress, ...]
    closest_option_id: int | None
    met_option_ids: tuple[int, ...]
    is_met: bool
    activity_counts: tuple[ActivityCount, ...]
    can_renew: bool
    renewable_problem: str | None
    window_opens_on: date
    summary: str


# ---------------------------------------------------------------- wording


def renewal_category(license_type: str, license_class: str) -> str:
    """Administrators renew by their own options; everyone else by their class."""
    if license_type == ADMINISTRATOR_TYPE:
        return CAREER_ADMINISTRATOR
    return license_class


def unit_label(kind: str, amount: float) -> str:
    """The unit of `kind` for `amount`: singular exactly when amount == 1."""
    singular, plural = _UNITS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    return singular if amount == 1 else plural


def _amount_phrase(kind: str, amount: float, *, in_sentence: bool = False) -> str:
    """ "5 CEUs", "3 semester hours", "National Board certification"; inside a sentence a
    degree reads "a specialist or doctoral degree"."""
    if kind in _ACHIEVEMENT_KINDS and amount == 1:
        label = unit_label(kind, 1)
        return f"a {label}" if in_sentence and kind == "degree" else label
    return f"{format_amount(amount)} {unit_label(kind, amount)}"


def option_label(option: RenewalOptionRule) -> str:
    """ "3 semester hours + 5 CEUs", "10 CEUs", "National Board certification"."""
    return " + ".join(_amount_phrase(p.kind, p.amount) for p in option.parts)


def requirement_sentence(category: str, rules: Rules) -> str:
    """ "10 CEUs, or 3 semester hours and 5 CEUs, or 6 semester hours, or National Board
    certification" for help text."""
    return ", or ".join(
        " and ".join(_amount_phrase(p.kind, p.amount, in_sentence=True) for p in option.parts)
        for option in rules.options_for(category)
    )


# ---------------------------------------------------------------- dates


def _anniversary(d: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls on 1 March in common years, so
    a period starting on 29 February still ends on the last day of February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return date(d.year + years, 3, 1)


def _validity_years(rules: Rules) -> int:
    return int(rules.setting("standard_validity_years"))


def is_provisional(license: LicenseFacts, rules: Rules) -> bool:
    """Provisional by type, or issued for less than the standard number of years.

    The period is inclusive (1 July 2022 to 30 June 2027 is five full years), so it is short
    when the anniversary of valid_from falls after the day following expires_on.
    """
    if license.license_type == PROVISIONAL_TYPE:
        return True
    end_of_full_period = _anniversary(license.valid_from, _validity_years(rules))
    return end_of_full_period > license.expires_on + timedelta(days=1)


def renewal_window_opens(expires_on: date, rules: Rules) -> date:
    """The first day a renewal may be filed."""
    return expires_on - timedelta(days=int(rules.setting("renewal_window_days")))


def upgrade_window(expires_on: date, rules: Rules) -> tuple[date, date]:
    """First and last day (inclusive) an upgrade may be filed."""
    return (
        expires_on - timedelta(days=int(rules.setting("upgrade_window_max_days"))),
        expires_on - timedelta(days=int(rules.setting("upgrade_window_min_days"))),
    )


def next_validity_period(expires_on: date, rules: Rules) -> tuple[date, date]:
    """The period a renewal grants: from the day after expiry, for the standard years."""
    valid_from = expires_on + timedelta(days=1)
    return valid_from, _anniversary(valid_from, _validity_years(rules)) - timedelta(days=1)


# ---------------------------------------------------------------- counting


def _kinds_used(category: str, rules: Rules) -> set[str]:
    return {p.kind for option in rules.options_for(category) for p in option.parts}


def activity_status(
    activity: ActivityFacts,
    license: LicenseFacts,
    rules: Rules,
    already_counted_ids: frozenset[int] = frozenset(),
) -> ActivityCount:
    """Whether `activity` counts toward renewing `license`; the first reason it does not."""
    reason = ""
    category = renewal_category(license.license_type, license.license_class)
    if activity.verification == NOT_ACCEPTED:
        detail = activity.verification_reason.strip()
        reason = f"not accepted: {detail}" if detail else "not accepted"
    elif not (math.isfinite(activity.amount) and activity.amount > 0):
        # The database refuses such amounts; an activity built in code must not count either.
        reason = "its amount is not a positive number"
    elif activity.activity_id in already_counted_ids:
        reason = "already counted toward an earlier renewal"
    elif activity.completed_on < license.valid_from:
        reason = (
            "completed before this license's validity period began "
            f"on {format_date(license.valid_from)}"
        )
    elif activity.completed_on > license.expires_on:
        reason = f"completed after this license expires on {format_date(license.expires_on)}"
    elif activity.kind not in _kinds_used(category, rules):
        reason = f"{unit_label(activity.kind, 2)} do not count toward renewing this license"
    elif activity.kind == "ceu":
        minimum = rules.setting("min_activity_ceu")
        if activity.amount < minimum - _EPS:
            hours = minimum * rules.setting("contact_hours_per_ceu")
            hour_word = "contact hour" if round(hours, 2) == 1 else "contact hours"
            reason = (
                f"under the minimum of {format_amount(minimum)} CEU "
                f"({format_amount(hours)} {hour_word})"
            )
    return ActivityCount(activity.activity_id, counts=not reason, reason=reason)


def _part_progress(kind: str, required: float, counted: float) -> PartProgress:
    remaining = round(max(0.0, required - counted), 6)
    if remaining < _EPS:
        remaining = 0.0
    fraction = 1.0 if required <= 0 else min(1.0, max(0.0, counted / required))
    if remaining == 0.0:
        fraction = 1.0  # 0.1 + 0.2 of 0.3 is met, whatever the float says
    return PartProgress(
        kind=kind,
        required=required,
        counted=counted,
        remaining=remaining,
        fraction=fraction,
        progress_text=(
            f"{format_amount(counted)} of {format_amount(required)} {unit_label(kind, required)}"
        ),
        remaining_text=f"{format_amount(remaining)} remaining",
    )


def _still_needed(option: OptionProgress) -> str:
    """What an unmet option still needs: "2 more CEUs", "3 semester hours and 5 CEUs"."""
    phrases = []
    for part in option.parts:
        if part.remaining == 0:
            continue
        phrase = _amount_phrase(part.kind, part.remaining, in_sentence=True)
        if part.counted > 0 and part.kind not in _ACHIEVEMENT_KINDS:
            phrase = f"{format_amount(part.remaining)} more {unit_label(part.kind, part.remaining)}"
        phrases.append(phrase)
    return " and ".join(phrases)


def _needs_sentence(options: Sequence[OptionProgress]) -> str:
    """ "2 more CEUs, or 3 semester hours, or National Board certification" (closest first)."""
    ordered = sorted(options, key=lambda o: (not o.is_closest, o.position))
    return ", or ".join(_still_needed(o) for o in ordered)


def evaluate(
    license: LicenseFacts,
    activities: Sequence[ActivityFacts],
    rules: Rules,
    today: date,
    already_counted_ids: frozenset[int] = frozenset(),
) -> RenewalProgress:
    """Progress on every renewal option of the license, and whether it can be renewed now."""
    category = renewal_category(license.license_type, license.license_class)
    counts = tuple(activity_status(a, license, rules, already_counted_ids) for a in activities)
    # Each counting activity adds only to parts of its own kind (one option is used per cycle).
    totals: dict[str, float] = {}
    for activity, count in zip(activities, counts, strict=True):
        if count.counts:
            totals[activity.kind] = totals.get(activity.kind, 0.0) + activity.amount
    totals = {k: round(v, 6) for k, v in totals.items()}

    drafts: list[OptionProgress] = []
    for option in rules.options_for(category):
        parts = tuple(
            _part_progress(p.kind, p.amount, totals.get(p.kind, 0.0)) for p in option.parts
        )
        met = bool(parts) and all(p.remaining == 0 for p in parts)
        fraction = sum(p.fraction for p in parts) / len(parts) if parts else 0.0
        drafts.append(
            OptionProgress(
                option_id=option.id,
                position=option.position,
                label=option_label(option),
                parts=parts,
                met=met,
                fraction=fraction,
                is_closest=False,
            )
        )
    drafts.sort(key=lambda o: o.position)

    met_ids = tuple(o.option_id for o in drafts if o.met)
    closest_id: int | None = None
    if met_ids:
        closest_id = met_ids[0]
    elif drafts:
        # Highest fraction; ties go to the lowest position.
        closest_id = max(drafts, key=lambda o: (o.fraction, -o.position)).option_id
    options = tuple(replace(o, is_closest=o.option_id == closest_id) for o in drafts)

    window_opens_on = renewal_window_opens(license.expires_on, rules)
    expired = today > license.expires_on or license.status == "expired"
    expiry = format_date(license.expires_on)
    window_sentence = f"You can file your renewal from {format_date(window_opens_on)}."
    needs = _needs_sentence(options)
    closest = next((o for o in options if o.is_closest), None)

    if expired:
        summary = (
            f"This license expired on {expiry}. "
            "It is restored by a reactivation application, not a renewal."
        )
    elif not options:
        summary = "No renewal options are set for this license."
    elif met_ids and closest is not None:
        summary = f"You have met the renewal requirements ({closest.label})."
        if today < window_opens_on:
            summary += f" {window_sentence}"
    else:
        summary = f"You need {needs}, by {expiry}."

    problem: str | None = None
    if expired:
        problem = (
            f"This license expired on {expiry}. "
            "An expired license is restored by a reactivation application, not a renewal."
        )
    elif license.status != ACTIVE_STATUS:
        problem = f"This license is {license.status}, so it cannot be renewed."
    elif is_provisional(license, rules):
        problem = (
            "This is a provisional license, so it cannot be renewed. "
            "It is converted or extended by another type of application."
        )
    elif today < window_opens_on:
        problem = window_sentence
    elif not options:
        problem = "No renewal options are set for this license."
    elif not met_ids:
        problem = f"You have not met a renewal option yet: you need {needs}."

    return RenewalProgress(
        license_id=license.license_id,
        category=category,
        options=options,
        closest_option_id=closest_id,
        met_option_ids=met_ids,
        is_met=bool(met_ids),
        activity_counts=counts,
        can_renew=problem is None,
        renewable_problem=problem,
        window_opens_on=window_opens_on,
        summary=summary,
    )
