"""The work queue at /approvals (issue 15 #1), at 1280 px, as Magnolia's superintendent:
search, sort by expiry, Select all, paging, Assign to me and the assignee filter, internal
notes (never shown to the educator), Approve and next, and Reject behind a confirmation."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from licensure_app.infra import demo, demo_queue
from licensure_app.models import Account, Application, ApplicationNote, AuditEvent
from licensure_app.services import approvals

from .applicants import (
    MAGNOLIA_SUPER,
    PASSWORD,
    VERIFY,
    Db,
    Person,
    make_educator,
    submit_renewal,
)
from .conftest import LiveServer, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

WIDE = {"width": 1280, "height": 900}


def _status(db: Db, application_id: int) -> str:
    with db.read() as session:
        row = session.get(Application, application_id)
        assert row is not None
        return row.status


def _search(page: Page, text: str) -> None:
    page.get_by_label("Search applicants").fill(text)
    page.get_by_role("button", name="Search", exact=True).click()


def _queue(page: Page):  # noqa: ANN202
    return page.get_by_role("region", name="Application queue")


def _renewal(db: Db, first: str, expires_in_days: int = 120) -> tuple[Person, int]:
    person = make_educator(db, first, expires_in_days=expires_in_days)
    return person, submit_renewal(db, person)


def test_search_sort_select_all_and_paging(page: Page, db: Db) -> None:
    page.set_viewport_size(WIDE)
    soonest, _ = _renewal(db, "Rowan", expires_in_days=8)
    # Enough renewals for a second page (the demo queue holds a few more).
    for i in range(approvals.PAGE_SIZE - 5):
        _renewal(db, f"Pager{i}", expires_in_days=60 + i)
    sign_in(page, MAGNOLIA_SUPER)
    page.goto("/approvals")
    queue = _queue(page)
    expect(queue.get_by_role("link", name=soonest.name)).to_be_visible()
    for header in ("Expires", "Waiting", "Assigned to"):
        expect(queue.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    assert_accessible(page)

    # Search by name, email and license number: only that applicant, on the server.
    for text in (soonest.name.split()[1], soonest.email, soonest.number):
        _search(page, text)
        expect(queue.get_by_role("link")).to_have_count(1)
        expect(queue.get_by_role("link", name=soonest.name)).to_be_visible()
    # Another district's applicant is never found.
    pine = demo_queue.PINE_VALLEY_QUEUE[0]
    _search(page, f"{pine.first} {pine.last}")
    expect(page.get_by_text("No applications match these filters.")).to_be_visible()
    _search(page, "")
    expect(page.get_by_role("button", name="Next page")).to_be_enabled()

    # Expiring soonest: Rowan's license expires first.
    page.get_by_label("Sort").select_option(label="Expiring soonest")
    first_row = queue.locator("tbody tr").first
    expect(first_row.get_by_role("link", name=soonest.name)).to_be_visible()
    page.get_by_label("Sort").select_option(label="Waiting longest first")
    # The oldest demo application waits at the top, with its age.
    oldest = demo_queue.MAGNOLIA_QUEUE[1]
    expect(first_row.get_by_role("link")).to_have_text(f"{oldest.first} {oldest.last}")
    expect(first_row).to_contain_text(f"Waiting {oldest.days_ago} days")

    # Select all: every renewal of the visible page, for bulk approval.
    boxes = queue.get_by_role("checkbox", name=re.compile("^Select the renewal of"))
    count = boxes.count()
    assert count >= approvals.PAGE_SIZE - 5
    page.get_by_role("checkbox", name="Select all").click()
    for i in range(count):
        expect(boxes.nth(i)).to_be_checked()
    expect(page.get_by_text(f"{count} renewals selected")).to_be_visible()
    page.get_by_role("checkbox", name="Select all").click()
    expect(page.get_by_role("button", name="Approve selected renewals")).to_have_count(0)

    # Paging on the server, without a cap.
    expect(queue.locator("tbody tr")).to_have_count(approvals.PAGE_SIZE)
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Page 2")).to_be_visible()
    expect(queue.locator("tbody tr").first).not_to_contain_text(f"{oldest.first} {oldest.last}")
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    assert_accessible(page)
    page.get_by_role("button", name="Previous page").click()
    expect(page.get_by_text("Page 1")).to_be_visible()
    expect(first_row.get_by_role("link")).to_have_text(f"{oldest.first} {oldest.last}")


def test_assign_note_approve_and_next_and_reject(
    page: Page, browser: Browser, live_server: LiveServer, db: Db
) -> None:
    page.set_viewport_size(WIDE)
    person, application_id = _renewal(db, "Sasha")
    other, other_id = _renewal(db, "Toby")
    with db.read() as session:
        superintendent_id = session.exec(
            select(Account.id).where(Account.email == MAGNOLIA_SUPER)
        ).one()
    sign_in(page, MAGNOLIA_SUPER)

    # Assign to me, from the application's detail.
    page.goto(f"/approvals?application={application_id}")
    work = page.get_by_role("region", name="Assignment and internal notes")
    expect(work.get_by_text("nobody yet")).to_be_visible()
    work.get_by_role("button", name="Assign to me").click()
    expect(work.get_by_text("Assigned to: you")).to_be_visible()
    expect(work.get_by_role("button", name="Assign to me")).to_have_count(0)
    with db.read() as session:
        row = session.get(Application, application_id)
        assert row is not None and row.assigned_to_id == superintendent_id
        assert session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "application.assigned",
                AuditEvent.entity_id == str(application_id),
            )
        ).one()

    # An internal note, audited.
    note = f"Phoned the institute about {person.name}: certificate genuine."
    work.get_by_label("Internal note").fill(note)
    work.get_by_role("button", name="Add note").click()
    expect(work.get_by_text(note)).to_be_visible()
    expect(work.get_by_label("Internal note")).to_have_value("")
    assert_accessible(page)
    with db.read() as session:
        saved = session.exec(
            select(ApplicationNote).where(ApplicationNote.application_id == application_id)
        ).one()
        assert saved.body == note and saved.author_id == superintendent_id
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "application.note_added",
                AuditEvent.entity_id == str(application_id),
            )
        ).one()
        assert json.loads(event.after_json)["body"] == note

    # The assignee filter.
    page.get_by_role("link", name="Back to the queue").click()
    queue = _queue(page)
    page.get_by_label("Assignee").select_option(label="Assigned to me")
    expect(queue.get_by_role("link", name=person.name)).to_be_visible()
    assigned = demo_queue.MAGNOLIA_QUEUE[3]  # the demo's one assigned application
    expect(queue.get_by_role("link", name=f"{assigned.first} {assigned.last}")).to_be_visible()
    expect(queue.get_by_role("link", name=other.name)).to_have_count(0)
    # Newest first: the earlier test's renewals may fill the first page of the others.
    page.get_by_label("Sort").select_option(label="Newest first")
    page.get_by_label("Assignee").select_option(label="Unassigned")
    expect(queue.get_by_role("link", name=other.name)).to_be_visible()
    expect(queue.get_by_role("link", name=person.name)).to_have_count(0)
    page.get_by_label("Assignee").select_option(label="Anyone")
    expect(queue.get_by_role("link", name=person.name)).to_be_visible()

    # The educator never sees the note.
    educator = browser.new_context(base_url=live_server.url).new_page()
    educator.set_default_timeout(15_000)
    educator.set_viewport_size(WIDE)
    sign_in(educator, person.email, PASSWORD)
    educator.goto("/applications")
    expect(educator.get_by_role("heading", name="Your applications")).to_be_visible()
    expect(educator.get_by_text("Renewal").first).to_be_visible()
    expect(educator.get_by_text("Phoned the institute")).to_have_count(0)
    assert "Phoned the institute" not in educator.content()
    educator.context.close()

    # Approve and next: approved, and the next application opens in place.
    page.goto(f"/approvals?application={application_id}")
    page.get_by_label(VERIFY).check()
    page.get_by_role("button", name="Approve and next").click()
    expect(page.get_by_role("status").filter(has_text="renewed until")).to_be_visible()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("application from")
    expect(heading).not_to_contain_text(person.name)
    expect(page).not_to_have_url(re.compile(f"application={application_id}$"))
    assert _status(db, application_id) == "approved"

    # Reject asks first: Escape cancels and focus returns to Reject.
    page.goto(f"/approvals?application={other_id}")
    page.get_by_label("Reason", exact=True).fill("The certificate is for another educator.")
    reject = page.get_by_role("button", name="Reject", exact=True)
    reject.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Reject this application?")
    page.wait_for_function("d => d.contains(document.activeElement)", arg=dialog.element_handle())
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(reject).to_be_focused()
    assert _status(db, other_id) == "submitted"
    reject.click()
    dialog.get_by_role("button", name="Reject application").click()
    expect(
        page.get_by_role("status").filter(has_text="Rejected. The applicant has been told why.")
    ).to_be_visible()
    expect(heading).not_to_contain_text(other.name)
    expect(heading).to_contain_text("application from")
    assert _status(db, other_id) == "rejected"
    assert demo.MAGNOLIA_SUPERINTENDENT_EMAIL == MAGNOLIA_SUPER
