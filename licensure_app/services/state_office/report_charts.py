"""The reports behind the charts of /admin/reports (every district) and /district (one
district): backlog, processing time, aging, weekly flow and licenses expiring per month.

Every figure is an SQL aggregate (GROUP BY over an index range); only the processing
times fetch rows, one duration per application decided in the period, for the percentiles.
`district_ids=None` means every district; a set (possibly empty) limits every figure to
applications of those districts and licenses of educators they employ.

Times are stored in UTC; weeks (Monday to Sunday) and months are the state's (infra.clock).
Ages and durations are elapsed days (24 hours) since the first submission.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import case, literal
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression
from sqlmodel import Session, col, func, select

from licensure_app.domain import status as st
from licensure_app.domain.formatting import aware
from licensure_app.infra import clock
from licensure_app.models import (
    Application,
    ApplicationTransition,
    District,
    EducatorProfile,
    License,
)
from licensure_app.services.accounts.authz import Principal

PERIODS = (30, 90, 365)
WEEKS = 12
MONTHS = 12
NO_DISTRICT = "No district"
# What waits: submitted and not yet decided (returned ones wait for the applicant).
WAITING = (st.SUBMITTED, st.RETURNED, st.RESUBMITTED, st.DISTRICT_APPROVED, st.STATE_REVIEW)
FINAL = (st.APPROVED, st.REJECTED)
# (label, first day, last day or None): ages in whole days since submission.
AGE_BUCKETS = (("0–7 days", 0, 7), ("8–30 days", 8, 30), ("31–60 days", 31, 60))
OLDEST_BUCKET = "Over 60 days"
STAGE_DISTRICT = "Submission to district decision"
STAGE_FINAL = "Submission to final decision"


@dataclass(frozen=True)
class BacklogRow:
    district: str
    submitted: int
    returned: int
    resubmitted: int
    district_approved: int
    state_review: int
    total: int


@dataclass(frozen=True)
class StageTime:
    stage: str
    decided: int  # applications whose stage ended in the period
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class AgeBucket:
    bucket: str
    waiting: int


@dataclass(frozen=True)
class WeekRow:
    week: str  # "Week of 23 Nov 2026" (its Monday, in the state's calendar)
    week_start: str  # YYYY-MM-DD
    submissions: int
    decisions: int


@dataclass(frozen=True)
class MonthRow:
    month: str  # "Dec 2026"
    month_start: str  # YYYY-MM-DD
    expiring: int


@dataclass(frozen=True)
class ChartReports:
    period_days: int
    backlog: list[BacklogRow]
    processing: list[StageTime]
    aging: list[AgeBucket]
    weekly: list[WeekRow]
    expiring: list[MonthRow]


def _in_districts(query: Any, column: Any, district_ids: Collection[int] | None) -> Any:
    return query if district_ids is None else query.where(col(column).in_(list(district_ids)))


# ---------------------------------------------------------------- backlog


def backlog(session: Session, district_ids: Collection[int] | None = None) -> list[BacklogRow]:
    """Applications waiting, per district (by name) and status."""
    query = _in_districts(
        select(Application.district_id, Application.status, func.count())
        .where(col(Application.status).in_(WAITING))
        .group_by(Application.district_id, Application.status),
        Application.district_id,
        district_ids,
    )
    counts: dict[int | None, dict[str, int]] = {}
    for district_id, status, n in session.exec(query):
        counts.setdefault(district_id, {})[status] = int(n)
    ids = [i for i in counts if i is not None]
    names = {
        i: name
        for i, name in session.exec(
            select(District.id, District.name).where(col(District.id).in_(ids))
        )
    }
    rows = [
        BacklogRow(
            district=names.get(i, NO_DISTRICT) if i is not None else NO_DISTRICT,
            **{s: by_status.get(s, 0) for s in WAITING},
            total=sum(by_status.values()),
        )
        for i, by_status in counts.items()
    ]
    return sorted(rows, key=lambda r: (r.district == NO_DISTRICT, r.district))


# ---------------------------------------------------------------- aging


def aging(
    session: Session, now: datetime, district_ids: Collection[int] | None = None
) -> list[AgeBucket]:
    """What waits, by whole days since its (latest) submission."""
    now = aware(now).astimezone(UTC)
    whens = [
        (col(Application.submitted_at) > now - timedelta(days=last + 1), literal(i))
        for i, (_, _, last) in enumerate(AGE_BUCKETS)
    ]
    bucket = case(*whens, else_=literal(len(AGE_BUCKETS)))
    query = _in_districts(
        select(bucket, func.count())
        .where(col(Application.status).in_(WAITING), col(Application.submitted_at).is_not(None))
        .group_by(bucket),
        Application.district_id,
        district_ids,
    )
    counts = {int(i): int(n) for i, n in session.exec(query)}
    labels = [label for label, _, _ in AGE_BUCKETS] + [OLDEST_BUCKET]
    return [AgeBucket(label, counts.get(i, 0)) for i, label in enumerate(labels)]


# ---------------------------------------------------------------- processing time


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks (numpy's default); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _days_between(session: Session, later: Any, earlier: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400.0


def _stage(name: str, durations: list[float]) -> StageTime:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return StageTime(
        name,
        len(durations),
        rounded(percentile(durations, 0.5)),
        rounded(percentile(durations, 0.9)),
    )


def stage_queries(
    session: Session, since: datetime, district_ids: Collection[int] | None = None
) -> tuple[Any, Any]:
    """The durations in days of the district stages and of the whole applications that
    ended since `since`: one row per application from a covering index of the application
    table (its `first_submitted_at` and `district_decided_at` milestones)."""
    first = Application.first_submitted_at
    district_query = _in_districts(
        select(_days_between(session, Application.district_decided_at, first)).where(
            col(Application.district_decided_at) >= since, col(first).is_not(None)
        ),
        Application.district_id,
        district_ids,
    )
    final_query = _in_districts(
        select(_days_between(session, Application.decided_at, first)).where(
            col(Application.status).in_(FINAL),
            col(Application.decided_at) >= since,
            col(first).is_not(None),
        ),
        Application.district_id,
        district_ids,
    )
    return district_query, final_query


def processing_times(
    session: Session, now: datetime, period_days: int, district_ids: Collection[int] | None = None
) -> list[StageTime]:
    """Median and 90th percentile days from the first submission to the district's decision
    and to the final decision, over the stages that ended in the last `period_days`."""
    if period_days not in PERIODS:
        raise ValueError("choose 30, 90 or 365 days")
    since = aware(now).astimezone(UTC) - timedelta(days=period_days)
    district_query, final_query = stage_queries(session, since, district_ids)
    return [
        _stage(STAGE_DISTRICT, _durations(session, district_query)),
        _stage(STAGE_FINAL, _durations(session, final_query)),
    ]


def _durations(session: Session, query: Any) -> list[float]:
    """The one-column rows straight from the driver's cursor: up to one per application
    decided in a year (about 90,000 at 1,000,000 licenses), where building a Row object
    for each would cost three times the query."""
    result = session.connection().execute(query)
    try:
        return [float(d) for (d,) in result.cursor.fetchall() if d is not None]
    finally:
        result.close()


# ---------------------------------------------------------------- weekly flow


def _week_starts(now: datetime) -> list[date]:
    today = clock.local(now).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def _utc_midnight(day: date) -> datetime:
    """The state's midnight starting `day`, in UTC (how times are stored and compared)."""
    return datetime.combine(day, time(), tzinfo=clock.state_zone()).astimezone(UTC)


