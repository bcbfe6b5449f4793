"""Renewal rules with effective dates, end to end (issue 15, item 8): state staff schedule a
future-dated change on the Rules tab by its labels; its preview sits next to the form and
refuses what saving refuses; the change waits under "Scheduled rule changes"; an educator
whose license expires after its date sees the new requirement on /pd while one whose license
expires before keeps the old; then staff cancel it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock, demo
from licensure_app.models import RenewalOption, RenewalOptionPart, RuleChange

from .applicants import PASSWORD, Db, make_educator
from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e


def _aa_ceus(db: Db) -> tuple[int, float]:
    with db.read() as session:
        option = session.exec(
            select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 1)
        ).one()
        part = session.exec(
            select(RenewalOptionPart).where(RenewalOptionPart.option_id == option.id)
        ).one()
        return part.id or 0, part.amount


def test_a_future_dated_rule_change_reaches_only_later_cycles(page: Page, db: Db) -> None:
    effective = clock.today() + timedelta(days=1000)
    later = make_educator(db, "Lane", expires_in_days=1400, ceus=5)
    earlier = make_educator(db, "Early", expires_in_days=120, ceus=5)
    part_id, amount = _aa_ceus(db)
    assert amount == 5

    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Rules").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Preview amount change"))
    preview = page.get_by_role("region", name="Preview of the amount change")
    form.get_by_label("Option part").select_option(label="Class AA option 1: 5 CEU")
    expect(form.get_by_label("Effective date")).to_have_value(clock.today().isoformat())

    # The preview refuses what saving refuses, in the same words, with no counts.
    form.get_by_label("New amount").fill("-3")
    form.get_by_label("Effective date").fill(effective.isoformat())
    form.get_by_role("button", name="Preview amount change").click()
    expect(preview).to_contain_text("Enter an amount from 0.1 to 1000.")
    expect(preview).not_to_contain_text("educators")
    expect(preview.get_by_role("button", name="Save change")).to_have_count(0)

    # A past date is refused too.
    form.get_by_label("New amount").fill("8")
    form.get_by_label("Effective date").fill((clock.today() - timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Preview amount change").click()
    expect(preview).to_contain_text("The effective date must be today")

    form.get_by_label("Effective date").fill(effective.isoformat())
    form.get_by_role("button", name="Preview amount change").click()
    expect(preview).to_contain_text(f"from {format_date(effective)}")
    expect(preview).to_contain_text(
        re.compile(r"\d[\d,]* educators' trackers change: \d+ newly met, [1-9][\d,]* no longer met")
    )
    assert_accessible(page)
    preview.get_by_role("button", name="Save change").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Scheduled from {format_date(effective)}")
    ).to_be_visible()
    scheduled = page.get_by_role("region", name="Scheduled rule changes")
    row = scheduled.get_by_role("row").filter(has_text="Class AA option 1: 5 → 8 CEUs")
    expect(row).to_contain_text(format_date(effective))
    assert_accessible(page)

    with db.read() as session:
        (change,) = session.exec(select(RuleChange).where(RuleChange.status == "pending")).all()
        assert change.effective_on == effective and change.applied_at is None
        change_id = change.id
    assert _aa_ceus(db) == (part_id, 5)  # the live rule is unchanged until then

    # The educator whose license expires after the date sees the new requirement; the one
    # whose license expires before keeps the rule in force.
    sign_out(page)
    sign_in(page, later.email, PASSWORD)
    page.goto("/pd")
    expect(page.get_by_text("5 of 8 CEUs")).to_be_visible()
    sign_out(page)
    sign_in(page, earlier.email, PASSWORD)
    page.goto("/pd")
    expect(page.get_by_text("5 of 5 CEUs")).to_be_visible()
    sign_out(page)

    # Staff cancel it (asked first); the later cycle is back on the rule in force.
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Rules").click()
    scheduled = page.get_by_role("region", name="Scheduled rule changes")
    scheduled.get_by_role("button", name="Cancel change: Class AA option 1: 5 → 8 CEUs").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Cancel this scheduled change?")
    assert_accessible(page)
    dialog.get_by_role("button", name="Cancel change").click()
    expect(page.get_by_role("status").filter(has_text="Cancelled:")).to_be_visible()
    expect(page.get_by_text("Scheduled rule changes: none.")).to_be_visible()
    with db.read() as session:
        assert session.get(RuleChange, change_id).status == "cancelled"
