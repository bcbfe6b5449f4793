"""The chart reports, shared by /admin/reports (every district) and /district (one): a
"Period" choice, then per report a chart, its figures as a real table (what screen readers
read; the chart is hidden from them) and a "Download CSV" button."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ..components.forms import notice
from ..components.tables import scroll_region
from ..domain.status import application_label
from ..services.state_office import report_charts as charts
from .admin.common import MUTED, SELECT_STYLE

COLORS = ("#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c")
CHART_HEIGHT = 280


def _chart(key: str, title: str, chart: rx.Component) -> rx.Component:
    """The chart's container: an image to assistive technology, described by the table."""
    return rx.box(
        chart,
        id=f"{key}-chart",
        class_name="report-chart",
        role="img",
        aria_label=f"{title} chart; the table below holds the same figures.",
        width="100%",
        height=f"{CHART_HEIGHT}px",
        margin_y="0.5em",
    )


def _bars(rows: Any, x_key: str, bars: list[tuple[str, str]], stacked: bool = False) -> Any:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key=x_key),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        *[
            rx.recharts.bar(
                data_key=key,
                name=name,
                fill=COLORS[i % len(COLORS)],
                is_animation_active=False,
                **({"stack_id": "a"} if stacked else {}),
            )
            for i, (key, name) in enumerate(bars)
        ],
        data=rows.to(list[dict[str, Any]]),
        width="100%",
        height=CHART_HEIGHT,
        # Nothing inside the image takes focus: the table below is the accessible version.
        custom_attrs={"accessibilityLayer": False},
    )


def _table(caption: str, label: str, headers: list[str], rows: Any, cells: Any) -> rx.Component:
    return scroll_region(
        rx.el.table(
            rx.el.caption(caption, text_align="left"),
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])),
            rx.el.tbody(rx.foreach(rows, lambda r: rx.el.tr(*cells(r)))),
            class_name="data-table",
        ),
        label,
    )


def _download(state: Any, table: str, name: str) -> rx.Component:
    return rx.button(
        "Download CSV",
        on_click=state.download_report_csv(table),
        aria_label=f"Download {name} CSV",
        variant="outline",
        margin_y="0.5em",
    )


def _report(
    key: str,
    heading: str,
    name: str,
    chart: rx.Component,
    table: rx.Component,
    state: Any,
    level: str,
) -> rx.Component:
    return rx.el.section(
        rx.heading(heading, as_=level, size="4", margin_top="1.25em"),
        _chart(key, heading, chart),
        table,
        _download(state, key, name),
        aria_label=heading,
    )


def _number(value: Any) -> rx.Component:
    return rx.el.td(value.to_string(), text_align="right")


def _backlog(state: Any, level: str) -> rx.Component:
    statuses = [(s, application_label(s)) for s in charts.WAITING]
    return _report(
        "backlog",
        "Backlog by status and district",
        "backlog",
        _bars(state.backlog_rows, "district", statuses, stacked=True),
        _table(
            "Applications waiting, by district and status",
            "Backlog table",
            ["District", *[label for _, label in statuses], "Total waiting"],
            state.backlog_rows,
            lambda r: (
                [rx.el.td(r.district)]
                + [_number(getattr(r, s)) for s, _ in statuses]
                + [_number(r.total)]
            ),
        ),
        state,
        level,
    )


def _processing(state: Any, level: str) -> rx.Component:
    return _report(
        "processing",
        "Processing time",
        "processing time",
        _bars(
            state.processing_rows,
            "stage",
            [("median_days", "Median days"), ("p90_days", "90th percentile days")],
        ),
        _table(
            "Days from submission to decision, for the stages ended in the period",
            "Processing time table",
            ["Stage", "Applications decided", "Median days", "90th percentile days"],
            state.processing_rows,
            lambda r: [
                rx.el.td(r.stage),
                _number(r.decided),
                rx.el.td(r.median_text, text_align="right"),
                rx.el.td(r.p90_text, text_align="right"),
            ],
        ),
        state,
        level,
    )


def _aging(state: Any, level: str) -> rx.Component:
    return _report(
        "aging",
        "Aging of what waits",
        "aging",
        _bars(state.aging_rows, "bucket", [("waiting", "Applications waiting")]),
        _table(
            "Applications waiting, by days since submission",
            "Aging table",
            ["Days since submission", "Applications waiting"],
            state.aging_rows,
            lambda r: [rx.el.td(r.bucket), _number(r.waiting)],
        ),
        state,
        level,
    )


def _weekly(state: Any, level: str) -> rx.Component:
    return _report(
        "weekly",
        "Submissions and decisions per week",
        "submissions and decisions",
        _bars(
            state.weekly_rows,
            "week_start",
            [("submissions", "Submissions"), ("decisions", "Decisions")],
        ),
        _table(
            f"Submissions and final decisions in each of the last {charts.WEEKS} weeks",
            "Submissions and decisions table",
            ["Week", "Submissions", "Decisions"],
            state.weekly_rows,
            lambda r: [rx.el.td(r.week), _number(r.submissions), _number(r.decisions)],
        ),
        state,
        level,
    )


def _expiring(state: Any, level: str) -> rx.Component:
    return _report(
        "expiring",
        "Licenses expiring per month",
        "expiring licenses",
        _bars(state.expiring_rows, "month", [("expiring", "Licenses expiring")]),
        _table(
            f"Active licenses expiring in each of the next {charts.MONTHS} months",
            "Expiring licenses table",
            ["Month", "Licenses expiring"],
            state.expiring_rows,
            lambda r: [rx.el.td(r.month), _number(r.expiring)],
        ),
        state,
        level,
    )


def report_sections(state: Any, period_id: str, level: str = "h3") -> rx.Component:
    """Every report of `state` (ReportsState or DistrictState: the same field names), each
    under a heading of `level` ("h2" on a page of its own, "h3" inside a section)."""
    return rx.box(
        rx.box(
            rx.el.label("Period", html_for=period_id, display="block", font_weight="600"),
            rx.el.select(
                *[rx.el.option(f"Last {d} days", value=str(d)) for d in charts.PERIODS],
                id=period_id,
                value=state.report_period,
                on_change=state.choose_report_period,
                style=SELECT_STYLE,
            ),
            rx.text(
                "The period applies to processing times; the other reports show what waits "
                f"now, the last {charts.WEEKS} weeks and the next {charts.MONTHS} months.",
                color=MUTED,
                size="2",
                margin_top="0.25em",
            ),
            max_width="28em",
        ),
        rx.cond(
            state.report_error != "",
            notice(state.report_error, tone="error", role="alert", margin_y="0.5em"),
        ),
        _backlog(state, level),
        _processing(state, level),
        _aging(state, level),
        _weekly(state, level),
        _expiring(state, level),
    )
