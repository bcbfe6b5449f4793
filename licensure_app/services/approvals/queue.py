"""The approver's queue: the applications in scope, filtered and sorted, with counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import format_date, full_name, plural
from licensure_app.domain.status import (
    DISTRICT_STAGE,
    VISIBLE_TO_APPROVERS,
    application_label,
)
from licensure_app.infra import clock
from licensure_app.models import Application, District, EducatorProfile, License
from licensure_app.models._base import utcnow
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.rules import load_rules

from .scope import (
    Conflicts,
    conflicts,
    may_decide,
    not_barred,
    scope_conditions,
    stage_of,
    waiting_statuses,
)

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class QueueFilters:
    district_id: int | None = None
    app_type: str = ""
    # "waiting" (for my decision), "all", or one status.
    status: str = "waiting"
    # "oldest" (waiting longest first) or "newest".
    sort: str = "oldest"


@dataclass(frozen=True)
class QueueRow:
    application_id: int
    applicant_name: str
    type_title: str
    is_renewal: bool
    license_number: str
    district_name: str
    status: str
    status_label: str
    submitted_on: str
    age_days: int
    age_text: str
    overdue: bool
    can_bulk_approve: bool


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class QueueView:
    rows: list[QueueRow]
    counts: list[StatusCount]
    waiting: int
    badge_days: int
    truncated: bool


@dataclass(frozen=True)
class DistrictOption:
    """One district in the state staff's filter."""

    value: str
    label: str


def waiting_text(days: int) -> str:
    """ "Waiting today", "Waiting 1 day", "Waiting 20 days"."""
    return "Waiting " + ("today" if days <= 0 else plural(days, "day"))


def age_days(submitted: datetime, now: datetime) -> int:
    """Whole days waited, counted on the state's calendar (filed at 11:30 pm yesterday is
    1 day old this morning)."""
    return max(0, (clock.local(now).date() - clock.local(submitted).date()).days)


def submitted_text(submitted: datetime) -> str:
    """The day of submission on the state's calendar: "30 November 2026"."""
    return format_date(clock.local(submitted).date())


def _count_by_status(session: Session, conditions: list[Any]) -> dict[str, int]:
    return {
        status: int(count)
        for status, count in session.exec(
            select(Application.status, func.count()).where(*conditions).group_by(Application.status)
        ).all()
    }


def _status_counts(
    session: Session, conditions: list[Any], principal: Principal, barred: Conflicts
) -> tuple[list[StatusCount], int]:
    """The count of each visible status, and how many wait for this principal."""
    by_status = _count_by_status(session, conditions)
    counts = [
        StatusCount(s, application_label(s), by_status[s])
        for s in VISIBLE_TO_APPROVERS
        if by_status.get(s)
    ]
    if barred.profiles:
        waiting = sum(
            _count_by_status(session, conditions + waiting_conditions(principal, barred)).values()
        )
    else:
        waiting = sum(by_status.get(s, 0) for s in waiting_statuses(principal))
    return counts, waiting


def waiting_conditions(principal: Principal, barred: Conflicts) -> list[Any]:
    """What "waiting for my decision" means in SQL: a status this principal decides, and
    not an application they may never decide (their own, a fellow approver's)."""
    return [col(Application.status).in_(waiting_statuses(principal)), *not_barred(barred)]


def _status_condition(principal: Principal, status: str, barred: Conflicts) -> list[Any]:
    if status == "waiting":
        return waiting_conditions(principal, barred)
    if status in VISIBLE_TO_APPROVERS:
        return [Application.status == status]
    return []


def _queue_row(
    session: Session,
    principal: Principal,
    found: tuple[Application, EducatorProfile, str | None, str | None],
    now: datetime,
    badge_days: int,
    barred: Conflicts,
) -> QueueRow:
    application, profile, number, district_name = found
    submitted = application.submitted_at or now
    days = age_days(submitted, now)
    open_ = bool(stage_of(application))
    return QueueRow(
        application_id=application.id or 0,
        applicant_name=full_name(profile.first_name, profile.middle_name, profile.last_name),
        type_title=TYPES[application.app_type].title,
        is_renewal=application.app_type == "renewal",
        license_number=number or "",
        district_name=district_name or "No district",
        status=application.status,
        status_label=application_label(application.status),
        submitted_on=submitted_text(submitted),
        age_days=days,
        age_text=waiting_text(days) if open_ else "",
        overdue=open_ and days > badge_days,
        can_bulk_approve=application.app_type == "renewal"
        and application.status in DISTRICT_STAGE
        and may_decide(session, principal, application, barred),
    )


def queue(
    session: Session, principal: Principal, filters: QueueFilters, now: datetime | None = None
) -> QueueView:
    """The applications this principal may see, filtered, with counts per status."""
    now = now or utcnow()
    badge_days = int(load_rules(session).setting("queue_age_badge_days"))
    typed = scope_conditions(principal, filters.district_id)
    if filters.app_type:
        typed.append(Application.app_type == filters.app_type)
    barred = conflicts(session, principal)
    counts, waiting = _status_counts(session, typed, principal, barred)
    submitted = col(Application.submitted_at)
    found = session.exec(
        select(Application, EducatorProfile, License.license_number, District.name)
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .join(License, col(License.id) == col(Application.license_id), isouter=True)
        .join(District, col(District.id) == col(Application.district_id), isouter=True)
        .where(*typed, *_status_condition(principal, filters.status, barred))
        .order_by(
            submitted.desc() if filters.sort == "newest" else submitted.asc(), col(Application.id)
        )
        .limit(QUEUE_LIMIT + 1)
    ).all()
    if barred.profiles:
        # `may_decide` looks at each target license's holder: load them in one query.
        ids = [a.license_id for a, *_ in found if a.license_id]
        session.exec(select(License).where(col(License.id).in_(ids))).all()
    return QueueView(
        rows=[
            _queue_row(session, principal, f, now, badge_days, barred) for f in found[:QUEUE_LIMIT]
        ],
        counts=counts,
        waiting=waiting,
        badge_days=badge_days,
        truncated=len(found) > QUEUE_LIMIT,
    )


@dataclass(frozen=True)
class Waiting:
    """What waits for this principal's decision: exactly the queue's "waiting" filter."""

    counts: list[StatusCount]
    total: int
    oldest: datetime | None  # when the longest-waiting one was submitted


def waiting_summary(session: Session, principal: Principal) -> Waiting:
    conditions = scope_conditions(principal) + waiting_conditions(
        principal, conflicts(session, principal)
    )
    found = {
        status: (int(count), oldest)
        for status, count, oldest in session.exec(
            select(Application.status, func.count(), func.min(Application.submitted_at))
            .where(*conditions)
            .group_by(Application.status)
        ).all()
    }
    counts = [
        StatusCount(s, application_label(s), found[s][0])
        for s in VISIBLE_TO_APPROVERS
        if s in found
    ]
    oldest = min((clock.aware(o) for _, o in found.values() if o is not None), default=None)
    return Waiting(counts, sum(c.count for c in counts), oldest)


def queue_version(session: Session, principal: Principal) -> str:
    """Changes whenever an application this principal can see changes (for live refresh)."""
    count, latest = session.exec(
        select(func.count(), func.max(Application.updated_at)).where(*scope_conditions(principal))
    ).one()
    return f"{count}:{latest}"


def districts(session: Session) -> list[DistrictOption]:
    """Every district ("code name"), for the state staff's filter."""
    return [
        DistrictOption(str(d.id or 0), f"{d.code} {d.name}")
        for d in session.exec(select(District).order_by(District.code)).all()
    ]
