"""Renewal math: which activities count, progress on each option, and whether one can renew.

Pure functions over plain frozen dataclasses, so pages, states and tests need no ORM rows.
Every number comes from `Rules` (the rule tables); none is written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from .formatting import format_amount, format_date

# The date rules live in renewal_periods; callers may also read them here.
from .renewal_periods import PROVISIONAL_TYPE as PROVISIONAL_TYPE
from .renewal_periods import is_provisional, renewal_window_opens
from .renewal_periods import next_validity_period as next_validity_period
from .renewal_periods import upgrade_window as upgrade_window
from .rules import RenewalOptionRule, Rules

if TYPE_CHECKING:
    from licensure_app.models import License, PDActivity


CAREER_ADMINISTRATOR = "career_administrator"
ADMINISTRATOR_TYPE = "Administrator"
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
ACHIEVEMENT_KINDS = frozenset({"national_board", "degree"})


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
    # Voided by the state office: counts toward nothing.
    voided: bool = False
    void_reason: str = ""

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
            voided=activity.voided_at is not None,
            void_reason=activity.void_reason,
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
    # The closest option's remaining need: "2 more CEUs by 29 April 2027" ("" when met).
    next_needed: str = ""


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
    if kind in ACHIEVEMENT_KINDS and amount == 1:
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
    if activity.voided:
        detail = activity.void_reason.strip()
        reason = f"voided by the state office: {detail}" if detail else "voided by the state office"
    elif activity.verification == NOT_ACCEPTED:
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


def still_needed(option: OptionProgress) -> str:
    """What an unmet option still needs: "2 more CEUs", "3 more semester hours and 2 more
    CEUs", "a specialist or doctoral degree"; "" when it is met."""
    phrases = []
    for part in option.parts:
        if part.remaining == 0:
            continue
        if part.kind in ACHIEVEMENT_KINDS:
            phrases.append(_amount_phrase(part.kind, part.remaining, in_sentence=True))
        else:
            unit = unit_label(part.kind, part.remaining)
            phrases.append(f"{format_amount(part.remaining)} more {unit}")
    return " and ".join(phrases)


def _option_remaining(option: OptionProgress) -> str:
    """ "2.5 more" (one part), "3 more semester hours and 2 more CEUs" (several), "met"."""
    if option.met:
        return "met"
    if len(option.parts) == 1:
        part = option.parts[0]
        if part.kind in ACHIEVEMENT_KINDS:
            return "not yet completed"
        return f"{format_amount(part.remaining)} more"
    return still_needed(option)


def options_headline(options: Sequence[OptionProgress]) -> str:
    """Each option named with what it still needs, in the order of the rules:
    "Option 1: 10 CEUs — 2.5 more. Option 2: 3 semester hours + 5 CEUs — 3 more semester
    hours and 2 more CEUs." """
    ordered = sorted(options, key=lambda o: o.position)
    return " ".join(
        f"Option {n}: {o.label[:1].upper()}{o.label[1:]} — {_option_remaining(o)}."
        for n, o in enumerate(ordered, start=1)
    )


def next_needed(license: LicenseFacts, options: Sequence[OptionProgress]) -> str:
    """The single closest thing still needed: "2 more CEUs by 29 April 2027" ("" when an
    option is met or there is none)."""
    closest = next((o for o in options if o.is_closest), None)
    if closest is None or closest.met:
        return ""
    return f"{still_needed(closest)} by {format_date(license.expires_on)}"


def _counted_totals(
    activities: Sequence[ActivityFacts], counts: Sequence[ActivityCount]
) -> dict[str, float]:
    """Amount per kind of the activities that count (one option is used per cycle, so each
    counting activity adds only to parts of its own kind)."""
    totals: dict[str, float] = {}
    for activity, count in zip(activities, counts, strict=True):
        if count.counts:
            totals[activity.kind] = totals.get(activity.kind, 0.0) + activity.amount
    return {k: round(v, 6) for k, v in totals.items()}


def _options_progress(
    rules: Rules, category: str, totals: dict[str, float]
) -> list[OptionProgress]:
    """Progress on each option of the category, by position (none marked closest yet)."""
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
    return drafts


def _closest_option_id(drafts: Sequence[OptionProgress], met_ids: tuple[int, ...]) -> int | None:
    """The first met option; else the highest fraction, ties to the lowest position."""
    if met_ids:
        return met_ids[0]
    if drafts:
        return max(drafts, key=lambda o: (o.fraction, -o.position)).option_id
    return None


def _summary(
    license: LicenseFacts,
    options: Sequence[OptionProgress],
    met_ids: tuple[int, ...],
    window_opens_on: date,
    today: date,
) -> str:
    """The one-sentence state of the license's renewal the tracker leads with."""
    expiry = format_date(license.expires_on)
    if today > license.expires_on or license.status == "expired":
        return (
            f"This license expired on {expiry}. "
            "It is restored by a reactivation application, not a renewal."
        )
    if not options:
        return "No renewal options are set for this license."
    closest = next((o for o in options if o.is_closest), None)
    if met_ids and closest is not None:
        summary = f"You have met the renewal requirements ({closest.label})."
        if today < window_opens_on:
            summary += f" {_window_sentence(window_opens_on)}"
        return summary
    return f"Complete one option by {expiry}. {options_headline(options)}"


def _window_sentence(window_opens_on: date) -> str:
    return f"You can file your renewal from {format_date(window_opens_on)}."


def _renewable_problem(
    license: LicenseFacts,
    options: Sequence[OptionProgress],
    met_ids: tuple[int, ...],
    rules: Rules,
    window_opens_on: date,
    today: date,
) -> str | None:
    """Why the license cannot be renewed today, or None when it can."""
    if today > license.expires_on or license.status == "expired":
        return (
            f"This license expired on {format_date(license.expires_on)}. "
            "An expired license is restored by a reactivation application, not a renewal."
        )
    if license.status != ACTIVE_STATUS:
        return f"This license is {license.status}, so it cannot be renewed."
    if is_provisional(license, rules):
        return (
            "This is a provisional license, so it cannot be renewed. "
            "It is converted or extended by another type of application."
        )
    if today < window_opens_on:
        return _window_sentence(window_opens_on)
    if not options:
        return "No renewal options are set for this license."
    if not met_ids:
        return f"You have not met a renewal option yet. {options_headline(options)}"
    return None


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
    drafts = _options_progress(rules, category, _counted_totals(activities, counts))
    met_ids = tuple(o.option_id for o in drafts if o.met)
    closest_id = _closest_option_id(drafts, met_ids)
    options = tuple(replace(o, is_closest=o.option_id == closest_id) for o in drafts)
    window_opens_on = renewal_window_opens(license.expires_on, rules)
    problem = _renewable_problem(license, options, met_ids, rules, window_opens_on, today)
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
        summary=_summary(license, options, met_ids, window_opens_on, today),
        next_needed=next_needed(license, options),
    )


def option_met(option: RenewalOptionRule, totals: dict[str, float]) -> bool:
    """Whether amounts per kind (`totals`) meet every part of `option` (0.1 + 0.2 meets 0.3)."""
    parts = [_part_progress(p.kind, p.amount, totals.get(p.kind, 0.0)) for p in option.parts]
    return bool(parts) and all(p.remaining == 0 for p in parts)
