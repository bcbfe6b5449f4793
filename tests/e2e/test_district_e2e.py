"""/district for a superintendent (issue 15 #5, issue 16 #9): the district's licensed
staff soonest expiry first, the "Expiring within" filter, the CSV of the list, bulk
verification from the same page; another district's superintendent sees none of it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from licensure_app.infra import demo

from .applicants import MAGNOLIA_SUPER, PINE_SUPER, Db, make_educator
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_a_superintendent_lists_filters_and_exports_the_districts_staff(
    page: Page, db: Db, tmp_path: Path
) -> None:
    soon = make_educator(db, "Soonest", expires_in_days=20, ceus=0)
    later = make_educator(db, "Later", expires_in_days=300, ceus=0)
    sign_in(page, MAGNOLIA_SUPER)
    page.get_by_role("link", name="District", exact=True).click()
    expect(page.get_by_role("heading", name=demo.MAGNOLIA[1], level=1)).to_be_visible()
    staff = page.get_by_role("region", name="Licensed staff")
    expect(staff.get_by_role("cell", name=soon.number, exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Expiring within").select_option("90")
    expect(page.get_by_role("status").filter(has_text="expiring within 90 days")).to_be_visible()
    expect(staff.get_by_role("cell", name=soon.number, exact=True)).to_be_visible()
    expect(staff.get_by_role("cell", name=later.number, exact=True)).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download staff CSV").click()
    assert download.value.suggested_filename.startswith("district-staff-expiring-within-90-days")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    numbers = [r["License number"] for r in rows]
    assert soon.number in numbers and later.number not in numbers
    assert all(0 <= int(r["Days left"]) <= 90 for r in rows)

    listing = tmp_path / "new-hires.csv"
    listing.write_text(f"License number,Name\n{later.number},{later.name}\n", encoding="utf-8")
    page.get_by_label("License numbers (CSV)").set_input_files(str(listing))
    expect(page.get_by_text("Checked 1 rows: 1 found")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_another_districts_superintendent_sees_only_their_own_staff(page: Page, db: Db) -> None:
    magnolia_only = make_educator(db, "Magnolian", expires_in_days=40, ceus=0)
    sign_in(page, PINE_SUPER)
    page.goto("/district")
    expect(page.get_by_role("heading", name=demo.PINE_VALLEY[1], level=1)).to_be_visible()
    expect(page.get_by_role("cell", name=magnolia_only.number, exact=True)).to_have_count(0)
    expect(page.get_by_label("District", exact=True)).to_have_count(0)


def test_educators_cannot_open_the_district_page(page: Page) -> None:
    sign_in(page, demo.TEACHER_EMAIL)
    page.goto("/district")
    expect(page.get_by_text("You do not have access to this page")).to_be_visible()
    expect(page.get_by_role("heading", name="Licensed staff")).to_have_count(0)
