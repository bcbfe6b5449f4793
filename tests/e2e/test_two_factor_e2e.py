"""The one-time-code second factor for approvers and state staff (issue 7)."""

from __future__ import annotations

import re
import time
import uuid

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import Account
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


def test_educators_need_no_code(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill("teacher@magnolia.demo.example")
    page.get_by_label("Password").fill("demo-licensure-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_label("One-time code")).to_have_count(0)
