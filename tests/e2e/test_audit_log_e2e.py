"""The audit log as state staff read it (issue 15 #7): one line per event, the changed
fields as "before → after" only when a line is expanded, filters, paging through older
events, CSV export of the filtered events, and a table that fits a 1280 px screen."""

from __future__ import annotations

import uuid
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from licensure_app.infra import demo
from licensure_app.models import Account
from licensure_app.services import audit

from .applicants import Db
from .conftest import assert_accessible, sign_in


def _record_events(db: Db, action: str, count: int) -> None:
    with db.write() as session:
        staff = session.exec(select(Account).where(Account.email == demo.STATE_EMAIL)).one()
        actor = audit.Actor(staff.id, staff.role)
        for n in range(count):
            audit.record(
                session,
                actor,
                action,
                "test",
                str(n),
                {"status": "submitted", "note": "kept", "step": n},
                {"status": "approved", "note": "kept", "step": n, "reason": "x" * 300},
            )


def test_audit_log_lines_expand_filter_page_and_export(page: Page, db: Db) -> None:
    action = f"e2e.audit{uuid.uuid4().hex[:8]}"
    _record_events(db, action, 55)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Audit log").click()
    page.get_by_label("Action").fill(action)
    page.get_by_role("button", name="Filter").click()

    region = page.get_by_role("region", name="Audit events, newest first, 50 a page")
    expect(region.get_by_role("row")).to_have_count(51)  # the header and 50 events
    newest = region.get_by_role("row").nth(1)
    expect(newest).to_contain_text("test 54")
    # Collapsed: only the line; the unchanged "note" never shows, even expanded.
    expect(newest.get_by_text("submitted → approved")).to_be_hidden()
    newest.get_by_text("Show changes (2)").click()
    expect(newest.get_by_role("listitem").filter(has_text="status")).to_have_text(
        "status: submitted → approved"
    )
    expect(newest.get_by_role("listitem").filter(has_text="note")).to_have_count(0)
    # The long value wraps inside the table, which fits the screen.
    fits = region.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert fits, "the audit table scrolls sideways at 1280 px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Older events").click()
    expect(page.get_by_text("Page 2", exact=True)).to_be_visible()
    expect(region.get_by_role("row")).to_have_count(6)
    expect(region.get_by_role("row").nth(5)).to_contain_text("test 0")
    expect(page.get_by_role("button", name="Older events")).to_be_disabled()
    page.get_by_role("button", name="Newer events").click()
    expect(region.get_by_role("row").nth(1)).to_contain_text("test 54")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download audit CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Time,Actor,Role,Action,Entity,Changed fields"
    assert sum(action in line for line in lines) == 55
    assert "status: submitted → approved" in text
    assert_accessible(page)

    page.get_by_label("Action").fill("no.such.action")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No audit events match these filters.")).to_be_visible()
