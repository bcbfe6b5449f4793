"""The chart reports' tables as CSV files (the "Download … CSV" buttons)."""

from __future__ import annotations

from licensure_app.domain import status as st
from licensure_app.infra.csv_export import csv_text

from .report_charts import WAITING, ChartReports

# Each table's file name and columns: (field, header).
CSV_TABLES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "backlog": (
        "backlog",
        (
            ("district", "District"),
            *((s, st.application_label(s)) for s in WAITING),
            ("total", "Total waiting"),
        ),
    ),
    "processing": (
        "processing-time",
        (
            ("stage", "Stage"),
            ("decided", "Applications"),
            ("median_days", "Median days"),
            ("p90_days", "90th percentile days"),
        ),
    ),
    "aging": ("aging", (("bucket", "Days since submission"), ("waiting", "Applications waiting"))),
    "weekly": (
        "submissions-and-decisions",
        (
            ("week_start", "Week starting"),
            ("submissions", "Submissions"),
            ("decisions", "Decisions"),
        ),
    ),
    "expiring": (
        "licenses-expiring",
        (("month_start", "Month"), ("expiring", "Licenses expiring")),
    ),
}


def report_csv(reports: ChartReports, table: str) -> tuple[str, str]:
    """(file name stem, CSV text) of one report's table; ValueError for an unknown table."""
    if table not in CSV_TABLES:
        raise ValueError("unknown report table")
    stem, columns = CSV_TABLES[table]
    rows = getattr(reports, table)
    return stem, csv_text(
        [header for _, header in columns],
        ([getattr(row, field) for field, _ in columns] for row in rows),
    )
