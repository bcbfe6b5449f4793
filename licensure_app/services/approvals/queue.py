"""The approver's queue: the applications in scope, filtered and sorted, with counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import aware, format_date, full_name, plural
from licensure_app.domain.status import (
    DISTRICT_STAGE,
    VISIBLE_TO_APPROVERS,
    application_label,
)
from licensure_app.models import Application, District, EducatorProfile, License
from licensure_app.models._base import utcnow
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.rules import load_rules

from .scope import may_decide, scope_conditions, stage_of, waiting_statuses

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


def _status_counts(
    session: Session, conditions: list[Any], principal: Principal
) -> tuple[list[StatusCount], int]:
    """The count of each visible status, and how many wait for this principal."""
    by_status = dict(
        session.exec(
            select(Application.status, func.count()).where(*conditions).group_by(Application.status)
        ).all()
    )
    counts = [
        StatusCount(s, application_label(s), int(by_status.get(s, 0)))
        for s in VISIBLE_TO_APPROVERS
        if by_status.get(s)
    ]
    waiting = sum(int(by_status.get(s, 0)) for s in waiting_statuses(principal))
    return counts, waiting


def _status_condition(principal: Principal, status: str) -> list[Any]:
    if status == "waiting":
        return [col(Application.status).in_(waiting_statuses(principal))]
    if status in VISIBLE_TO_APPROVERS:
        return [Application.status == status]
    return []


def _queue_row(
    principal: Principal,
    found: tuple[Application, EducatorProfile, str | None, str | None],
    now: datetime,
    badge_days: int,
) -> QueueRow:
    application, profile, number, district_name = found
    submitted = aware(application.submitted_at or now)
    days = max(0, (now - submitted).days)
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
        submitted_on=format_date(submitted.date()),
        age_days=days,
        age_text=waiting_text(days) if open_ else "",
        overdue=open_ and days > badge_days,
        can_bulk_approve=application.app_type == "renewal"
        and application.status in DISTRICT_STAGE
        and may_decide(principal, application),
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
    counts, waiting = _status_counts(session, typed, principal)
    submitted = col(Application.submitted_at)
    found = session.exec(
        select(Application, EducatorProfile, License.license_number, District.name)
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .join(License, col(License.id) == col(Application.license_id), isouter=True)
        .join(District, col(District.id) == col(Application.district_id), isouter=True)
        .where(*typed, *_status_condition(principal, filters.status))
        .order_by(
            submitted.desc() if filters.sort == "newest" else submitted.asc(), col(Application.id)
        )
        .limit(QUEUE_LIMIT + 1)
    ).all()
    return QueueView(
        rows=[_queue_row(principal, f, now, badge_days) for f in found[:QUEUE_LIMIT]],
        counts=counts,
        waiting=waiting,
        badge_days=badge_days,
        truncated=len(found) > QUEUE_LIMIT,
    )


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
