"""Phones (issue 16, item 5), at 390 x 844: the header's links behind one "Menu" button, the
look-up's results readable without sideways scrolling, the tracker, the wizard and the
approval queue no wider than the screen, and evidence from the camera: an iPhone's HEIC
photo is stored as JPEG.

Educators are made here (the demo teacher stays as the other tests expect it).
"""

from __future__ import annotations

import io
import re

import pillow_heif
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlmodel import select

from licensure_app.infra import demo
from licensure_app.models import EvidenceFile, PDActivity
from licensure_app.services.pd import evidence

from .applicants import PASSWORD, Db, make_educator, submit_renewal
from .conftest import assert_accessible, open_menu, sign_in, sign_out

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def _menu(page: Page):  # noqa: ANN202
    return page.get_by_role("button", name="Menu", exact=True)


def _no_sideways_scroll(page: Page, where: str) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{where} scrolls sideways at 390 px: {widths}"


def _header_links(page: Page) -> list[str]:
    """The names of the header's visible links and buttons (product name and skip link aside)."""
    return page.locator("#site-menu").evaluate(
        """menu => Array.from(menu.querySelectorAll('a, button'))
            .filter(el => el.offsetParent !== null)
            .map(el => (el.getAttribute('aria-label') || el.textContent).trim())"""
    )


def test_menu_button_opens_closes_by_keyboard_and_its_links_navigate(phone: Page) -> None:
    page = phone
    page.goto("/")
    menu = _menu(page)
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    expect(page.locator("#site-menu")).to_have_count(1)
    lookup = page.get_by_role("banner").get_by_role("link", name="License look-up")
    expect(lookup).to_be_hidden()
    # The skip link is still the first stop.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(lookup).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Register")).to_be_visible()
    assert_accessible(page)
    # Escape closes it and puts focus back on the button.
    page.get_by_role("banner").get_by_role("link", name="Register").focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(lookup).to_be_hidden()

    # By keyboard alone: Enter opens, Tab reaches the links, Space toggles too.
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(lookup).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_focused()
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")
    # A click outside closes it.
    menu.click()
    page.locator("main h1").first.click()
    expect(menu).to_have_attribute("aria-expanded", "false")

    menu.click()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/lookup/?$"))
    expect(page.get_by_role("heading", name="License look-up", level=1)).to_be_visible()
    # The new page opens with its menu closed.
    expect(_menu(page)).to_have_attribute("aria-expanded", "false")


def test_signed_in_menu_has_the_wide_headers_links(page: Page, db: Db) -> None:
    person = make_educator(db, "Quinn")
    page.set_viewport_size(WIDE)
    sign_in(page, person.email, PASSWORD)
    page.goto("/licenses")
    expect(_menu(page)).to_be_hidden()
    wide = _header_links(page)
    assert "Professional development" in wide and "Sign out" in wide, wide

    page.set_viewport_size(PHONE)
    expect(_menu(page)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    assert _header_links(page) == []
    _menu(page).click()
    assert _header_links(page) == wide
    assert_accessible(page)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Professional development"
    ).click()
    expect(page).to_have_url(re.compile(r"/pd/?$"))
    expect(page.get_by_role("button", name="Add activity")).to_be_visible()
    expect(_menu(page)).to_have_attribute("aria-expanded", "false")

    # Signing in and out work at this width (tests/e2e/conftest.py).
    sign_out(page)
    sign_in(page, person.email, PASSWORD)
    open_menu(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_lookup_results_show_name_status_and_expiry_without_sideways_scroll(
    phone: Page,
) -> None:
    page = phone
    page.goto("/lookup")
    page.get_by_label("Name or license number").fill("Thompson, Avery")
    page.get_by_role("button", name="Search", exact=True).click()
    row = page.locator("tbody tr").filter(has_text=demo.TEACHER_LICENSE_NUMBER)
    expect(row).to_have_count(1)
    for label, expected in (("Name", "Thompson, Avery"), ("Status", "Active"), ("Expires", "20")):
        cell = row.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        expect(cell).to_contain_text(expected)
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        # Each value is shown after its column's name.
        shown = cell.evaluate("el => getComputedStyle(el, '::before').content")
        assert label in shown, shown
        assert cell.evaluate("el => el.scrollWidth <= el.clientWidth")
    _no_sideways_scroll(page, "/lookup results")
    assert_accessible(page)
    # Sorting by name still works from the phone.
    expect(page.get_by_role("button", name=re.compile(r"^Name"))).to_be_visible()


def test_tracker_wizard_and_approval_queue_fit_the_screen(page: Page, db: Db) -> None:
    person = make_educator(db, "Rowan")
    waiting = make_educator(db, "Sage")
    submit_renewal(db, waiting)
    page.set_viewport_size(PHONE)
    sign_in(page, person.email, PASSWORD)

    page.goto("/pd")
    expect(page.get_by_text(re.compile(r"of 5 CEUs")).first).to_be_visible()
    _no_sideways_scroll(page, "/pd")
    page.get_by_role("button", name="Add activity").click()
    expect(page.get_by_label("Title")).to_be_visible()
    _no_sideways_scroll(page, "/pd with the activity form open")

    page.goto("/apply")
    expect(page.get_by_label("Application type")).to_be_visible()
    _no_sideways_scroll(page, "/apply")
    page.get_by_label("Application type").select_option(label="Renewal")
    page.get_by_label("License").select_option(value=person.number)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("li[aria-current='step']")).to_contain_text("Eligibility")
    _no_sideways_scroll(page, "/apply, Eligibility step")
    sign_out(page)

    sign_in(page, demo.MAGNOLIA_SUPERINTENDENT_EMAIL)
    page.goto("/approvals")
    expect(page.get_by_role("heading", name="Applications", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=waiting.name)).to_be_visible()
    _no_sideways_scroll(page, "/approvals")


