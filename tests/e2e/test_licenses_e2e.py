"""Licenses end to end: the demo teacher's license and checklist, printing, and claiming."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock, demo
from licensure_app.models import Account, EducatorProfile, License
from licensure_app.services import licensing as svc

from .conftest import NEW_PASSWORD, LiveServer, assert_accessible, register, sign_in, sign_out

pytestmark = pytest.mark.e2e

PASSWORD = NEW_PASSWORD
TEACHER_NUMBER = demo.TEACHER_LICENSE_NUMBER
JORDAN_NUMBER = demo.UNCLAIMED_LICENSE_NUMBER


def _unique_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}@example.org"


def _register(page: Page, email: str, first: str, last: str) -> None:
    register(page, email, first, last, PASSWORD)
    # Educators land on their licenses.
    expect(page).to_have_url(re.compile(r"/licenses/?$"))
    page.get_by_role("button", name="Sign out").wait_for()


def _claim(page: Page, number: str, date_of_birth: str) -> None:
    page.get_by_label("License number").fill(number)
    page.get_by_label("Date of birth").fill(date_of_birth)
    page.get_by_role("button", name="Claim license").click()


def _pdf_pages(page: Page, paper: str) -> int:
    pdf = page.pdf(format=paper, prefer_css_page_size=True, print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_teacher_sees_license_warning_checklist_and_prints(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, demo.TEACHER_EMAIL)
    page.goto("/licenses")
    card = page.get_by_role("region", name=f"Standard license {TEACHER_NUMBER}")
    expect(card).to_be_visible()
    expires = format_date(clock.today() + timedelta(days=demo.TEACHER_DAYS_TO_EXPIRY))
    expect(card.locator("dd").filter(has_text=re.compile(r"^AA$"))).to_be_visible()
    expect(card.locator("dd").filter(has_text=expires)).to_be_visible()
    expect(card.locator("dd").filter(has_text=TEACHER_NUMBER)).to_be_visible()
    expect(card.get_by_text("0190 Mathematics (7-12)")).to_be_visible()
    # The warning is words in a status region, not colour alone.
    band = card.get_by_role("status")
    expect(band).to_contain_text(f"Expires in {demo.TEACHER_DAYS_TO_EXPIRY} days")
    # "Renew now" is a link to the tracker, where renewing starts.
    expect(band.get_by_role("link", name="Renew now")).to_have_attribute("href", "/pd")
    expect(card.get_by_role("link", name="Track renewal")).to_have_attribute("href", "/pd")

    checklist = page.get_by_role("region", name="Your checklist")
    expect(checklist.get_by_role("rowheader", name="Mississippi College")).to_be_visible()
    expect(
        checklist.get_by_role("rowheader", name="University of Southern Mississippi")
    ).to_be_visible()
    expect(checklist.get_by_text(re.compile(r"^Cleared on \d+ \w+ \d{4}$"))).to_be_visible()
    expect(checklist.get_by_text("Praxis Mathematics: Content Knowledge (5161)")).to_be_visible()
    expect(checklist.get_by_role("cell", name="Passed")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="Print").click()
    expect(page).to_have_url(re.compile(rf"/licenses/print/{TEACHER_NUMBER}/?$"))
    lookup_url = f"{live_server.url}/lookup/{TEACHER_NUMBER}"
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    expect(qr).to_have_attribute("alt", re.compile(re.escape(lookup_url) + "$"))
    assert qr.get_attribute("src") == svc.qr_svg(lookup_url)
    expect(page.get_by_text(f"Verify at {lookup_url}")).to_be_visible()
    expect(page.get_by_role("heading", name="Educator License", level=1)).to_be_visible()
    expect(page.locator("main").get_by_text("Avery Lynn Thompson")).to_be_visible()
    expect(page.get_by_role("button", name="Print this license")).to_be_visible()
    assert_accessible(page)

    # On paper: no site header or controls, and the license fits one A4 and one Letter sheet.
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this license")).to_be_hidden()
    expect(qr).to_be_visible()
    # PDFs follow the emulated media, so they are made while "print" is emulated.
    assert _pdf_pages(page, "A4") == 1
    assert _pdf_pages(page, "Letter") == 1
    page.emulate_media(media="screen")


def test_new_educator_claims_the_unclaimed_license(page: Page, live_server: LiveServer) -> None:
    email = _unique_email()
    _register(page, email, "Jordan", "Rivera")
    expect(page.get_by_text("No license is linked to your account yet.")).to_be_visible()
    expect(page.get_by_text("No transcripts received yet.")).to_be_visible()
    expect(page.get_by_text("No background check on record.")).to_be_visible()
    expect(page.get_by_text("No assessment scores on record.")).to_be_visible()
    assert_accessible(page)

    _claim(page, JORDAN_NUMBER, "1990-04-12")
    expect(page.get_by_role("alert")).to_have_text(svc.CLAIM_NO_MATCH)
    expect(page.get_by_text("No license is linked to your account yet.")).to_be_visible()
    assert_accessible(page)

    _claim(page, JORDAN_NUMBER, demo.UNCLAIMED_DATE_OF_BIRTH.isoformat())
    expect(page.get_by_role("status").filter(has_text="is now linked")).to_have_text(
        f"License {JORDAN_NUMBER} is now linked to your account. {svc.CLAIM_AWAITS_CONFIRMATION}"
    )
    card = page.get_by_role("region", name=f"Standard license {JORDAN_NUMBER}")
    expect(card).to_be_visible()
    expect(card.get_by_text("0154 English (7-12)")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    # The form is empty again after a successful claim.
    expect(page.get_by_label("License number")).to_have_value("")
    assert_accessible(page)

    with Session(make_engine(live_server.db_url)) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        profiles = db.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account.id)
        ).all()
        assert len(profiles) == 1
        linked = profiles[0]
        assert linked.date_of_birth == demo.UNCLAIMED_DATE_OF_BIRTH
        license = db.exec(select(License).where(License.license_number == JORDAN_NUMBER)).one()
        assert license.holder_id == linked.id

    # The license is now Jordan's to print.
    card.get_by_role("link", name="Print").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    expect(page.locator("main").get_by_text("Jordan Rivera", exact=True)).to_be_visible()

    # Another educator cannot open it.
    sign_out(page)
    expect(page).to_have_url(re.compile(r"/login/?$"))
    _register(page, _unique_email(), "Casey", "Morgan")
    page.goto(f"/licenses/print/{JORDAN_NUMBER}")
    expect(page.get_by_role("alert")).to_contain_text("You do not have access to this license")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_have_count(0)
    expect(page.locator("main").get_by_text("Jordan Rivera")).to_have_count(0)
    assert_accessible(page)
