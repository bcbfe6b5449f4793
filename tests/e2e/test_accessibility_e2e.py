"""Accessibility where the other tests do not look (issue 17, SPEC §6).

- Every confirmation dialog by keyboard: focus moves in, Tab stays inside, Escape closes,
  focus returns to the control that opened it; a reload never reopens it.
- The skip link moves focus to <main>; a page change moves focus to the new page's h1 and
  announces it; an action's result message takes focus and is announced.
- Non-text contrast computed from the rendered styles: field, checkbox and select borders
  and the focus ring at least 3:1 on white, the red confirm button's text at least 4.5:1;
  every status badge tone's text at least 4.5:1 on its background, its border 3:1 on white.
- Wide tables are focusable, named regions that scroll by keyboard at 390 px.
- axe-core (no serious or critical violation) on every page of every role at 1280 px and
  390 px, with dialogs open, forms in their error state and each wizard step, and on the
  app-shell 404 page.
- The home page's actions are links, one tab stop each.

Keyboard-only journeys are in test_keyboard_journeys_e2e.py.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from licensure_app.domain.status import TONES, tone_of_label
from licensure_app.infra import clock, demo
from licensure_app.models import ROLE_EDUCATOR, License
from licensure_app.services import applications, audit

from .applicants import PASSWORD, PDF, VERIFY, Db, Person, make_educator, submit_renewal
from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)
TEACHER = demo.TEACHER_EMAIL


def _focused_inside(locator: Locator) -> bool:
    return locator.evaluate("el => el.contains(document.activeElement)")


def _is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def _check_dialog(page: Page, trigger: Locator, title: str) -> Locator:
    """Open the dialog from `trigger` by keyboard and check focus in, trap, Escape, return.

    Leaves the dialog open again (opened a second time) and returns it.
    """
    opener = trigger.element_handle()  # the page behind an open dialog is hidden from roles
    # The page may still be placing focus itself (a new wizard step focuses its heading).
    page.wait_for_timeout(300)
    opener.focus()
    page.wait_for_function("el => el === document.activeElement", arg=opener)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("alertdialog", name=title)
    expect(dialog).to_be_visible()
    page.wait_for_function("el => el.contains(document.activeElement)", arg=dialog.element_handle())
    for key in ["Tab"] * 5 + ["Shift+Tab"] * 7:
        page.keyboard.press(key)
        assert _focused_inside(dialog), f"{key} left the dialog {title!r}"
    page.keyboard.press("Escape")
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    page.wait_for_function("el => el === document.activeElement", arg=opener)
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    return dialog


def _active_text(page: Page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.textContent : ''")


def _new_educator(db: Db, first: str) -> Person:
    return make_educator(db, first)


def _draft(db: Db, person: Person, app_type: str) -> int:
    with db.write() as session:
        actor = audit.Actor(person.account_id, ROLE_EDUCATOR)
        return applications.start_or_resume(
            session, actor, person.profile_id, app_type, person.number
        ).application_id


# ---------------------------------------------------------------- dialogs by keyboard


def test_educator_dialogs_by_keyboard(page: Page, db: Db) -> None:
    person = _new_educator(db, "Kai")
    submit_renewal(db, person)
    _draft(db, person, "additional_endorsement")
    sign_in(page, person.email, PASSWORD)

    # Delete an activity: the dialog, then a reload does not bring it back.
    page.goto("/pd")
    delete = page.get_by_role("button", name="Delete Literacy institute")
    dialog = _check_dialog(page, delete, "Delete this activity?")
    _axe_both_widths(page, "/pd delete dialog")
    page.reload()
    expect(page.get_by_role("heading", name="Professional development", level=1)).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)

    # Withdraw and discard on /applications.
    page.goto("/applications")
    withdraw = page.get_by_role("button", name="Withdraw", exact=True).element_handle()
    dialog = _check_dialog(
        page, page.get_by_role("button", name="Withdraw", exact=True), "Withdraw this application?"
    )
    _axe_both_widths(page, "/applications withdraw dialog")
    dialog.get_by_role("button", name="Keep it").press("Enter")
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    page.wait_for_function("el => el === document.activeElement", arg=withdraw)

    discard = page.get_by_role("button", name="Discard draft")
    dialog = _check_dialog(page, discard, "Discard this draft?")
    _axe_both_widths(page, "/applications discard dialog")
    # Confirming: focus lands on the result message, which is announced.
    dialog.get_by_role("button", name="Discard draft").focus()
    page.keyboard.press("Enter")
    result = page.locator("#applications-result")
    expect(result).to_have_text("Draft discarded.")
    page.wait_for_function("el => el === document.activeElement", arg=result.element_handle())
    expect(page.locator("#licensure-announcer")).to_have_text("Draft discarded.")

    # The wizard's own "Discard draft" (an upgrade from the eligibility step says no).
    page.goto("/apply")
    page.get_by_label("Application type").select_option(label="Upgrade")
    page.get_by_label("License").select_option(index=1)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("You cannot file this application yet:")).to_be_visible()
    dialog = _check_dialog(
        page, page.get_by_role("button", name="Discard draft"), "Discard this draft?"
    )
    _axe_both_widths(page, "/apply discard dialog")
    page.keyboard.press("Escape")


def test_bulk_approval_dialog_by_keyboard(page: Page, db: Db) -> None:
    first, second = _new_educator(db, "Lane"), _new_educator(db, "Morgan")
    submit_renewal(db, first)
    submit_renewal(db, second)
    sign_in(page, demo.MAGNOLIA_SUPERINTENDENT_EMAIL)
    page.goto("/approvals")
    for person in (first, second):
        box = page.get_by_role("checkbox", name=f"Select the renewal of {person.name}")
        box.click()
        expect(box).to_be_checked()
    opener = page.get_by_role("button", name="Approve selected renewals")
    dialog = _check_dialog(page, opener, "Approve these renewals?")
    # The form in its error state, inside the dialog.
    dialog.get_by_role("button", name="Approve 2 renewals").press("Enter")
    expect(dialog.get_by_role("alert")).to_contain_text("Confirm that you have verified")
    _axe_both_widths(page, "/approvals bulk dialog with errors")
    dialog.get_by_label(VERIFY).check()
    dialog.get_by_role("button", name="Approve 2 renewals").press("Enter")
    result = page.locator("#approvals-result")
    expect(result).to_contain_text("Approved 2 renewals.")
    page.wait_for_function("el => el.contains(document.activeElement)", arg=result.element_handle())


# ---------------------------------------------------------------- skip link, focus, announcements


def test_skip_link_navigation_and_result_focus(page: Page, db: Db) -> None:
    person = _new_educator(db, "Noor")
    sign_in(page, person.email, PASSWORD)
    page.goto("/licenses")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()

    # A page change focuses the new page's h1 and announces the page.
    page.get_by_role("link", name="Professional development").click()
    heading = page.get_by_role("heading", name="Professional development", level=1)
    expect(heading).to_be_focused()
    expect(page.locator("#licensure-announcer")).to_contain_text("Professional development")

    # Saving an activity: focus on the result message, announced.
    page.get_by_role("button", name="Add activity").click()
    page.get_by_label("Title").fill("Keyboard workshop")
    page.get_by_label("Provider").fill("MDE")
    page.get_by_label("Kind").select_option(label="CEU")
    page.get_by_label("Amount").fill("1")
    page.get_by_label("Completion date").fill("2026-09-15")
    page.get_by_role("button", name="Save activity").press("Enter")
    result = page.locator("#pd-result")
    expect(result).to_have_text("Activity saved")
    expect(result).to_be_focused()
    expect(page.locator("#licensure-announcer")).to_have_text("Activity saved")


# ---------------------------------------------------------------- contrast of controls

_CONTRAST_JS = """
([selector, property]) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const value = property.startsWith('::before ')
    ? getComputedStyle(el, '::before')[property.slice(9)]
    : getComputedStyle(el)[property];
  return value;
}
"""


def _rgb(css: str) -> tuple[float, float, float, float]:
    """The first colour in a computed CSS value (rgb/rgba or color(srgb ...))."""
    m = re.search(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", css)
    if m:
        r, g, b = (float(m.group(i)) / 255 for i in (1, 2, 3))
        return r, g, b, float(m.group(4) or 1)
    m = re.search(r"color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: / ([\d.]+))?\)", css)
    assert m, f"no colour in {css!r}"
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4) or 1)


def _on_white(css: str) -> tuple[float, float, float]:
    r, g, b, a = _rgb(css)
    return tuple(c * a + (1 - a) for c in (r, g, b))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


WHITE = (1.0, 1.0, 1.0)


def _style(page: Page, selector: str, prop: str) -> str:
    value = page.evaluate(_CONTRAST_JS, [selector, prop])
    assert value, f"{selector} not on the page"
    return value


def test_controls_reach_non_text_contrast(page: Page, db: Db) -> None:
    first, second = _new_educator(db, "Quinn"), _new_educator(db, "Rowan")
    submit_renewal(db, first)
    submit_renewal(db, second)
    sign_in(page, first.email, PASSWORD)
    page.goto("/pd")
    page.get_by_role("button", name="Add activity").click()
    title = page.get_by_label("Title")
    title.focus()
    field = _on_white(_style(page, ".rt-TextFieldRoot", "boxShadow"))
    assert contrast(field, WHITE) >= 3, f"text field border {field}"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = _on_white(_style(page, "#title", "outlineColor"))
    assert contrast(ring, WHITE) >= 3, f"focus ring {ring}"
    header = (0x1E / 255, 0x3A / 255, 0x5F / 255)
    assert contrast(ring, header) >= 3, "focus ring on the header"
    page.get_by_role("button", name="Cancel").click()

    # The red confirm button: white text at least 4.5:1.
    page.get_by_role("button", name="Delete Literacy institute").click()
    danger = page.get_by_role("alertdialog").get_by_role("button", name="Delete activity")
    background = _on_white(danger.evaluate("el => getComputedStyle(el).backgroundColor"))
    text = _on_white(danger.evaluate("el => getComputedStyle(el).color"))
    assert contrast(background, text) >= 4.5, f"red button {background} / {text}"
    page.keyboard.press("Escape")
    sign_out(page)

    # The checkbox approvers must tick, and the queue's selection boxes.
    sign_in(page, demo.MAGNOLIA_SUPERINTENDENT_EMAIL)
    page.goto("/approvals")
    box = page.get_by_role("checkbox", name=f"Select the renewal of {first.name}")
    edge = _on_white(box.evaluate("el => getComputedStyle(el, '::before').boxShadow"))
    assert contrast(edge, WHITE) >= 3, f"checkbox border {edge}"
    box.click()
    expect(box).to_be_checked()
    page.get_by_role("button", name="Approve selected renewals").click()
    verify = page.get_by_role("alertdialog").get_by_label(VERIFY)
    edge = _on_white(verify.evaluate("el => getComputedStyle(el, '::before').boxShadow"))
    assert contrast(edge, WHITE) >= 3, f"verification checkbox border {edge}"
    page.keyboard.press("Escape")


# ---------------------------------------------------------------- status badges

_BADGE_STYLES_JS = """
els => els.map(el => {
  const s = getComputedStyle(el);
  return [el.textContent, el.dataset.tone, s.color, s.backgroundColor, s.borderTopColor,
          s.borderTopWidth];
})
"""


def _add_license(db: Db, person: Person, status: str) -> None:
    """Another license of `person`'s, in `status` (an expired one ended last month)."""
    today = clock.today()
    expires_on = today - timedelta(days=30) if status == "expired" else today + timedelta(300)
    with db.write() as session:
        session.add(
            License(
                license_number=str(7_000_000 + secrets.randbelow(999_999)),
                holder_id=person.profile_id,
                license_type="Standard",
                license_class="A",
                first_issued=expires_on - timedelta(days=5 * 365),
                valid_from=expires_on - timedelta(days=5 * 365),
                expires_on=expires_on,
                status=status,
            )
        )


