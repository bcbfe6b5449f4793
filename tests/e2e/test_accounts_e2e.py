"""Accounts end to end: register, sign in and out, profile, access rules, reset, lock-out."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import Account, AuditEvent, EducatorProfile, OutboxEmail
from tests.support import SmtpSink, eventually

from .conftest import NEW_PASSWORD, LiveServer, assert_accessible, register, sign_in, sign_out

pytestmark = pytest.mark.e2e

PASSWORD = NEW_PASSWORD


def _register(page: Page, email: str, first: str = "Dana", last: str = "Whitfield") -> None:
    register(page, email, first, last, PASSWORD, check_accessible=True)


def _unique_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}@example.org"


def _db(live_server: LiveServer) -> Session:
    return Session(make_engine(live_server.db_url))


def test_educator_account_journey(page: Page, live_server: LiveServer) -> None:
    email = _unique_email()
    _register(page, email)
    # Lands signed in on their own page.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/licenses/?$"))
    page.goto("/profile")
    expect(page.get_by_label("First name")).to_have_value("Dana")
    assert_accessible(page)

    sign_out(page)
    expect(page).to_have_url(re.compile(r"/login/?$"))

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not the right password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is incorrect")
    assert_accessible(page)

    sign_in(page, email, PASSWORD)
    page.goto("/profile")
    # Type only once the profile has loaded: loading re-mounts the form with saved values.
    expect(page.get_by_label("First name")).to_have_value("Dana")
    page.get_by_label("Phone").fill("(601) 555-0134")
    page.get_by_label("Street address").fill("12 Magnolia Street")
    page.get_by_label("City").fill("Jackson")
    page.get_by_label("State").fill("ms")
    page.get_by_label("ZIP code").fill("3920")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Enter a 5-digit ZIP code", exact=False)).to_be_visible()
    expect(page.get_by_label("ZIP code")).to_be_focused()
    page.get_by_label("ZIP code").fill("39205")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved")).to_be_visible()
    assert_accessible(page)

    page.reload()
    expect(page.get_by_label("Phone")).to_have_value("601-555-0134")
    expect(page.get_by_label("City")).to_have_value("Jackson")
    expect(page.get_by_label("State")).to_have_value("MS")
    expect(page.get_by_label("ZIP code")).to_have_value("39205")

    with _db(live_server) as db:
        account = db.exec(select(Account).where(Account.email == email)).one()
        profile = db.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account.id)
        ).one()
        assert (profile.phone, profile.city, profile.zip_code) == (
            "601-555-0134",
            "Jackson",
            "39205",
        )
        event = db.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "profile.updated", AuditEvent.actor_id == account.id)
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None and "39205" in event.after_json and "Jackson" in event.after_json

    for forbidden in ("/approvals", "/admin"):
        page.goto(forbidden)
        expect(page.get_by_text("You do not have access to this page")).to_be_visible()
        assert_accessible(page)

    sign_out(page)
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/login/?\?next=%2Fprofile(%2F)?$"))
    # Signing in from there returns to where the user was going.
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/profile/?$"))
    expect(page.get_by_label("City")).to_have_value("Jackson")


def test_password_reset_through_the_emailed_link(
    page: Page, live_server: LiveServer, smtp_sink: SmtpSink
) -> None:
    email = _unique_email()
    _register(page, email, first="Riley", last="Okafor")
    sign_out(page)

    page.goto("/forgot-password")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account uses that email")

    # The app delivers the message to the SMTP server by itself.
    mail = smtp_sink.wait_for(email, "password")
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/reset-password\?token=\S+", body)
    assert link is not None

    def delivered() -> bool:
        with _db(live_server) as db:
            stored = db.exec(
                select(OutboxEmail)
                .where(OutboxEmail.to_address == email)
                .order_by(OutboxEmail.id.desc())
            ).first()
        return stored is not None and stored.status == "sent"

    eventually(delivered)  # and the outbox records it as sent
    path = link.group(0).split("/", 3)[3]

    new_password = "seven purple otters sailing home"
    page.goto("/" + path)
    page.get_by_label("New password").fill("short")
    page.get_by_label("Confirm password").fill("short")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Use at least 15 characters.")).to_be_visible()
    page.get_by_label("New password").fill(new_password)
    page.get_by_label("Confirm password").fill(new_password)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is set")
    assert_accessible(page)

    # The link works once.
    page.goto("/" + path)
    expect(page.get_by_text("This link has expired or was already used.")).to_be_visible()

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is incorrect")
    sign_in(page, email, new_password)


def test_registering_a_taken_email_only_says_check_your_email(
    page: Page, live_server: LiveServer
) -> None:
    """The form does not tell whether an email has an account; its owner hears of the try."""
    email = _unique_email()
    _register(page, email, first="Ada", last="Cole")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    sign_out(page)
    _register(page, email, first="Eve", last="Stone")
    expect(page.get_by_role("status")).to_have_text(
        "Check your email: we have sent a message to that address that says how to go on."
    )
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    with _db(live_server) as db:
        notice = db.exec(
            select(OutboxEmail).where(
                OutboxEmail.to_address == email,
                OutboxEmail.subject.startswith("Someone tried to register with your email address"),
            )
        ).one()
        assert "forgot-password" in notice.body


def test_links_from_other_sites_neither_sign_in_nor_out(page: Page) -> None:
    """Login CSRF and sign-out CSRF: a ticket or the sign-out route opened by a link."""
    email = _unique_email()
    _register(page, email, first="Lee", last="Park")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/api/session/end")  # what a link or an image on another site does
    page.goto("/profile")
    expect(page.get_by_label("First name")).to_have_value("Lee")  # still signed in
    sign_out(page)
    page.goto("/api/session/start?ticket=an-attackers-ticket")
    expect(page).to_have_url(re.compile(r"/login/?\?expired=1$"))
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_lock_out_after_repeated_failures(page: Page) -> None:
    email = _unique_email()
    _register(page, email, first="Morgan", last="Lee")
    sign_out(page)
    for attempt in range(5):
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(f"wrong password number {attempt}")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("Email or password is incorrect")
    # Now even the right password is refused for a while.
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_demo_superintendent_reaches_approvals_not_admin(page: Page) -> None:
    sign_in(page, "superintendent@magnolia.demo.example")
    page.goto("/approvals")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("You do not have access to this page")).to_have_count(0)
    assert_accessible(page)
    page.goto("/admin")
    expect(page.get_by_text("You do not have access to this page")).to_be_visible()
    page.goto("/profile")
    expect(page.get_by_text("You do not have access to this page")).to_be_visible()


def test_public_pages_are_accessible_signed_out(page: Page) -> None:
    for path in ("/", "/login", "/register", "/forgot-password"):
        page.goto(path)
        expect(page.get_by_role("main")).to_be_visible()
        assert_accessible(page)
    page.goto("/login")
    expect(page.get_by_text("Demo mode")).to_be_visible()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_legal_name_changes_only_when_state_staff_approve(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    """Issue 13 #8: the educator asks, with a document; state staff view it and approve."""
    email = _unique_email()
    _register(page, email, first="Casey", last="Morgan")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/profile")
    expect(page.get_by_label("Last name", exact=True)).to_have_value("Morgan")
    expect(page.get_by_label("Last name", exact=True)).not_to_be_editable()
    page.get_by_role("button", name="Request a name change").click()
    page.get_by_label("New first name").fill("Casey")
    page.get_by_label("New last name").fill("Morgan-Reyes")
    page.get_by_label("Reason for the change").fill("Marriage")
    certificate = tmp_path / "marriage-certificate.pdf"
    certificate.write_bytes(PDF)
    page.get_by_label("Document showing the new name").set_input_files(str(certificate))
    expect(page.get_by_text("marriage-certificate.pdf (1 KB) attached")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("is waiting for the state licensure office")).to_be_visible()
    expect(page.get_by_label("Last name", exact=True)).to_have_value("Morgan")
    sign_out(page)

    sign_in(page, "state.office@demo.example")
    page.goto("/admin")
    page.get_by_role("tab", name="Name changes").click()
    request = page.get_by_role("article").filter(has_text="Casey Morgan-Reyes")
    expect(request.get_by_text("Marriage", exact=True)).to_be_visible()
    request.get_by_role("button", name="View marriage-certificate.pdf").click()
    # The PDF shows in the page: the app lets its own pages frame evidence (issue 13 #16).
    frame = request.locator("iframe")
    expect(frame).to_be_visible()
    src = frame.get_attribute("src") or ""
    assert src.startswith("/api/evidence/")
    shown = frame.element_handle().content_frame()
    assert shown is not None
    shown.wait_for_load_state()
    # A frame the browser refused to show (X-Frame-Options, frame-ancestors) is an error page.
    assert shown.url.endswith(src), shown.url
    assert_accessible(page)
    request.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved. The legal name is now Casey Morgan-Reyes.")).to_be_visible()
    sign_out(page)

    sign_in(page, email, PASSWORD)
    page.goto("/profile")
    expect(page.get_by_label("Last name", exact=True)).to_have_value("Morgan-Reyes")
    with _db(live_server) as db:
        profile = db.exec(
            select(EducatorProfile).where(EducatorProfile.last_name == "Morgan-Reyes")
        ).one()
        assert profile.previous_names == "Casey Morgan"


