"""The renewal rules as the state office changes them: settings and renewal options,
each change previewed with the educators it affects, validated, then audited."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_amount, format_date
from licensure_app.domain.rules import (
    CHANGE_OPTION,
    OptionPart,
    RenewalOptionRule,
    RuleChange,
)
from licensure_app.domain.status import LICENSE_ACTIVE
from licensure_app.infra import clock
from licensure_app.models import (
    RENEWAL_CATEGORIES,
    License,
    RenewalOption,
    RenewalOptionPart,
    RuleSetting,
)
from licensure_app.services import audit
from licensure_app.services.pd import KIND_LABELS
from licensure_app.services.rules import load_changes, load_rules

from . import rule_changes
from .access import require_staff
from .results import AdminResult
from .rule_changes import PlannedChange
from .rule_plans import (
    CATEGORY_LABELS,
    NO_SUCH_OPTION,
    NOTHING_CHANGED,
    Planned,
    number,
    part_problem,
    plan_part,
    plan_setting,
)


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
    # A scheduled change of its status: "offered from 1 July 2027" ("" none).
    scheduled: str = ""


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
    scheduled = _scheduled_option_changes(session)
    return [
        replace(_option_view(o, parts.get(o.id or 0, [])), scheduled=scheduled.get(o.id or 0, ""))
        for o in sorted(options, key=lambda o: (order.get(o.category, 99), o.position))
    ]


def _scheduled_option_changes(session: Session) -> dict[int, str]:
    """Options offered or withdrawn by a pending change: "offered from 1 July 2027"."""
    found: dict[int, str] = {}
    for dated in load_changes(session, clock.today()):
        change = dated.change
        if not dated.applied and change.kind == CHANGE_OPTION:
            verb = "offered" if change.after else "withdrawn"
            found[int(change.target)] = f"{verb} from {format_date(dated.effective_on)}"
    return found


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


def _save(
    session: Session, actor: audit.Actor, planned: Planned, today: date, unit: str = ""
) -> AdminResult:
    if planned.change is None:
        if planned.problem:
            return AdminResult(False, planned.problem, planned.errors)
        return AdminResult(True, NOTHING_CHANGED)
    change = planned.change
    rule_changes.record(session, actor, change, today)
    if change.effective_on <= today:
        return AdminResult(True, f"Saved: {change.summary}.")
    return AdminResult(
        True, f"Scheduled from {format_date(change.effective_on)}: {change.summary}."
    )


def update_setting(
    session: Session,
    actor: audit.Actor,
    key: str,
    value_text: str,
    effective_text: str = "",
    today: date | None = None,
) -> AdminResult:
    require_staff(actor)
    today = today or clock.today()
    rule_changes.apply_due(session, today)
    return _save(
        session, actor, plan_setting(session, key, value_text, effective_text, today), today
    )


def update_option_part(
    session: Session,
    actor: audit.Actor,
    part_id: int,
    amount_text: str,
    effective_text: str = "",
    today: date | None = None,
) -> AdminResult:
    require_staff(actor)
    today = today or clock.today()
    rule_changes.apply_due(session, today)
    planned = plan_part(session, part_id, amount_text, effective_text, today)
    return _save(session, actor, planned, today)


def _option_rule(session: Session, option: RenewalOption) -> RenewalOptionRule:
    parts = session.exec(
        select(RenewalOptionPart)
        .where(RenewalOptionPart.option_id == option.id)
        .order_by(col(RenewalOptionPart.id))
    ).all()
    return RenewalOptionRule(
        id=option.id or 0,
        category=option.category,
        position=option.position,
        parts=tuple(OptionPart(p.kind, p.amount) for p in parts),
    )


def set_option_active(
    session: Session,
    actor: audit.Actor,
    option_id: int,
    active: bool,
    effective_text: str = "",
    today: date | None = None,
) -> AdminResult:
    """Offer or withdraw an option; a category always keeps at least one active option."""
    require_staff(actor)
    today = today or clock.today()
    rule_changes.apply_due(session, today)
    option = session.get(RenewalOption, option_id) if option_id else None
    if option is None:
        return AdminResult(False, NO_SUCH_OPTION)
    day, date_problem = rule_changes.effective_on(effective_text, today)
    if day is None:
        return AdminResult(False, date_problem, {"effective_on": date_problem})
    in_force = load_rules(session, day).options_for(option.category)
    if any(o.id == option.id for o in in_force) == active:
        return AdminResult(True, NOTHING_CHANGED)
    if not active and not [o for o in in_force if o.id != option.id]:
        return AdminResult(False, "Each class needs at least one renewal option.")
    label = f"{CATEGORY_LABELS.get(option.category, option.category)} option {option.position}"
    planned = PlannedChange(
        RuleChange(
            CHANGE_OPTION,
            str(option.id),
            float(not active),
            float(active),
            _option_rule(session, option),
        ),
        day,
        f"{label} {'offered' if active else 'withdrawn'}",
        option.category,
    )
    rule_changes.record(session, actor, planned, today)
    if day > today:
        return AdminResult(True, f"Scheduled from {format_date(day)}: {planned.summary}.")
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
        amount = number(amount_text)
        problem = part_problem(kind, amount)
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
    session: Session,
    actor: audit.Actor,
    category: str,
    parts: list[tuple[str, str]],
    effective_text: str = "",
    today: date | None = None,
) -> AdminResult:
    """Add a renewal option of one or two parts (e.g. 35 SEMI credits + 3 semester hours),
    offered from the effective date (a later date: added withdrawn, offered on that date)."""
    require_staff(actor)
    today = today or clock.today()
    clean, errors = _new_option_parts(category, parts)
    day, date_problem = rule_changes.effective_on(effective_text, today)
    if day is None:
        errors["effective_on"] = date_problem
    if errors or day is None:
        return AdminResult(False, "Check the new option.", errors)
    position = (
        session.exec(
            select(func.max(RenewalOption.position)).where(RenewalOption.category == category)
        ).one()
        or 0
    ) + 1
    # Offered from today at once; from a later date, added withdrawn until then.
    option = RenewalOption(category=category, position=position, is_active=day <= today)
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
        after={
            "category": category,
            "parts": [{"kind": k, "amount": a} for k, a in clean],
            "effective_on": day.isoformat(),
        },
    )
    label = f"{CATEGORY_LABELS[category]} option {position}"
    rule_changes.record(
        session,
        actor,
        PlannedChange(
            RuleChange(CHANGE_OPTION, str(option.id), 0.0, 1.0, _option_rule(session, option)),
            day,
            f"{label} offered: {_parts_label(clean)}",
            category,
        ),
        today,
        already_live=True,
    )
    if day > today:
        return AdminResult(
            True, f"Option added to {CATEGORY_LABELS[category]}, offered from {format_date(day)}."
        )
    return AdminResult(True, f"Option added to {CATEGORY_LABELS[category]}.")


def _parts_label(parts: list[tuple[str, float]]) -> str:
    return " + ".join(f"{format_amount(a)} {renewal.unit_label(k, a)}" for k, a in parts)