def test_status_badges_reach_text_contrast_in_every_tone(page: Page, db: Db) -> None:
    """One holder with a license in each status: the look-up shows all five tones."""
    person = _new_educator(db, "Uma")
    for status in ("expired", "suspended", "revoked", "pending"):
        _add_license(db, person, status)
    page.goto("/lookup?q=" + person.name.split()[-1])
    badges = page.locator("#main-content .status-badge")
    expect(badges).to_have_count(5)
    seen: dict[str, tuple[float, float, float]] = {}
    for text, tone, color, background, edge, width in badges.evaluate_all(_BADGE_STYLES_JS):
        assert tone == tone_of_label(text), f"{text!r} shown as {tone}"
        fg, bg = _on_white(color), _on_white(background)
        assert contrast(fg, bg) >= 4.5, f"{text!r} ({tone}): text {fg} on {bg}"
        # The badge stands out from the page by its border, not by colour alone.
        assert width != "0px" and contrast(_on_white(edge), WHITE) >= 3, f"{text!r} border"
        seen[tone] = bg
    assert set(seen) == set(TONES)
    assert len(set(seen.values())) == len(TONES), "two tones share a background"
    _axe_both_widths(page, "/lookup with every status")

    # The same badge on the license's own public page and on the holder's licenses page.
    page.goto(f"/lookup/{person.number}")
    badge = page.locator("#main-content .status-badge")
    expect(badge).to_have_text("Active")
    expect(badge).to_have_attribute("data-tone", "positive")
    sign_in(page, person.email, PASSWORD)
    page.goto("/licenses")
    expect(page.locator(".status-badge", has_text="Revoked")).to_have_attribute(
        "data-tone", "negative"
    )


