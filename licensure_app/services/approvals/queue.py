"""The approver's queue: the applications in scope, filtered and sorted, with counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import format_date, full_name, plural
from licensure_app.domain.status import (
    DISTRICT_STAGE,
    VISIBLE_TO_APPROVERS,
    application_label,
)
from licensure_app.infra import clock
from licensure_app.models import Account, Application, District, EducatorProfile, License
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
from .search import search_conditions

# Rows a page: pages run on for as long as there are applications (no cap).
PAGE_SIZE = 25
ASSIGNEES = ("any", "me", "none")


@dataclass(frozen=True)
class QueueFilters:
    district_id: int | None = None
    app_type: str = ""
    # "waiting" (for my decision), "all", or one status.
    status: str = "waiting"
    # "oldest" (waiting longest first), "newest" or "expiring" (license expiring soonest).
    sort: str = "oldest"
    # "Search applicants": a name, an email or a license number (services.approvals.search).
    search: str = ""
    # "any", "me" (assigned to me) or "none" (unassigned).
    assignee: str = "any"
    page: int = 0


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
    expires_on: str = ""
    assignee_name: str = ""
    assigned_to_me: bool = False


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
    page: int = 0
    has_next: bool = False


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


_Found = tuple[Application, EducatorProfile, str | None, date | None, str | None, str | None]


def _queue_row(
    session: Session,
    principal: Principal,
    found: _Found,
    now: datetime,
    badge_days: int,
    barred: Conflicts,
) -> QueueRow:
    application, profile, number, expires, district_name, assignee = found
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
        expires_on=format_date(expires) if expires else "",
        assignee_name=(assignee or "Assigned") if application.assigned_to_id else "",
        assigned_to_me=application.assigned_to_id == principal.account_id,
    )


def _assignee_condition(principal: Principal, assignee: str) -> list[Any]:
    if assignee == "me":
        return [Application.assigned_to_id == principal.account_id]
    if assignee == "none":
        return [col(Application.assigned_to_id).is_(None)]
    return []


def _order(sort: str) -> list[Any]:
    submitted = col(Application.submitted_at)
    if sort == "newest":
        return [submitted.desc(), col(Application.id).desc()]
    if sort == "expiring":
        # Applications without a license (a first license) come last.
        return [col(License.expires_on).asc().nulls_last(), submitted.asc(), col(Application.id)]
    return [submitted.asc(), col(Application.id)]


def queue_statement(
    principal: Principal, filters: QueueFilters, barred: Conflicts, conditions: list[Any]
) -> Select[Any]:
    """One page of the queue: `conditions` (scope and type) and the filters, sorted, with
    one row more than a page to tell whether a next page exists."""
    assigned = aliased(Account)
    page = max(0, filters.page)
    return (
        select(
            Application,
            EducatorProfile,
            License.license_number,
            License.expires_on,
            District.name,
            assigned.display_name,
        )
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .join(License, col(License.id) == col(Application.license_id), isouter=True)
        .join(District, col(District.id) == col(Application.district_id), isouter=True)
        .join(assigned, col(assigned.id) == col(Application.assigned_to_id), isouter=True)
        .where(
            *conditions,
            *_status_condition(principal, filters.status, barred),
            *_assignee_condition(principal, filters.assignee),
            *search_conditions(filters.search),
        )
        .order_by(*_order(filters.sort))
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )


def queue(
    session: Session, principal: Principal, filters: QueueFilters, now: datetime | None = None
) -> QueueView:
    """One page of the applications this principal may see, filtered, with counts per status
    (the counts ignore the search, the assignee and the page)."""
    now = now or utcnow()
    badge_days = int(load_rules(session).setting("queue_age_badge_days"))
    typed = scope_conditions(principal, filters.district_id)
    if filters.app_type:
        typed.append(Application.app_type == filters.app_type)
    barred = conflicts(session, principal)
    counts, waiting = _status_counts(session, typed, principal, barred)
    found = session.exec(queue_statement(principal, filters, barred, typed)).all()
    if barred.profiles:
        # `may_decide` looks at each target license's holder: load them in one query.
        ids = [a.license_id for a, *_ in found if a.license_id]
        session.exec(select(License).where(col(License.id).in_(ids))).all()
    return QueueView(
        rows=[
            _queue_row(session, principal, f, now, badge_days, barred) for f in found[:PAGE_SIZE]
        ],
        counts=counts,
        waiting=waiting,
        badge_days=badge_days,
        page=max(0, filters.page),
        has_next=len(found) > PAGE_SIZE,
    )


def next_after(before: list[int], after: list[int], decided: int) -> int:
    """The application to open after deciding `decided` ("Approve and next"): in the queue
    as it is now (`after`), the first one that came after it in the queue as it was
    (`before`), else the first other one; 0 when none is left."""
    rest = [i for i in after if i != decided]
    if decided in before:
        later = set(before[before.index(decided) + 1 :])
        for application_id in rest:
            if application_id in later:
                return application_id
    return rest[0] if rest else 0


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
