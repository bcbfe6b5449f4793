"""Reports with charts (issue 15 #6): state staff open /admin/reports (charts, their tables,
the Period, a CSV per table); a superintendent reads the same reports for their district
only on /district."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from licensure_app.infra import clock, demo
from licensure_app.models import Account, Application, ApplicationTransition, District
from licensure_app.models._base import utcnow
from licensure_app.services import approvals, audit
from licensure_app.services.accounts.authz import principal_for
from licensure_app.services.state_office import report_charts as charts

from .applicants import MAGNOLIA_SUPER, PINE_SUPER, Db, make_educator, submit_renewal_in
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _decided_long_ago(db: Db, first: str, days_ago: int) -> None:
    """A Magnolia renewal submitted and approved `days_ago` days ago (10 days' work)."""
    person = make_educator(db, first)
    with db.write() as session:
        app_id = submit_renewal_in(session, person)
        account = session.exec(select(Account).where(Account.email == MAGNOLIA_SUPER)).one()
        approver = principal_for(session, account)
        decision = approvals.approve_application(
            session,
            approver,
            audit.Actor(approver.account_id, approver.role),
            app_id,
            True,
            clock.today(),
        )
        assert decision.ok, decision.message
        decided = utcnow() - timedelta(days=days_ago)
        for t in session.exec(
            select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
        ):
            t.at = decided - timedelta(days=10) if t.to_status == "submitted" else decided
            session.add(t)
        application = session.get(Application, app_id)
        assert application is not None
        application.submitted_at, application.decided_at = decided - timedelta(days=10), decided
        session.add(application)


def _expected(db: Db, period: int, district: str | None = None) -> charts.ChartReports:
    with db.read() as session:
        ids = None
        if district is not None:
            ids = {session.exec(select(District.id).where(District.name == district)).one()}
        return charts.chart_reports(session, utcnow(), period, ids)


def _row(page: Page, table: str, first_cell: str):  # noqa: ANN202
    region = page.get_by_role("region", name=table)
    return region.get_by_role("row").filter(
        has=page.get_by_role("cell", name=first_cell, exact=True)
    )


def test_state_staff_read_the_reports_change_the_period_and_download_a_csv(
    page: Page, db: Db
) -> None:
    waiting = make_educator(db, "Waiting")
    with db.write() as session:
        submit_renewal_in(session, waiting)
    _decided_long_ago(db, "Decided", days_ago=100)

    sign_in(page, demo.STATE_EMAIL)
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    expect(page.locator("#backlog-chart svg.recharts-surface").first).to_be_visible()
    backlog = _expected(db, 90).backlog
    magnolia = next(r for r in backlog if r.district == demo.MAGNOLIA[1])
    expect(_row(page, "Backlog table", demo.MAGNOLIA[1]).get_by_role("cell").last).to_have_text(
        str(magnolia.total)
    )
    assert magnolia.submitted >= 1
    assert_accessible(page)

    final = _row(page, "Processing time table", charts.STAGE_FINAL).get_by_role("cell").nth(1)
    expect(final).to_have_text(str(_expected(db, 90).processing[1].decided))
    page.get_by_label("Period").select_option("365")
    year = _expected(db, 365).processing[1]
    assert year.decided >= 1
    expect(final).to_have_text(str(year.decided))

    with page.expect_download() as download:
        page.get_by_role("button", name="Download processing time CSV").click()
    assert download.value.suggested_filename.startswith("processing-time-all-districts-")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [r["Stage"] for r in rows] == [charts.STAGE_DISTRICT, charts.STAGE_FINAL]
    assert rows[1]["Applications"] == str(year.decided)


def test_a_superintendent_reads_the_reports_of_their_district_only(page: Page, db: Db) -> None:
    magnolia_person = make_educator(db, "Mag")
    with db.write() as session:
        submit_renewal_in(session, magnolia_person)
    sign_in(page, MAGNOLIA_SUPER)
    page.goto("/district")
    expect(page.get_by_role("heading", name="Reports", level=2)).to_be_visible()
    expect(page.locator("#aging-chart svg.recharts-surface").first).to_be_visible()
    expected = _expected(db, 90, demo.MAGNOLIA[1])
    expect(_row(page, "Backlog table", demo.MAGNOLIA[1]).get_by_role("cell").last).to_have_text(
        str(expected.backlog[0].total)
    )
    expect(
        page.get_by_role("region", name="Backlog table").get_by_role(
            "cell", name=demo.PINE_VALLEY[1]
        )
    ).to_have_count(0)
    waiting = sum(b.waiting for b in expected.aging)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download aging CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert sum(int(r["Applications waiting"]) for r in rows) == waiting
    assert_accessible(page)


def test_superintendents_cannot_open_the_state_reports(page: Page) -> None:
    sign_in(page, PINE_SUPER)
    page.goto("/admin/reports")
    expect(page.get_by_text("You do not have access to this page")).to_be_visible()
    expect(page.get_by_role("region", name="Backlog table")).to_have_count(0)
