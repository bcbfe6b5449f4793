"""/admin/reports : the state office's reports with charts, for every district."""

from __future__ import annotations

import reflex as rx

from ... import routes
from ...components.layout import app_page
from ...states.report_charts import ReportsState
from ..report_charts_view import report_sections


@app_page(routes.REPORTS, "Reports", on_load=[ReportsState.load])
def reports_page() -> rx.Component:
    return rx.box(
        rx.heading("Reports", as_="h1", size="7"),
        rx.text("Applications and licenses of every district."),
        report_sections(ReportsState, "report-period", "h2"),
    )
