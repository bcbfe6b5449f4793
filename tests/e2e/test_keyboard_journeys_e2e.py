"""Keyboard-only journeys (issue 17.8, WCAG 2.1.1): registering, adding a professional
development activity and filing a renewal, with Tab, Shift+Tab, arrows, Space, Enter and
typing only. The mouse is never used; each control is reached by pressing Tab from where
the page put focus, so a control Tab cannot reach fails the test. Signing in (not the
journey under test) uses the shared helper. Each outcome is checked on the page and in
the database."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import select

from licensure_app.infra import clock
from licensure_app.models import Account, Application, EducatorProfile, PDActivity

from .applicants import PASSWORD, Db, make_educator
from .conftest import sign_in

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "keys only, never the mouse, all the way"
TAB_LIMIT = 60


def _focused(target: Locator) -> bool:
    return target.evaluate("el => el === document.activeElement")


def tab_to(page: Page, target: Locator, key: str = "Tab") -> None:
    """Press Tab (or `key`) until `target` has focus; fail if it never gets it."""
    target.wait_for()
    for _ in range(TAB_LIMIT):
        if _focused(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def _step(page: Page, name: str, focused: bool = True) -> None:
    """A new wizard step shows and focuses its heading (the next Tab starts from there)."""
    heading = page.locator("#wizard-step-heading")
    expect(heading).to_have_text(name)
    if focused:
        expect(heading).to_be_focused()


def test_registration_by_keyboard_alone(page: Page, db: Db) -> None:
    email = f"keys-{uuid.uuid4().hex[:10]}@example.org"
    page.goto("/register")
    type_into(page, page.get_by_label("First name"), "Robin")
    type_into(page, page.get_by_label("Last name"), "Keyes")
    type_into(page, page.get_by_label("Email"), email)
    type_into(page, page.get_by_label("Password", exact=True), NEW_PASSWORD)
    type_into(page, page.get_by_label("Confirm password"), NEW_PASSWORD)
    tab_to(page, page.get_by_role("button", name="Create account"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/licenses/?$"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    with db.read() as session:
        account = session.exec(select(Account).where(Account.email == email)).one()
        profile = session.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account.id)
        ).one()
        assert (profile.first_name, profile.last_name) == ("Robin", "Keyes")


def test_adding_an_activity_by_keyboard_alone(page: Page, db: Db) -> None:
    person = make_educator(db, "Blair")
    sign_in(page, person.email, PASSWORD)
    page.goto("/pd")
    tab_to(page, page.get_by_role("button", name="Add activity"))
    page.keyboard.press("Enter")
    # The form opens with focus in its first field.
    title = page.get_by_label("Title")
    expect(title).to_be_focused()
    page.keyboard.type("Keyboard literacy seminar")
    type_into(page, page.get_by_label("Provider"), "Magnolia County School District")
    kind = page.get_by_label("Kind")
    tab_to(page, kind)
    page.keyboard.type("CEU")  # a closed native select picks the option typed
    expect(kind).to_have_value("ceu")
    type_into(page, page.get_by_label("Amount"), "1.5")
    completed = clock.today() - timedelta(days=10)
    date_field = page.get_by_label("Completion date")
    type_into(page, date_field, completed.strftime("%m%d%Y"))
    expect(date_field).to_have_value(completed.isoformat())
    tab_to(page, page.get_by_role("button", name="Save activity"))
    page.keyboard.press("Enter")

    result = page.locator("#pd-result")
    expect(result).to_have_text("Activity saved")
    expect(result).to_be_focused()
    expect(page.get_by_role("cell", name="Keyboard literacy seminar", exact=True)).to_be_visible()
    with db.read() as session:
        saved = session.exec(
            select(PDActivity).where(
                PDActivity.holder_id == person.profile_id,
                PDActivity.title == "Keyboard literacy seminar",
            )
        ).one()
        assert (saved.kind, saved.amount, saved.completed_on) == ("ceu", 1.5, completed)


def test_filing_a_renewal_by_keyboard_alone(page: Page, db: Db) -> None:
    person = make_educator(db, "Casey")  # 5 CEUs counted: the first option is met
    sign_in(page, person.email, PASSWORD)
    page.goto("/pd")
    tab_to(page, page.get_by_role("button", name="File renewal application"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/apply"))
    _step(page, "Eligibility", focused=False)
    expect(page.get_by_label("5 CEUs (met)")).to_be_checked()
    for step in ("Questions", "Attachments", "Review", "Declaration"):
        tab_to(page, page.get_by_role("button", name="Next"))
        page.keyboard.press("Enter")
        _step(page, step)

    # A radio group is one tab stop; the arrow keys choose within it.
    for question in ("conduct_convicted", "conduct_disciplined"):
        tab_to(page, page.locator(f"#{question}-yes"))
        page.keyboard.press("ArrowRight")
        expect(page.locator(f"#{question}-no")).to_be_checked()
        expect(page.locator(f"#{question}-yes")).not_to_be_checked()
    sworn = page.get_by_label("I swear that the information")
    tab_to(page, sworn)
    page.keyboard.press("Space")
    expect(sworn).to_be_checked()
    # Back from the submit button to the declaration: Shift+Tab reaches it too.
    tab_to(page, page.get_by_role("button", name="Submit application"))
    tab_to(page, sworn, key="Shift+Tab")
    tab_to(page, page.get_by_role("button", name="Submit application"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/applications"))
    expect(page.get_by_text("Application submitted.")).to_be_visible()
    badge = page.locator(".status-badge", has_text="Submitted")
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("data-tone", "progress")
    with db.read() as session:
        filed = session.exec(
            select(Application).where(
                Application.applicant_id == person.profile_id,
                Application.app_type == "renewal",
            )
        ).all()
        assert [a.status for a in filed] == ["submitted"]
        assert filed[0].license_id == person.license_id
        assert filed[0].submitted_at is not None
