"""Rule changes with effective dates: recorded, applied to the live rule tables on their
date (at once when effective today), listed while pending, cancelled by state staff.

A change effective on D applies to validity cycles ending on or after D (licenses whose
`expires_on >= D`); `services/rules.load_rules` reads the pending ones on top of the live
tables, so a change counts for those licenses before it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_date
from licensure_app.domain.rules import CHANGE_OPTION, CHANGE_PART, CHANGE_SETTING
from licensure_app.domain.rules import RuleChange as ChangeData
from licensure_app.models import Account, RenewalOption, RenewalOptionPart, RuleChange, RuleSetting
from licensure_app.models._base import utcnow
from licensure_app.services import audit

from .access import require_staff
from .results import AdminResult

# How far ahead a change may be scheduled.
LATEST_EFFECTIVE_DAYS = 3660
NOT_SCHEDULED = "That change is no longer scheduled."


@dataclass(frozen=True)
class PlannedChange:
    """A validated change ready to record: what, from when, and how people read it."""

    change: ChangeData
    effective_on: date
    summary: str
    # The renewal category whose options it changes (None: a setting, every category).
    category: str | None = None


@dataclass(frozen=True)
class ScheduledView:
    """One pending change as the Rules tab lists it."""

    change_id: int
    summary: str
    effective_on: str
    created_by: str


def effective_on(text: str, today: date) -> tuple[date | None, str]:
    """The effective date a form gives (empty: today), or the reason it is refused."""
    raw = (text or "").strip()
    if not raw:
        return today, ""
    try:
        day = date.fromisoformat(raw[:10]) if len(raw) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        return None, "Enter the effective date as a date, for example 2027-07-01."
    if day < today:
        return None, f"The effective date must be today ({format_date(today)}) or later."
    if day > today + timedelta(days=LATEST_EFFECTIVE_DAYS):
        return None, "Choose an effective date within ten years."
    return day, ""


# ---------------------------------------------------------------- the live tables


def _write_live(session: Session, change: ChangeData) -> None:
    """Make the change in the live rule tables."""
    if change.kind == CHANGE_SETTING:
        session.exec(
            update(RuleSetting)
            .where(col(RuleSetting.key) == change.target)
            .values(value=change.after)
        )
    elif change.kind == CHANGE_PART:
        option_id, _, kind = change.target.partition(":")
        session.exec(
            update(RenewalOptionPart)
            .where(
                col(RenewalOptionPart.option_id) == int(option_id),
                col(RenewalOptionPart.kind) == kind,
            )
            .values(amount=change.after)
        )
    elif change.kind == CHANGE_OPTION:
        session.exec(
            update(RenewalOption)
            .where(col(RenewalOption.id) == int(change.target))
            .values(is_active=bool(change.after))
        )
    session.expire_all()


def _change_audit(change: ChangeData) -> tuple[str, str, object, dict[str, Any], dict[str, Any]]:
    """The audit event of a change made to the live tables: action, entity, before, after."""
    if change.kind == CHANGE_SETTING:
        return (
            "rules.setting_changed",
            "rule_setting",
            change.target,
            {"value": change.before},
            {"value": change.after},
        )
    if change.kind == CHANGE_PART:
        option_id, _, kind = change.target.partition(":")
        return (
            "rules.option_changed",
            "renewal_option",
            int(option_id),
            {"kind": kind, "amount": change.before},
            {"kind": kind, "amount": change.after},
        )
    offered = bool(change.after)
    return (
        "rules.option_activated" if offered else "rules.option_withdrawn",
        "renewal_option",
        int(change.target),
        {"is_active": not offered},
        {"is_active": offered},
    )


def record(
    session: Session,
    actor: audit.Actor,
    planned: PlannedChange,
    today: date,
    *,
    already_live: bool = False,
) -> RuleChange:
    """Record the change; effective today, it is made in the live tables at once (and
    audited; `already_live`: the caller made and audited it)."""
    due = planned.effective_on <= today
    row = RuleChange(
        effective_on=planned.effective_on,
        payload_json=planned.change.to_json(),
        summary=planned.summary[:300],
        status="applied" if due else "pending",
        created_by_id=actor.account_id,
        applied_at=utcnow() if due else None,
    )
    session.add(row)
    session.flush()
    if due and not already_live:
        _write_live(session, planned.change)
        action, entity, entity_id, before, after = _change_audit(planned.change)
        audit.record(session, actor, action, entity, entity_id, before=before, after=after)
    elif not due:
        audit.record(
            session,
            actor,
            "rules.change_scheduled",
            "rule_change",
            row.id,
            after={"effective_on": planned.effective_on.isoformat(), "summary": row.summary},
        )
    return row


def apply_due(session: Session, today: date) -> int:
    """Apply the pending changes whose date has come, oldest first; each is claimed with a
    conditional update, so two processes (or two runs) apply it once. Returns how many."""
    due = session.exec(
        select(RuleChange)
        .where(RuleChange.status == "pending", col(RuleChange.effective_on) <= today)
        .order_by(col(RuleChange.effective_on), col(RuleChange.id))
    ).all()
    applied = 0
    for row in due:
        claimed = session.exec(
            update(RuleChange)
            .where(col(RuleChange.id) == row.id, col(RuleChange.status) == "pending")
            .values(status="applied", applied_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        change = ChangeData.from_json(row.payload_json)
        _write_live(session, change)
        audit.record(
            session,
            audit.SYSTEM,
            "rules.change_applied",
            "rule_change",
            row.id,
            before={"status": "pending"},
            after={"status": "applied", "summary": row.summary},
        )
        applied += 1
    return applied


def apply_due_job(session: Session, day: date) -> str:
    """The daily job: apply what has come due (idempotent)."""
    return f"{apply_due(session, day)} rule changes applied"


def scheduled_views(session: Session) -> list[ScheduledView]:
    rows = session.exec(
        select(RuleChange, Account)
        .join(Account, col(Account.id) == col(RuleChange.created_by_id), isouter=True)
        .where(RuleChange.status == "pending")
        .order_by(col(RuleChange.effective_on), col(RuleChange.id))
    ).all()
    return [
        ScheduledView(
            change_id=row.id or 0,
            summary=row.summary,
            effective_on=format_date(row.effective_on),
            created_by=(account.display_name or account.email) if account else "",
        )
        for row, account in rows
    ]


def cancel(session: Session, actor: audit.Actor, change_id: int) -> AdminResult:
    """Cancel a pending change (a change already applied or cancelled stays as it is)."""
    require_staff(actor)
    row = session.get(RuleChange, change_id) if change_id else None
    if row is None:
        return AdminResult(False, NOT_SCHEDULED)
    claimed = session.exec(
        update(RuleChange)
        .where(col(RuleChange.id) == change_id, col(RuleChange.status) == "pending")
        .values(status="cancelled", cancelled_at=utcnow(), cancelled_by_id=actor.account_id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return AdminResult(False, NOT_SCHEDULED)
    audit.record(
        session,
        actor,
        "rules.change_cancelled",
        "rule_change",
        change_id,
        before={"status": "pending"},
        after={"status": "cancelled", "summary": row.summary},
    )
    session.expire_all()
    return AdminResult(True, f"Cancelled: {row.summary}")
