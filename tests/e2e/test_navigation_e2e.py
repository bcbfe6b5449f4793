"""Moving between pages from the menu: each page opens with its data in one answer
(licensure_app/page_load.py), and every page still checks the session as it opens."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.infra import demo
from licensure_app.models import Account, AuthSession

from .conftest import HYDRATED, NEW_PASSWORD, LiveServer, register, sign_in

CHANGED_PASSWORD = "a changed passphrase for the other device"

pytestmark = pytest.mark.e2e


def _frames(page: Page) -> list[str]:
    """Text frames the server sends on the page's websocket from now on."""
    frames: list[str] = []

    def watch(socket) -> None:  # noqa: ANN001
        socket.on("framereceived", lambda p: frames.append(p) if isinstance(p, str) else None)

    page.on("websocket", watch)
    return frames


def test_a_page_opened_from_the_menu_arrives_with_its_data(
    page: Page, live_server: LiveServer
) -> None:
    frames = _frames(page)
    sign_in(page, demo.TEACHER_EMAIL)
    page.goto("/licenses")
    expect(page.get_by_text(demo.TEACHER_LICENSE_NUMBER).first).to_be_visible()
    frames.clear()

    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Professional development").click()
    expect(page).to_have_url(re.compile(r"/pd/?$"))
    expect(page.get_by_text("3 of 5 CEUs").first).to_be_visible()
    expect(page.get_by_text("2 remaining").first).to_be_visible()
    # The message that ends the page's loading carries the tracker itself: the page never
    # shows as loaded but empty, and the server answered the navigation in one event.
    answers = [f for f in frames if HYDRATED in f]
    assert answers, frames
    assert "trackers_rx_state_" in answers[0]

    menu.get_by_role("link", name="Licenses").click()
    expect(page).to_have_url(re.compile(r"/licenses/?$"))
    expect(page.get_by_text(demo.TEACHER_LICENSE_NUMBER).first).to_be_visible()


def _live_sessions(db_url: str, email: str) -> int:
    engine = make_engine(db_url)
    try:
        with Session(engine) as db:
            account = db.exec(select(Account).where(Account.email == email)).one()
            return len(
                db.exec(
                    select(AuthSession).where(
                        AuthSession.account_id == account.id,
                        AuthSession.revoked_at.is_(None),  # type: ignore[union-attr]
                    )
                ).all()
            )
    finally:
        engine.dispose()


def test_a_session_ended_elsewhere_sends_the_next_page_opened_to_sign_in(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    """SPEC §6: sessions are revoked on password change, at once (the server keeps sessions
    it checked moments ago in memory, services/accounts/session_cache.py)."""
    email = f"e2e-nav-{uuid.uuid4().hex[:10]}@example.org"
    register(page, email, "Robin", "Okafor")
    expect(page).to_have_url(re.compile(r"/licenses/?$"))
    page.get_by_role("button", name="Sign out").wait_for()
    # The tab's session has been checked (and so kept) by the server.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Licenses").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The password is changed on another device: that signs out everywhere else.
    other = browser.new_context(base_url=live_server.url).new_page()
    try:
        sign_in(other, email, NEW_PASSWORD)
        other.goto("/account")
        other.get_by_label("Current password").nth(1).fill(NEW_PASSWORD)
        other.get_by_label("New password").fill(CHANGED_PASSWORD)
        other.get_by_label("Confirm password").fill(CHANGED_PASSWORD)
        other.get_by_role("button", name="Change password").click()
        # That device signs in again with a fresh session; the first one is gone.
        expect(other.get_by_text("Password changed", exact=False)).to_be_visible()
    finally:
        other.context.close()
    assert _live_sessions(live_server.db_url, email) == 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_count(0)


@pytest.mark.parametrize("path", ["/login", "/lookup", "/register", "/lookup/100200"])
def test_a_page_address_is_answered_with_the_page_not_a_redirect(
    live_server: LiveServer, path: str
) -> None:
    """A phone pays a round trip for every redirect: /login is served as /login."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(live_server.url + path, timeout=10) as response:
        assert response.status == 200
        assert response.url.endswith(path)
        html = response.read().decode()
    assert "<html" in html.lower()
    scripts = re.findall(r'src="(/assets/[^"]+\.js)"', html) + re.findall(
        r'href="(/assets/[^"]+)"', html
    )
    assert scripts, "the page names its hashed assets"
    with opener.open(live_server.url + scripts[0], timeout=10) as asset:
        assert "immutable" in asset.headers.get("Cache-Control", "")


def test_public_pages_describe_themselves_and_the_site_has_an_icon(
    page: Page, live_server: LiveServer
) -> None:
    import urllib.request

    from licensure_app import routes

    for path, route in [
        ("/", routes.HOME),
        ("/lookup", routes.LOOKUP),
        ("/login", routes.LOGIN),
        ("/register", routes.REGISTER),
    ]:
        page.goto(path)
        description = page.locator('meta[name="description"]')
        expect(description).to_have_attribute("content", routes.DESCRIPTIONS[route])
    with urllib.request.urlopen(live_server.url + "/favicon.ico", timeout=10) as icon:  # noqa: S310
        assert icon.status == 200
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
