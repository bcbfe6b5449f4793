"""The renewal rules as the state office changes them: settings and renewal options,
each change previewed with the educators it affects, validated, then audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_amount
from licensure_app.domain.status import LICENSE_ACTIVE
from licensure_app.models import (
    PD_KINDS,
    RENEWAL_CATEGORIES,
    License,
    RenewalOption,
    RenewalOptionPart,
    RuleSetting,
)
from licensure_app.services import audit
from licensure_app.services.pd import ACHIEVEMENT_KINDS, KIND_LABELS

from .access import require_staff
from .results import AdminResult

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
class SettingView:
    key: str
    value: str
    description: str


@dataclass(frozen=True)
class OptionPartView:
    part_id: int
    kind: str  # the kind's label, e.g. "SEMI credits"
    amount: str


@dataclass(frozen=True)
class OptionView:
    option_id: int
    category: str
    category_label: str
    position: int
    active: bool
    label: str
    parts: list[OptionPartView]


@dataclass(frozen=True)
class RulePreview:
    ok: bool
    message: str
    affected: int


def _number(text: str) -> float | None:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# ---------------------------------------------------------------- what the page lists


def setting_views(session: Session) -> list[SettingView]:
    return [
        SettingView(s.key, format_amount(s.value), s.description)
        for s in session.exec(select(RuleSetting).order_by(RuleSetting.key)).all()
    ]


def option_views(session: Session) -> list[OptionView]:
    """Every renewal option, active or not, by category and position."""
    options = session.exec(
        select(RenewalOption).order_by(RenewalOption.category, RenewalOption.position)
    ).all()
    parts: dict[int, list[RenewalOptionPart]] = {}
    for part in session.exec(select(RenewalOptionPart).order_by(RenewalOptionPart.id)).all():
        parts.setdefault(part.option_id, []).append(part)
    order = {c: i for i, c in enumerate(RENEWAL_CATEGORIES)}
    return [
        _option_view(o, parts.get(o.id or 0, []))
        for o in sorted(options, key=lambda o: (order.get(o.category, 99), o.position))
    ]


def _option_view(option: RenewalOption, own: list[RenewalOptionPart]) -> OptionView:
    return OptionView(
        option_id=option.id or 0,
        category=option.category,
        category_label=CATEGORY_LABELS.get(option.category, option.category),
        position=option.position,
        active=option.is_active,
        label=" + ".join(
            f"{format_amount(p.amount)} {renewal.unit_label(p.kind, p.amount)}" for p in own
        ),
        parts=[
            OptionPartView(
                part_id=p.id or 0,
                kind=KIND_LABELS.get(p.kind, p.kind),
                amount=format_amount(p.amount),
            )
            for p in own
        ],
    )


def affected_educators(session: Session, category: str | None = None) -> int:
    """Educators holding an active license the rules of `category` (None: any) apply to."""
    conditions: list[Any] = [License.status == LICENSE_ACTIVE]
    if category == renewal.CAREER_ADMINISTRATOR:
        conditions.append(License.license_type == renewal.ADMINISTRATOR_TYPE)
    elif category:
        conditions += [
            License.license_class == category,
            License.license_type != renewal.ADMINISTRATOR_TYPE,
        ]
    return int(
        session.exec(select(func.count(func.distinct(License.holder_id))).where(*conditions)).one()
    )


# ---------------------------------------------------------------- settings


def _setting_problem(session: Session, key: str, value: float | None) -> str | None:
    if value is None:
        return "Enter a number."
    low, high, whole = SETTING_BOUNDS.get(key, (0.0, 100000.0, False))
    if whole and value != int(value):
        return "Enter a whole number."
    if not low <= value <= high:
        return f"Enter a number from {format_amount(low)} to {format_amount(high)}."
    current = {s.key: s.value for s in session.exec(select(RuleSetting)).all()}
    current[key] = value
    if current.get("upgrade_window_min_days", 0) >= current.get("upgrade_window_max_days", 1e9):
        return "The upgrade window's earliest day must come before its latest day."
    if current.get("provisional_validity_years", 0) >= current.get("standard_validity_years", 1e9):
        return "A provisional license must be valid for fewer years than a standard one."
    for kind in ("ceu", "semester_hours", "semi_credits"):
        if current.get(f"min_activity_{kind}", 0) > current.get(f"max_activity_{kind}", 1e9):
            return "The least one activity may count must not be more than the most."
    return None


def preview_setting(session: Session, key: str, value_text: str) -> RulePreview:
    """Whether the new value is acceptable and how many educators it affects."""
    row = session.exec(select(RuleSetting).where(RuleSetting.key == key)).first()
    if row is None:
        return RulePreview(False, "That setting was not found.", 0)
    value = _number(value_text)
    problem = _setting_problem(session, key, value)
    if problem:
        return RulePreview(False, problem, 0)
    affected = 0 if key in _NO_EDUCATOR_EFFECT else affected_educators(session)
    return RulePreview(
        True,
        f"Changing “{row.description or key}” from {format_amount(row.value)} to "
        f"{format_amount(value or 0)} affects {affected:,} educators with an active "
        "license.",
        affected,
    )


def update_setting(session: Session, actor: audit.Actor, key: str, value_text: str) -> AdminResult:
    require_staff(actor)
    row = session.exec(select(RuleSetting).where(RuleSetting.key == key)).first()
    if row is None:
        return AdminResult(False, "That setting was not found.")
    value = _number(value_text)
    problem = _setting_problem(session, key, value)
    if problem or value is None:
        return AdminResult(False, problem or "Enter a number.", {key: problem or ""})
    before = row.value
    if before == value:
        return AdminResult(True, NOTHING_CHANGED)
    row.value = value
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "rules.setting_changed",
        "rule_setting",
        key,
        before={"value": before},
        after={"value": value},
    )
    return AdminResult(True, f"{row.description or key}: now {format_amount(value)}.")


# ---------------------------------------------------------------- renewal options


def _part_problem(kind: str, amount: float | None) -> str | None:
    if kind not in PD_KINDS:
        return "Choose the kind."
    if amount is None or not 0 < amount <= 1000:
        return "Enter an amount from 0.1 to 1000."
    if kind in ACHIEVEMENT_KINDS and amount != 1:
        return "A certification or degree counts once: enter 1."
    return None


def preview_option_change(session: Session, option_id: int) -> RulePreview:
    option = session.get(RenewalOption, option_id) if option_id else None
    if option is None:
        return RulePreview(False, NO_SUCH_OPTION, 0)
    affected = affected_educators(session, option.category)
    return RulePreview(
        True,
        f"This changes how {affected:,} educators with an active "
        f"{CATEGORY_LABELS.get(option.category, option.category)} license renew.",
        affected,
    )


def update_option_part(
    session: Session, actor: audit.Actor, part_id: int, amount_text: str
) -> AdminResult:
    require_staff(actor)
    part = session.get(RenewalOptionPart, part_id) if part_id else None
    if part is None:
        return AdminResult(False, "That part of an option was not found.")
    amount = _number(amount_text)
    problem = _part_problem(part.kind, amount)
    if problem or amount is None:
        return AdminResult(False, problem or "", {str(part_id): problem or ""})
    before = part.amount
    if before == amount:
        return AdminResult(True, NOTHING_CHANGED)
    part.amount = amount
    session.add(part)
    session.flush()
    audit.record(
        session,
        actor,
        "rules.option_changed",
        "renewal_option",
        part.option_id,
        before={"kind": part.kind, "amount": before},
        after={"kind": part.kind, "amount": amount},
    )
    return AdminResult(
        True, f"Now {format_amount(amount)} {renewal.unit_label(part.kind, amount)}."
    )


def set_option_active(
    session: Session, actor: audit.Actor, option_id: int, active: bool
) -> AdminResult:
    """Offer or withdraw an option; a category always keeps at least one active option."""
    require_staff(actor)
    option = session.get(RenewalOption, option_id) if option_id else None
    if option is None:
        return AdminResult(False, NO_SUCH_OPTION)
    if option.is_active == active:
        return AdminResult(True, NOTHING_CHANGED)
    if not active:
        others = session.exec(
            select(func.count())
            .select_from(RenewalOption)
            .where(
                RenewalOption.category == option.category,
                RenewalOption.id != option.id,
                col(RenewalOption.is_active).is_(True),
            )
        ).one()
        if not others:
            return AdminResult(False, "Each class needs at least one renewal option.")
    option.is_active = active
    session.add(option)
    session.flush()
    audit.record(
        session,
        actor,
        "rules.option_activated" if active else "rules.option_withdrawn",
        "renewal_option",
        option.id,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return AdminResult(True, "Option offered again." if active else "Option withdrawn.")


def _new_option_parts(
    category: str, parts: list[tuple[str, str]]
) -> tuple[list[tuple[str, float]], dict[str, str]]:
    """The (kind, amount) pairs of a new option, and the problems found by field."""
    errors: dict[str, str] = {}
    if category not in RENEWAL_CATEGORIES:
        errors["category"] = "Choose the class."
    clean: list[tuple[str, float]] = []
    for index, (kind, amount_text) in enumerate(parts):
        if not kind and not amount_text.strip():
            continue
        amount = _number(amount_text)
        problem = _part_problem(kind, amount)
        if problem:
            errors[f"part{index}"] = problem
        elif amount is not None:
            clean.append((kind, amount))
    if not clean and not errors:
        errors["part0"] = "Enter at least one kind and amount."
    if len({k for k, _ in clean}) != len(clean):
        errors["part1"] = "Use two different kinds."
    return clean, errors


def add_option(
    session: Session, actor: audit.Actor, category: str, parts: list[tuple[str, str]]
) -> AdminResult:
    """Add a renewal option of one or two parts (e.g. 35 SEMI credits + 3 semester hours)."""
    require_staff(actor)
    clean, errors = _new_option_parts(category, parts)
    if errors:
        return AdminResult(False, "Check the new option.", errors)
    position = (
        session.exec(
            select(func.max(RenewalOption.position)).where(RenewalOption.category == category)
        ).one()
        or 0
    ) + 1
    option = RenewalOption(category=category, position=position, is_active=True)
    session.add(option)
    session.flush()
    session.add_all(
        [RenewalOptionPart(option_id=option.id or 0, kind=k, amount=a) for k, a in clean]
    )
    session.flush()
    audit.record(
        session,
        actor,
        "rules.option_added",
        "renewal_option",
        option.id,
        after={"category": category, "parts": [{"kind": k, "amount": a} for k, a in clean]},
    )
    return AdminResult(True, f"Option added to {CATEGORY_LABELS[category]}.")
