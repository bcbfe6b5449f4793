"""The one-time-code second factor for approvers and state staff (issue 7)."""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import pytest
import zxingcpp
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import Account, District
from licensure_app.services.accounts.passwords import hash_password

from .conftest import LiveServer, assert_accessible

pytestmark = pytest.mark.e2e

PASSWORD = "a long and quiet harbour at dawn"


def test_new_state_staff_member_enrols_then_needs_a_code(
    page: Page, live_server: LiveServer
) -> None:
    email = f"staff-{uuid.uuid4().hex[:8]}@example.org"
    with Session(make_engine(live_server.db_url)) as db:
        db.add(
            Account(
                email=email,
                password_hash=hash_password(PASSWORD),
                role="state_staff",
                display_name="New Staff",
            )
        )
        db.commit()

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # First sign-in: enrol an authenticator app.
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    secret = page.locator("main code").inner_text().strip()
    page.get_by_label("One-time code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    enrol_code = pyotp.TOTP(secret).now()
    page.get_by_label("One-time code").fill(enrol_code)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The session cookie is HttpOnly: page scripts cannot read it.
    assert "licensure_session" not in page.evaluate("document.cookie")
    with Session(make_engine(live_server.db_url)) as db:
        assert db.exec(select(Account).where(Account.email == email)).one().totp_secret == secret

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?$"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Enrolled: a code, and no QR code this time.
    expect(page.get_by_label("One-time code")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_have_count(0)
    # The code used to enrol is used up: a code works once (issue 13).
    page.get_by_label("One-time code").fill(enrol_code)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("used already")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # The next code (one step ahead is accepted) signs in.
    page.get_by_label("One-time code").fill(pyotp.TOTP(secret).at(int(time.time()) + 30))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


# Draws the <img> the browser rendered onto a white canvas, as a phone's camera would see it,
# and hands back its pixels in grey; null when the browser could not render the image.
_RENDERED_PIXELS = """async (img) => {
    try {
        await img.decode();
    } catch (error) {
        return null;
    }
    if (img.naturalWidth === 0) return null;
    const scale = 4;
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth * scale;
    canvas.height = img.naturalHeight * scale;
    const context = canvas.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const grey = [];
    for (let i = 0; i < rgba.length; i += 4) grey.push(Math.round((rgba[i] + rgba[i + 1] + rgba[i + 2]) / 3));
    return {width: canvas.width, height: canvas.height, grey: grey};
}"""


def _scan(qr_image: Locator) -> str:
    """What an authenticator app reads from the QR code the page shows."""
    qr_image.wait_for()
    pixels = qr_image.evaluate(_RENDERED_PIXELS)
    assert pixels is not None, "the browser did not render the QR code image"
    image = memoryview(bytes(pixels["grey"])).cast("B", (pixels["height"], pixels["width"]))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code could be read from the rendered image"
    return found[0].text


def test_new_approver_enrols_by_scanning_the_qr_code(page: Page, live_server: LiveServer) -> None:
    """Issue 13 #17: the enrolment QR code renders and an authenticator app can scan it."""
    email = f"approver-{uuid.uuid4().hex[:8]}@example.org"
    with Session(make_engine(live_server.db_url)) as db:
        district = db.exec(select(District).order_by(District.id)).first()
        assert district is not None
        db.add(
            Account(
                email=email,
                password_hash=hash_password(PASSWORD),
                role="district_approver",
                district_id=district.id,
                display_name="New Approver",
            )
        )
        db.commit()

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    uri = _scan(page.get_by_role("img", name=re.compile("QR code")))
    assert uri.startswith("otpauth://totp/"), uri
    totp = pyotp.parse_uri(uri)
    assert totp.name == email and totp.issuer == "Educator Licensure"
    page.get_by_label("One-time code").fill(totp.now())
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/approvals/?$"))
    with Session(make_engine(live_server.db_url)) as db:
        enrolled = db.exec(select(Account).where(Account.email == email)).one()
        assert enrolled.totp_secret == totp.secret

    # The approver chooses one e-mail per application instead of the daily digest (issue 14).
    page.goto("/account")
    choice = page.get_by_role("group", name="Queue e-mails")
    expect(choice.get_by_label("A daily digest")).to_be_checked()
    assert_accessible(page)
    choice.get_by_label("One e-mail per application").check()
    page.get_by_role("button", name="Save e-mail choice").click()
    expect(page.get_by_text("Your choice is saved.")).to_be_visible()
    page.reload()
    expect(choice.get_by_label("One e-mail per application")).to_be_checked()
    with Session(make_engine(live_server.db_url)) as db:
        assert db.exec(select(Account).where(Account.email == email)).one().queue_mail == (
            "immediate"
        )


def test_educators_need_no_code(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill("teacher@magnolia.demo.example")
    page.get_by_label("Password").fill("demo-licensure-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_label("One-time code")).to_have_count(0)
