"""/district : the district's licensed staff for its superintendent and designees, and
bulk verification (its own state, on the same page)."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ..db import read_scope
from ..infra import clock
from ..models import ROLE_DISTRICT_APPROVER
from ..models._base import utcnow
from ..services.accounts.authz import Principal
from ..services.approvals import district_staff as staff
from ..services.state_office import report_charts as charts
from . import report_charts as report_view
from .auth import AuthState
from .guard import current_principal, opens_page, requires


class DistrictState(AuthState):
    district_options: list[tuple[str, str]] = []  # (id, name)
    district_id: str = ""
    district_name: str = ""
    within: str = ""  # "" (every license) or "90", "180", "365"
    staff_rows: list[staff.StaffRow] = []
    staff_total: int = 0
    district_error: str = ""
    # The district's reports (the same fields as ReportsState, for the shared view).
    report_period: str = report_view.DEFAULT_PERIOD
    backlog_rows: list[charts.BacklogRow] = []
    processing_rows: list[report_view.ProcessingRow] = []
    aging_rows: list[charts.AgeBucket] = []
    weekly_rows: list[charts.WeekRow] = []
    expiring_rows: list[charts.MonthRow] = []
    report_error: str = ""

    def _reports(self) -> charts.ChartReports:
        """The chosen district's reports: PermissionError for a district not the approver's."""
        with read_scope() as session:
            return charts.district_chart_reports(
                session,
                current_principal(),
                int(self.district_id or 0),
                utcnow(),
                report_view.period_of(self.report_period),
            )

    def _refresh_reports(self) -> None:
        try:
            report_view.fill(self, self._reports())
        except (PermissionError, ValueError):
            report_view.fill(self, report_view.EMPTY)
            self.report_error = "Choose one of your districts and one of the periods offered."
            return
        self.report_error = ""

    def _staff_query(self) -> tuple[Principal, int, date, int]:
        """Who asks, for which district, today, and "Expiring within" (ValueError if the
        browser sent something that is not a number)."""
        return current_principal(), int(self.district_id or 0), clock.today(), int(self.within or 0)

    def _refresh(self) -> None:
        try:
            with read_scope() as session:
                found = staff.district_staff(session, *self._staff_query())
        except (PermissionError, ValueError):
            self.district_error = "Choose one of your districts and one of the periods offered."
            self.staff_rows, self.staff_total = [], 0
            return
        self.district_error = ""
        self.district_name = found.district_name
        self.staff_rows, self.staff_total = found.rows, found.total

    @rx.event
    @opens_page(ROLE_DISTRICT_APPROVER)
    def load(self) -> None:
        with read_scope() as session:
            districts = staff.districts_of(session, current_principal())
        self.district_options = [(str(i), name) for i, name in districts]
        if self.district_id not in {i for i, _ in self.district_options}:
            self.district_id = self.district_options[0][0] if self.district_options else ""
        if self.report_period not in {str(p) for p in charts.PERIODS}:
            self.report_period = report_view.DEFAULT_PERIOD
        self._refresh()
        self._refresh_reports()

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def choose_district(self, value: str) -> None:
        self.district_id = value
        self._refresh()
        self._refresh_reports()

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def choose_report_period(self, value: str) -> None:
        self.report_period = value
        self._refresh_reports()

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def download_report_csv(self, table: str):  # noqa: ANN201
        try:
            reports = self._reports()
            return report_view.csv_download(reports, table, f"district-{self.district_id}")
        except (PermissionError, ValueError):
            self.report_error = "Choose one of your districts and one of the reports offered."
            return None

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def choose_within(self, value: str) -> None:
        self.within = value
        self._refresh()

    @rx.event
    @requires(ROLE_DISTRICT_APPROVER)
    def download_staff_csv(self):  # noqa: ANN201
        try:
            with read_scope() as session:
                text = staff.district_staff_csv(session, *self._staff_query())
        except (PermissionError, ValueError):
            self.district_error = "Choose one of your districts and one of the periods offered."
            return None
        suffix = f"-expiring-within-{self.within}-days" if self.within else ""
        return rx.download(
            data=text,
            filename=f"district-staff{suffix}-{clock.today().isoformat()}.csv",
            mime_type="text/csv",
        )
