"""The chart reports of /admin/reports and /district: what each figure counts, the
period, the state's weeks and months, the CSVs, and that a district sees only its own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from approval_world import (
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    principal,
    submit_endorsement,
    submit_renewal,
)
from sqlmodel import Session, select

from licensure_app.models import ROLE_EDUCATOR, Application, ApplicationTransition
from licensure_app.models._base import utcnow
from licensure_app.services import approvals, audit
from licensure_app.services.applications import transitions
from licensure_app.services.state_office import report_charts as charts
from licensure_app.services.state_office import report_csv

CHICAGO = ZoneInfo("America/Chicago")


def _educator(session: Session, world: World, n: int, pine: bool = False, **kw) -> Educator:  # noqa: ANN003
    district = world.pine_id if pine else world.magnolia_id
    return add_educator(session, f"t{n}@example.org", district, str(600000 + n), **kw)


def _approve(session: Session, world: World, app_id: int, pine: bool = False) -> None:
    approver = principal(session, world.pine_super if pine else world.magnolia_super)
    decision = approvals.approve_application(
        session, approver, actor_of(approver), app_id, True, TODAY
    )
    assert decision.ok, decision.message
    session.commit()


def _backdate(session: Session, app_id: int, submitted: datetime, decided: datetime | None) -> None:
    """The application as if first submitted at `submitted` and decided at `decided`."""
    for t in session.exec(
        select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
    ):
        t.at = submitted if t.to_status == "submitted" else (decided or t.at)
        session.add(t)
    application = session.get(Application, app_id)
    assert application is not None
    application.submitted_at = application.first_submitted_at = submitted
    if decided is not None:
        application.decided_at = application.district_decided_at = decided
    session.add(application)
    session.commit()


def test_backlog_counts_waiting_applications_per_district_and_status(
    session: Session, world: World
) -> None:
    waiting = [submit_renewal(session, _educator(session, world, n)) for n in range(3)]
    submit_renewal(session, _educator(session, world, 10, pine=True))
    _approve(session, world, waiting[0])  # decided: no longer waits
    forwarded = submit_endorsement(session, _educator(session, world, 20))
    _approve(session, world, forwarded)  # to the state review: still waiting

    rows = charts.backlog(session)
    assert [r.district for r in rows] == [
        "Magnolia County School District",
        "Pine Valley School District",
    ]
    magnolia, pine = rows
    assert (magnolia.submitted, magnolia.state_review, magnolia.total) == (2, 1, 3)
    assert (pine.submitted, pine.total) == (1, 1)
    assert charts.backlog(session, {world.pine_id}) == [pine]
    assert charts.backlog(session, set()) == []


def test_aging_buckets_count_whole_days_since_submission(session: Session, world: World) -> None:
    now = utcnow()
    ages = [0.2, 7.5, 8.5, 30.9, 31.2, 60.5, 61.5, 200]
    for n, age in enumerate(ages):
        app_id = submit_renewal(session, _educator(session, world, n, pine=n == 7))
        _backdate(session, app_id, now - timedelta(days=age), None)
    done = submit_renewal(session, _educator(session, world, 50))
    _approve(session, world, done)  # decided: not aging

    buckets = charts.aging(session, now)
    assert [(b.bucket, b.waiting) for b in buckets] == [
        ("0–7 days", 2),
        ("8–30 days", 2),
        ("31–60 days", 2),
        ("Over 60 days", 2),
    ]
    assert [b.waiting for b in charts.aging(session, now, {world.magnolia_id})] == [2, 2, 2, 1]


def test_percentile_interpolates_between_ranks() -> None:
    assert charts.percentile([], 0.5) is None
    assert charts.percentile([3.0], 0.9) == 3.0
    assert charts.percentile([10.0, 2.0, 4.0], 0.5) == 4.0
    assert charts.percentile([2.0, 4.0, 10.0], 0.9) == pytest.approx(8.8)


def test_processing_time_from_first_submission_to_each_decision_in_the_period(
    session: Session, world: World
) -> None:
    now = utcnow()
    # Renewals: the district's approval is the final decision (2, 4, 10 days; one 100 days ago).
    for n, (days, ago) in enumerate([(2, 5), (4, 6), (10, 20), (50, 100)]):
        app_id = submit_renewal(session, _educator(session, world, n))
        _approve(session, world, app_id)
        decided = now - timedelta(days=ago)
        _backdate(session, app_id, decided - timedelta(days=days), decided)
    # Pine's renewal took 30 days: only in Pine's and the state's figures.
    pine_app = submit_renewal(session, _educator(session, world, 9, pine=True))
    _approve(session, world, pine_app, pine=True)
    _backdate(session, pine_app, now - timedelta(days=31), now - timedelta(days=1))
    # Still waiting: in no processing time.
    submit_renewal(session, _educator(session, world, 8))

    district, final = charts.processing_times(session, now, 30, {world.magnolia_id})
    assert (district.stage, district.decided) == (charts.STAGE_DISTRICT, 3)
    assert (district.median_days, district.p90_days) == (4.0, 8.8)
    assert (final.decided, final.median_days, final.p90_days) == (3, 4.0, 8.8)

    _, final_year = charts.processing_times(session, now, 365, {world.magnolia_id})
    assert (final_year.decided, final_year.median_days) == (4, 7.0)
    everywhere, _ = charts.processing_times(session, now, 30)
    assert (everywhere.decided, everywhere.median_days) == (4, 7.0)
    with pytest.raises(ValueError):
        charts.processing_times(session, now, 45)


def _moves(session: Session, app_id: int) -> dict[str, datetime]:
    return {
        t.to_status: t.at
        for t in session.exec(
            select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
        )
    }


def test_the_district_stage_ends_when_the_district_forwards(session: Session, world: World) -> None:
    now = utcnow()
    app_id = submit_endorsement(session, _educator(session, world, 1))
    _approve(session, world, app_id)  # forwarded to the state: no final decision yet
    application = session.get(Application, app_id)
    assert application is not None
    # The milestones are the moves' own times, set by the moves themselves.
    moves = _moves(session, app_id)
    assert application.first_submitted_at == moves["submitted"]
    assert application.district_decided_at == moves["district_approved"]
    application.first_submitted_at = now - timedelta(days=3)
    session.add(application)
    session.commit()
    district, final = charts.processing_times(session, now, 30)
    assert district.decided == 1 and district.median_days == pytest.approx(3.0, abs=0.1)
    assert (final.decided, final.median_days, final.p90_days) == (0, None, None)


def test_a_return_is_no_decision_and_resubmitting_keeps_the_first_submission(
    session: Session, world: World
) -> None:
    educator = _educator(session, world, 1)
    app_id = submit_renewal(session, educator)
    first = session.get(Application, app_id).first_submitted_at  # type: ignore[union-attr]
    assert first is not None
    approver = principal(session, world.magnolia_super)
    returned = approvals.return_application(
        session, approver, actor_of(approver), app_id, "Attach the transcript"
    )
    assert returned.ok, returned.message
    session.commit()
    application = session.get(Application, app_id)
    assert application is not None and application.district_decided_at is None
    moved = transitions.transition(
        session,
        application,
        ("returned",),
        "resubmitted",
        audit.Actor(educator.account.id, ROLE_EDUCATOR),
    )
    assert moved
    session.commit()
    _approve(session, world, app_id)
    session.refresh(application)
    assert application.first_submitted_at == first  # not the resubmission
    assert application.district_decided_at == _moves(session, app_id)["approved"]
    district, _ = charts.processing_times(session, utcnow(), 30)
    assert district.decided == 1


def test_weekly_counts_follow_the_state_calendar(session: Session, world: World) -> None:
    # Wednesday 2 December 2026, noon in Chicago; this week began Monday 30 November.
    now = datetime(2026, 12, 2, 12, tzinfo=CHICAGO).astimezone(UTC)
    monday = datetime(2026, 11, 30, tzinfo=CHICAGO)
    times = [
        monday + timedelta(minutes=30),  # Monday 12:30 am in Chicago: this week
        monday - timedelta(minutes=30),  # Sunday 11:30 pm in Chicago: the week before
        monday - timedelta(weeks=11),  # the oldest week shown
        monday - timedelta(weeks=12),  # too old
    ]
    for n, at in enumerate(times):
        app_id = submit_renewal(session, _educator(session, world, n))
        _approve(session, world, app_id)
        _backdate(session, app_id, at.astimezone(UTC), at.astimezone(UTC) + timedelta(hours=1))

    weeks = charts.weekly(session, now)
    assert len(weeks) == charts.WEEKS
    assert weeks[-1].week_start == "2026-11-30" and weeks[-1].week == "Week of 30 Nov 2026"
    assert weeks[0].week_start == "2026-09-14"
    assert [(w.submissions, w.decisions) for w in weeks if w.submissions or w.decisions] == [
        (1, 1),
        (1, 0),
        (1, 2),
    ]
    # The Sunday 11:30 pm one was decided at 12:30 am Monday: this week's decision.
    assert (weeks[-2].submissions, weeks[-2].decisions) == (1, 0)
    assert (weeks[-1].submissions, weeks[-1].decisions) == (1, 2)
    assert all(w.submissions == 0 for w in charts.weekly(session, now, {world.pine_id}))


def test_licenses_expiring_per_month_for_the_next_twelve_months(
    session: Session, world: World
) -> None:
    today = date(2026, 12, 15)
    for n, days in enumerate([0, 16, 17, 60, 380, -1]):
        _educator(session, world, n, expires_in_days=(today - TODAY).days + days, ceus=0)
    _educator(session, world, 7, expires_in_days=(today - TODAY).days + 20, ceus=0, pine=True)
    _educator(
        session, world, 8, expires_in_days=(today - TODAY).days + 20, ceus=0, status="suspended"
    )

    months = charts.expiring_per_month(session, today)
    assert [m.month for m in months[:3]] == ["Dec 2026", "Jan 2027", "Feb 2027"]
    assert months[-1].month == "Nov 2027" and len(months) == charts.MONTHS
    # Today and the 31st (16 days) this month; 1 January (17) and the Pine one in January;
    # 13 February (60); 380 days is beyond the 12 months; yesterday is past.
    assert [m.expiring for m in months[:3]] == [2, 2, 1]
    assert sum(m.expiring for m in months) == 5
    assert [m.expiring for m in charts.expiring_per_month(session, today, {world.pine_id})][:2] == [
        0,
        1,
    ]


def test_a_district_approver_gets_only_their_district(session: Session, world: World) -> None:
    submit_renewal(session, _educator(session, world, 1))
    submit_renewal(session, _educator(session, world, 2, pine=True))
    magnolia = principal(session, world.magnolia_super)
    reports = charts.district_chart_reports(session, magnolia, world.magnolia_id, utcnow(), 90)
    assert [r.district for r in reports.backlog] == ["Magnolia County School District"]
    assert sum(b.waiting for b in reports.aging) == 1
    assert sum(w.submissions for w in reports.weekly) == 1
    with pytest.raises(PermissionError):
        charts.district_chart_reports(session, magnolia, world.pine_id, utcnow(), 90)


def test_each_table_downloads_as_csv(session: Session, world: World) -> None:
    submit_renewal(session, _educator(session, world, 1))
    reports = charts.chart_reports(session, utcnow(), 30)
    stem, text = report_csv.report_csv(reports, "backlog")
    lines = text.splitlines()
    assert stem == "backlog"
    assert lines[0] == (
        "District,Submitted,Returned for correction,Resubmitted,Approved by the district,"
        "In state review,Total waiting"
    )
    assert lines[1] == "Magnolia County School District,1,0,0,0,0,1"
    _, processing = report_csv.report_csv(reports, "processing")
    assert processing.splitlines()[1] == "Submission to district decision,0,,"
    assert report_csv.report_csv(reports, "expiring")[1].startswith("Month,Licenses expiring")
    assert len(report_csv.report_csv(reports, "weekly")[1].splitlines()) == charts.WEEKS + 1
    with pytest.raises(ValueError):
        report_csv.report_csv(reports, "secrets")


def _plan(session: Session, query: object) -> str:
    """SQLite's plan for one of the reports' own statements, as built for the page."""
    compiled = query.compile(  # type: ignore[attr-defined]
        session.get_bind(), compile_kwargs={"render_postcompile": True}
    )
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)
    return " | ".join(str(row[-1]) for row in rows)


def test_processing_times_read_one_covering_index_entry_per_application(
    session: Session, world: World
) -> None:
    since = utcnow() - timedelta(days=365)
    district_query, final_query = charts.stage_queries(session, since)
    district_plan, final_plan = _plan(session, district_query), _plan(session, final_query)
    assert "COVERING INDEX ix_application_district_decided" in district_plan, district_plan
    assert "COVERING INDEX ix_application_status_decided" in final_plan, final_plan
    # One district: a search of its own applications, never a scan of the table.
    for query in charts.stage_queries(session, since, {world.magnolia_id}):
        plan = _plan(session, query)
        assert plan.startswith("SEARCH application USING"), plan
        assert "SCAN" not in plan
    # Neither searches each application's history.
    assert "application_transition" not in district_plan + final_plan


def test_one_districts_expiring_licenses_start_from_its_employees(
    session: Session, world: World
) -> None:
    starts = [date(2026, 12, 2), date(2027, 1, 1), date(2028, 1, 1)]
    district_plan = _plan(session, charts.expiring_query(session, starts, {world.magnolia_id}))
    assert "ix_educator_profile_employing_district_id" in district_plan, district_plan
    assert "ix_license_holder_id" in district_plan, district_plan
    state_plan = _plan(session, charts.expiring_query(session, starts))
    assert "ix_license_status_expires_on" in state_plan, state_plan