def test_sign_in_pressed_while_the_page_loads_is_sent_once_it_has_loaded(
    browser: Browser, live_server: LiveServer
) -> None:
    """The form works before the server has run the page's load, whose handler resets the
    sign-in steps. A sign-in the server took before it was undone by it: the form emptied
    and nothing else happened (CI, 2 workers: 3 to 6 in 40 quick sign-ins). Sent only once
    the page has loaded, it goes through."""
    from licensure_app.infra import demo
    from tests.support import DEMO_PASSWORD

    holding = [True]
    held: list[str | bytes] = []
    to_server: list[str] = []
    routes: list[WebSocketRoute] = []

    def slow_load(route: WebSocketRoute) -> None:
        # Connected at once; the server's answers (the page's load) held back.
        server = route.connect_to_server()
        routes.append(route)

        def from_page(message: str | bytes) -> None:
            to_server.append(str(message))
            server.send(message)

        def from_server(message: str | bytes) -> None:
            if holding[0] and str(message).startswith("42"):
                held.append(message)
            else:
                route.send(message)

        route.on_message(from_page)
        server.on_message(from_server)

    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.route_web_socket(re.compile(r".*/_event.*"), slow_load)
        page.goto("/login")
        # React handles the form; the page's load is not answered yet.
        page.wait_for_function(
            "() => Object.keys(document.querySelector('form')).some("
            "(k) => k.startsWith('__reactProps'))"
        )
        page.get_by_label("Email").fill(demo.PINE_VALLEY_SUPERINTENDENT_EMAIL)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_timeout(1000)
        assert not [m for m in to_server if ".sign_in" in m], "sent before the page loaded"
        assert "password" not in page.url

        holding[0] = False
        for message in held:
            routes[-1].send(message)
        code = page.get_by_label("One-time code")
        expect(code).to_be_visible()
        page.wait_for_timeout(500)
        expect(code).to_be_visible()
        assert len([m for m in to_server if ".sign_in" in m]) == 1
    finally:
        context.close()


def test_sign_in_pressed_before_the_page_is_ready_is_sent_once_it_is(page: Page) -> None:
    """Pages paint before their JavaScript has run (infra/deferred_hydration.py). A form
    sent in that moment is held, never sent by the browser itself (which would put the
    password in the address), and goes out once the page is ready."""
    from licensure_app.infra import demo
    from tests.support import DEMO_PASSWORD

    held, requested, released = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    # The page's JavaScript waits until released.
    page.route(
        "**/assets/*.js", lambda route: route.continue_() if released else held.append(route)
    )
    page.goto("/login", wait_until="commit")
    page.get_by_label("Email").fill(demo.TEACHER_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_timeout(500)
    assert "password" not in page.url and DEMO_PASSWORD not in page.url
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    released.append(True)
    for route in held:
        route.continue_()
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)
    assert not [url for url in requested if "password" in url or DEMO_PASSWORD in url]