def _week_of(column: Any, starts: list[datetime]) -> Any:
    """The index (0 = oldest) of the week a time falls in; times before the first excluded."""
    whens = [(col(column) < start, literal(i - 1)) for i, start in enumerate(starts) if i]
    return case(*whens, else_=literal(len(starts) - 1))


def weekly(
    session: Session, now: datetime, district_ids: Collection[int] | None = None
) -> list[WeekRow]:
    """First submissions and final decisions per week of the state, the last WEEKS weeks."""
    days = _week_starts(now)
    starts = [_utc_midnight(d) for d in days]
    submitted_week = _week_of(ApplicationTransition.at, starts)
    submissions = (
        select(submitted_week, func.count())
        .where(
            ApplicationTransition.to_status == st.SUBMITTED,
            col(ApplicationTransition.at) >= starts[0],
        )
        .group_by(submitted_week)
    )
    if district_ids is not None:
        submissions = submissions.join(
            Application, col(Application.id) == col(ApplicationTransition.application_id)
        ).where(col(Application.district_id).in_(list(district_ids)))
    decided_week = _week_of(Application.decided_at, starts)
    decisions = _in_districts(
        select(decided_week, func.count())
        .where(col(Application.decided_at) >= starts[0], col(Application.status).in_(FINAL))
        .group_by(decided_week),
        Application.district_id,
        district_ids,
    )
    subs = {int(i): int(n) for i, n in session.exec(submissions)}
    decs = {int(i): int(n) for i, n in session.exec(decisions)}
    return [
        WeekRow(f"Week of {d.day} {d:%b %Y}", d.isoformat(), subs.get(i, 0), decs.get(i, 0))
        for i, d in enumerate(days)
    ]