# ---------------------------------------------------------------- the 404 page and the home page


def test_unknown_address_shows_the_app_shell_404_page(page: Page) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.locator("main#main-content h1")).to_have_text("Page not found")
    expect(page).to_have_title(re.compile(r"^Page not found"))
    home = page.locator("#main-content").get_by_role("link", name="Go to the home page")
    expect(home).to_have_attribute("href", "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    _axe_both_widths(page, "/no-such-page")
    # A deeper unknown address gets the same page.
    page.goto("/licenses/nothing/here")
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()


def test_home_page_actions_are_single_tab_stops(page: Page) -> None:
    page.goto("/")
    main = page.locator("#main-content")
    expect(main.locator("button")).to_have_count(0)
    for name in ("Sign in", "Create an account", "Look up a license"):
        link = main.get_by_role("link", name=name, exact=True)
        expect(link).to_have_count(1)
        link.focus()
        page.keyboard.press("Tab")
        # The next Tab leaves the link for the next control, not for something inside it.
        assert not link.evaluate("el => el.contains(document.activeElement)"), name


# ---------------------------------------------------------------- tables and drop zones


def test_wide_tables_scroll_by_keyboard_and_drop_zones_are_named_buttons(
    page: Page, db: Db
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, TEACHER)
    page.goto("/licenses")
    for name in ("Transcripts received", "Assessment scores"):
        region = page.get_by_role("region", name=name)
        expect(region).to_be_visible()
        assert region.get_attribute("tabindex") == "0"
        if region.evaluate("el => el.scrollWidth > el.clientWidth"):
            region.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert_accessible(page)

    page.goto("/pd")
    page.get_by_role("button", name="Add activity").click()
    chooser = page.get_by_role("button", name=re.compile(r"^Choose a certificate or transcript"))
    expect(chooser).to_have_count(1)
    assert chooser.get_attribute("aria-describedby") == "evidence-hint"
    # No focusable element without a role (react-dropzone's zone is not a tab stop).
    assert page.locator('[role="presentation"][tabindex="0"]').count() == 0
    with page.expect_file_chooser() as chooser_opened:
        chooser.focus()
        page.keyboard.press("Enter")
    assert chooser_opened.value.is_multiple()


# ---------------------------------------------------------------- axe on every page, both widths


def _axe_both_widths(page: Page, where: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        try:
            assert_accessible(page)
        except AssertionError as exc:
            raise AssertionError(f"{where} at {width} px: {exc}") from None
    page.set_viewport_size({"width": 1280, "height": 900})


def _page(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator("#main-content h1").first).to_be_visible()
    _axe_both_widths(page, path)


def test_axe_public_pages_and_their_errors(page: Page) -> None:
    for path in ("/", "/lookup", "/lookup/" + demo.TEACHER_LICENSE_NUMBER, "/forgot-password"):
        _page(page, path)
    _page(page, "/reset-password?token=not-a-real-token")
    _page(page, "/login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _axe_both_widths(page, "/login with errors")
    _page(page, "/register")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _axe_both_widths(page, "/register with errors")
    page.goto("/lookup?q=zzzzzzzzzz")
    _axe_both_widths(page, "/lookup without results")


def test_axe_educator_pages_forms_and_wizard_steps(page: Page, db: Db) -> None:
    person = _new_educator(db, "Sage")
    sign_in(page, person.email, PASSWORD)
    for path in ("/licenses", "/applications", "/profile", "/notifications", "/account"):
        _page(page, path)
    _page(page, f"/licenses/print/{person.number}")
    # The claim form in its error state.
    page.goto("/licenses")
    page.get_by_role("button", name=re.compile("Claim")).first.click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _axe_both_widths(page, "/licenses claim errors")
    # The activity form, empty and in its error state.
    _page(page, "/pd")
    page.get_by_role("button", name="Add activity").click()
    _axe_both_widths(page, "/pd activity form")
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator("#title-error")).to_be_visible()
    _axe_both_widths(page, "/pd activity form with errors")
    page.get_by_role("button", name="Cancel").click()

    # Each wizard step of a substitute application, and the questions step in error.
    _page(page, "/apply")
    page.get_by_label("Application type").select_option(value="substitute")
    page.get_by_role("button", name="Next").click()
    for step in ("Eligibility", "Questions", "Attachments", "Review", "Declaration"):
        expect(page.get_by_role("heading", name=step, exact=True)).to_be_visible()
        _axe_both_widths(page, f"/apply {step}")
        if step == "Questions":
            page.get_by_role("button", name="Next").click()
            expect(page.get_by_role("alert").first).to_be_visible()
            _axe_both_widths(page, "/apply Questions with errors")
            page.locator("#education").select_option(index=1)
        if step == "Attachments":
            page.get_by_role("button", name="Next").click()
            expect(page.get_by_role("alert").first).to_be_visible()
            _axe_both_widths(page, "/apply Attachments with errors")
            page.get_by_label("Attachment").set_input_files(
                files=[{"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF}]
            )
            expect(page.get_by_text("diploma.pdf")).to_be_visible()
            _axe_both_widths(page, "/apply Attachments with a file")
        if step == "Declaration":
            page.get_by_role("button", name="Submit application").click()
            expect(page.get_by_role("alert").first).to_be_visible()
            _axe_both_widths(page, "/apply Declaration with errors")
            break
        page.get_by_role("button", name="Next").click()


def test_axe_approver_and_state_pages(page: Page, db: Db) -> None:
    person = _new_educator(db, "Tate")
    application_id = submit_renewal(db, person)
    sign_in(page, demo.MAGNOLIA_SUPERINTENDENT_EMAIL)
    for path in ("/approvals", "/notifications", "/account"):
        _page(page, path)
    _page(page, f"/approvals?application={application_id}")
    counted = page.get_by_role("region", name="Activities counted at submission")
    expect(counted).to_have_attribute("tabindex", "0")
    page.get_by_role("button", name="Return for correction").click()
    expect(page.locator("#reason-error")).to_be_visible()
    _axe_both_widths(page, "/approvals decision with errors")
    sign_out(page)

    sign_in(page, demo.STATE_EMAIL)
    for path in ("/approvals", "/notifications", "/account"):
        _page(page, path)
    _page(page, "/admin")
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        tab.click()
        _axe_both_widths(page, f"/admin {tab.inner_text()}")