def _heic_photo() -> bytes:
    """A real HEIC photo, as an iPhone's camera saves it (libheif, through pillow-heif)."""
    pillow_heif.register_heif_opener()
    picture = Image.new("RGB", (640, 480), (240, 236, 220))
    for x in range(100, 540):
        for y in (120, 240, 360):
            picture.putpixel((x, y), (20, 20, 20))
    out = io.BytesIO()
    picture.save(out, format="HEIF", quality=80)
    return out.getvalue()


def test_an_iphone_photo_is_evidence_stored_as_jpeg(phone: Page, db: Db) -> None:
    page = phone
    person = make_educator(db, "Indigo")
    sign_in(page, person.email, PASSWORD)
    page.goto("/pd")
    page.get_by_role("button", name="Add activity").click()
    field = page.get_by_label("Evidence")
    accept = field.get_attribute("accept") or ""
    assert "image/*" in accept and ".heic" in accept and "application/pdf" in accept, accept

    # A file that only claims to be a HEIC photo is refused, with why.
    fake = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x13\x37" * 400
    field.set_input_files(
        files=[{"name": "IMG_0001.HEIC", "mimeType": "image/heic", "buffer": fake}]
    )
    expect(
        page.get_by_role("alert").filter(has_text="IMG_0001.HEIC could not be read as a HEIC photo")
    ).to_be_visible()

    # "Take a photo" opens the same input with the camera hint; the phone hands back HEIC.
    with page.expect_file_chooser() as chosen:
        page.get_by_role("button", name="Take a photo", exact=True).click()
    chooser = chosen.value
    assert chooser.element.get_attribute("capture") == "environment"
    assert chooser.element.get_attribute("accept") == "image/*"
    photo = _heic_photo()
    chooser.set_files(files=[{"name": "IMG_0042.HEIC", "mimeType": "image/heic", "buffer": photo}])
    expect(page.get_by_text("IMG_0042.jpg (")).to_be_visible()

    title = "Science of reading, photographed certificate"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Provider").fill("Magnolia County School District")
    page.get_by_label("Kind").select_option(label="CEU")
    page.get_by_label("Amount").fill("1")
    page.get_by_label("Completion date").fill("2026-09-15")
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_role("link", name="IMG_0042.jpg")).to_be_visible()
    _no_sideways_scroll(page, "/pd with a photo attached")

    with db.read() as session:
        activity = session.exec(
            select(PDActivity).where(
                PDActivity.holder_id == person.profile_id, PDActivity.title == title
            )
        ).one()
        rows = session.exec(
            select(EvidenceFile).where(EvidenceFile.activity_id == activity.id)
        ).all()
        assert len(rows) == 1
        row = rows[0]
        content_type, name, size = row.content_type, row.original_name, row.size_bytes
        stored = evidence.file_path(row).read_bytes()
        # Nothing of the refused file was kept.
        names = session.exec(
            select(EvidenceFile.original_name).where(EvidenceFile.owner_id == person.profile_id)
        ).all()
    assert "IMG_0001.HEIC" not in names and "IMG_0001.jpg" not in names
    assert content_type == "image/jpeg"
    assert name == "IMG_0042.jpg"
    assert stored.startswith(b"\xff\xd8\xff") and size == len(stored)
    with Image.open(io.BytesIO(stored)) as picture:
        assert picture.format == "JPEG" and picture.size == (640, 480)