# ---------------------------------------------------------------- expiring licenses


def _month_starts(today: date) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(MONTHS + 1):
        starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def _unindexed(session: Session, column: Any) -> Any:
    """On SQLite, `+column`: the planner may not use an index on it. Without statistics it
    prefers the state-wide (status, expires_on) range to the district's few holders."""
    if session.get_bind().dialect.name != "sqlite":
        return col(column)
    return UnaryExpression(col(column), operator=operators.custom_op("+"), type_=column.type)


def expiring_query(
    session: Session, starts: list[date], district_ids: Collection[int] | None = None
) -> Any:
    """(month index, count) of active licenses expiring from starts[0] to before starts[-1].
    For districts, from their employees' licenses (the holder index) rather than every
    license in the range."""
    expires, status = col(License.expires_on), col(License.status)
    if district_ids is not None:
        expires, status = _unindexed(session, expires), _unindexed(session, status)
    whens = [(expires < s, literal(i - 1)) for i, s in enumerate(starts) if i]
    month = case(*whens, else_=literal(len(starts) - 2))
    query = (
        select(month, func.count())
        .where(status == st.LICENSE_ACTIVE, expires >= starts[0], expires < starts[-1])
        .group_by(month)
    )
    if district_ids is None:
        return query
    return query.join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id)).where(
        col(EducatorProfile.employing_district_id).in_(list(district_ids))
    )


def expiring_per_month(
    session: Session, today: date, district_ids: Collection[int] | None = None
) -> list[MonthRow]:
    """Active licenses expiring from today to the end of the 12th month (this one first)."""
    starts = _month_starts(today)
    counts = {
        int(i): int(n)
        for i, n in session.exec(expiring_query(session, [today, *starts[1:]], district_ids))
    }
    return [
        MonthRow(f"{s:%b %Y}", s.isoformat(), counts.get(i, 0)) for i, s in enumerate(starts[:-1])
    ]


# ---------------------------------------------------------------- all of them


def chart_reports(
    session: Session,
    now: datetime,
    period_days: int = 90,
    district_ids: Collection[int] | None = None,
) -> ChartReports:
    """Every report, for every district (None) or only for `district_ids`."""
    return ChartReports(
        period_days=period_days,
        backlog=backlog(session, district_ids),
        processing=processing_times(session, now, period_days, district_ids),
        aging=aging(session, now, district_ids),
        weekly=weekly(session, now, district_ids),
        expiring=expiring_per_month(session, clock.local(now).date(), district_ids),
    )


def district_chart_reports(
    session: Session, principal: Principal, district_id: int, now: datetime, period_days: int
) -> ChartReports:
    """The reports of one district its approver (superintendent or designee) may see."""
    if district_id not in principal.approver_district_ids:
        raise PermissionError("not an approver of this district")
    return chart_reports(session, now, period_days, {district_id})
