"""/admin/reports for state staff, and the helpers the district page shares: the chart
reports (services/state_office/report_charts.py) as state rows, the "Period" choice and
one CSV download per table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from ..db import read_scope
from ..infra import clock
from ..models import ROLE_STATE_STAFF
from ..models._base import utcnow
from ..services.state_office import report_charts as charts
from ..services.state_office import report_csv
from .auth import AuthState
from .guard import opens_page, requires

DEFAULT_PERIOD = "90"
# Nothing to show (a refused district): every table empty.
EMPTY = charts.ChartReports(0, [], [], [], [], [])


@dataclass(frozen=True)
class ProcessingRow:
    """One stage's times: numbers for the chart (0 when nothing was decided), text for the
    table ("—" when nothing was decided)."""

    stage: str
    decided: int
    median_days: float
    p90_days: float
    median_text: str
    p90_text: str


def period_of(value: str) -> int:
    """The "Period" choice as days; ValueError for anything not offered."""
    days = int(value) if value.isdigit() else 0
    if days not in charts.PERIODS:
        raise ValueError("choose 30, 90 or 365 days")
    return days


def _processing_row(stage: charts.StageTime) -> ProcessingRow:
    def text(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    return ProcessingRow(
        stage=stage.stage,
        decided=stage.decided,
        median_days=stage.median_days or 0.0,
        p90_days=stage.p90_days or 0.0,
        median_text=text(stage.median_days),
        p90_text=text(stage.p90_days),
    )


def fill(state: Any, reports: charts.ChartReports) -> None:
    """Put the reports into a state declaring the report fields (ReportsState's names)."""
    state.backlog_rows = reports.backlog
    state.processing_rows = [_processing_row(s) for s in reports.processing]
    state.aging_rows = reports.aging
    state.weekly_rows = reports.weekly
    state.expiring_rows = reports.expiring


def csv_download(reports: charts.ChartReports, table: str, scope: str) -> Any:
    stem, text = report_csv.report_csv(reports, table)
    return rx.download(
        data=text,
        filename=f"{stem}-{scope}-{clock.today().isoformat()}.csv",
        mime_type="text/csv",
    )


class ReportsState(AuthState):
    report_period: str = DEFAULT_PERIOD
    backlog_rows: list[charts.BacklogRow] = []
    processing_rows: list[ProcessingRow] = []
    aging_rows: list[charts.AgeBucket] = []
    weekly_rows: list[charts.WeekRow] = []
    expiring_rows: list[charts.MonthRow] = []
    report_error: str = ""

    def _reports(self) -> charts.ChartReports:
        with read_scope() as session:
            return charts.chart_reports(session, utcnow(), period_of(self.report_period))

    @rx.event
    @opens_page(ROLE_STATE_STAFF)
    def load(self) -> None:
        if self.report_period not in {str(p) for p in charts.PERIODS}:
            self.report_period = DEFAULT_PERIOD
        self.report_error = ""
        fill(self, self._reports())

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def choose_report_period(self, value: str) -> None:
        try:
            period_of(value)
        except ValueError:
            self.report_error = "Choose one of the periods offered."
            return
        self.report_period, self.report_error = value, ""
        fill(self, self._reports())

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def download_report_csv(self, table: str):  # noqa: ANN201
        try:
            return csv_download(self._reports(), table, "all-districts")
        except ValueError:
            self.report_error = "That report does not exist."
            return None
