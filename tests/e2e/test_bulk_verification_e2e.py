"""Bulk verification: state staff upload a CSV of license numbers (with names) and get each
license's public facts back as CSV, name mismatches flagged; an educator cannot."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from licensure_app.infra import demo

from .conftest import LiveServer, assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_state_staff_verify_a_list_and_download_the_results(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    listing = tmp_path / "hires.csv"
    listing.write_text(
        "License number,Name\n"
        f"{demo.TEACHER_LICENSE_NUMBER},Avery Thompson\n"
        "100200,Someone Else\n"
        "0000001,Nobody\n",
        encoding="utf-8",
    )
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Bulk verification").click()
    page.get_by_label("License numbers (CSV)").set_input_files(str(listing))
    expect(
        page.get_by_text(
            "Checked 3 rows: 2 found, 1 not found, 1 names that do not match the record"
        )
    ).to_be_visible()
    results = page.get_by_role("region", name="Bulk verification results")
    expect(results.get_by_role("cell", name="Rivera, Jordan")).to_be_visible()
    expect(results.get_by_role("cell", name="Not found")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (CSV)").click()
    assert download.value.suggested_filename == "hires-verified.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert [r["Found"] for r in rows] == ["yes", "yes", "no"]
    assert [r["Name matches"] for r in rows] == ["yes", "no", ""]
    assert rows[0]["Status"] == "Active" and rows[0]["Expires on"]
    assert "1988" not in Path(download.value.path()).read_text()  # no date of birth


def test_a_file_that_is_not_a_list_says_why(page: Page, live_server: LiveServer, tmp_path: Path):
    empty = tmp_path / "empty.csv"
    empty.write_text("License number,Name\n", encoding="utf-8")
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Bulk verification").click()
    page.get_by_label("License numbers (CSV)").set_input_files(str(empty))
    expect(
        page.get_by_role("alert").filter(has_text="The file has no license numbers.")
    ).to_be_visible()
