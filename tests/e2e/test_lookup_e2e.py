"""The public license look-up end to end, signed out: searches, record pages, privacy."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, WebSocket, WebSocketRoute, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.infra.demo import (
    TEACHER_LICENSE_NUMBER,
    UNCLAIMED_DATE_OF_BIRTH,
    UNCLAIMED_LICENSE_NUMBER,
)
from licensure_app.models import EducatorProfile, License

from .conftest import LiveServer, assert_accessible

pytestmark = pytest.mark.e2e

FIELD = "Name or license number"


def _search(page: Page, query: str, *, enter: bool = False) -> None:
    page.get_by_label(FIELD).fill(query)
    if enter:
        page.get_by_label(FIELD).press("Enter")
    else:
        page.get_by_role("button", name="Search", exact=True).click()


def _results(page: Page):  # noqa: ANN202
    return page.get_by_role("table")


def _first_column(page: Page) -> list[str]:
    return page.locator("tbody tr td:first-child").all_inner_texts()


def _numbers(page: Page) -> list[str]:
    return page.locator("tbody tr td:nth-child(2)").all_inner_texts()


def test_search_by_number_and_open_the_public_record(page: Page) -> None:
    page.goto("/lookup")
    expect(page.get_by_role("heading", name="License look-up")).to_be_visible()
    expect(page.get_by_text("You can search for:")).to_be_visible()
    expect(page.get_by_text("updated the moment a license", exact=False)).to_be_visible()
    assert_accessible(page)

    _search(page, UNCLAIMED_LICENSE_NUMBER)
    table = _results(page)
    expect(table.locator("caption")).to_contain_text(UNCLAIMED_LICENSE_NUMBER)
    expect(table.get_by_role("columnheader", name="License number")).to_be_visible()
    row = table.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Rivera, Jordan")
    expect(row).to_contain_text("Standard")
    expect(row).to_contain_text("English (7-12)")
    expect(row).to_contain_text("Active")
    expect(page.get_by_role("status")).to_contain_text("Found 1 license")
    # The search is in the address bar, ready to share.
    expect(page).to_have_url(re.compile(rf"/lookup\?q={UNCLAIMED_LICENSE_NUMBER}$"))
    assert_accessible(page)

    table.get_by_role("link", name=UNCLAIMED_LICENSE_NUMBER).click()
    expect(page).to_have_url(re.compile(rf"/lookup/{UNCLAIMED_LICENSE_NUMBER}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rivera, Jordan")
    expect(page.get_by_text("Valid from", exact=True)).to_be_visible()
    expect(page.get_by_text("First issued", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="English")).to_be_visible()
    expect(page.get_by_role("heading", name="Issue history")).to_be_visible()
    body = page.locator("main").inner_text()
    assert str(UNCLAIMED_DATE_OF_BIRTH.year) not in body
    assert "Pine Valley" not in body and "662-555" not in body
    assert_accessible(page)


def test_name_searches_sorting_and_pages(page: Page) -> None:
    page.goto("/lookup")
    _search(page, "Thompson, Avery", enter=True)
    expect(_results(page).locator("tbody tr").first).to_contain_text("Thompson, Avery")
    expect(_results(page)).to_contain_text(TEACHER_LICENSE_NUMBER)

    _search(page, "avery thompson")
    expect(_results(page)).to_contain_text(TEACHER_LICENSE_NUMBER)
    assert all(name.startswith("Thompson, Avery") for name in _first_column(page))

    _search(page, "RIVERA")
    expect(_results(page).locator("caption")).to_contain_text("RIVERA")
    names = _first_column(page)
    assert names and all(n.startswith("Rivera, ") for n in names)
    assert names == sorted(names, key=str.casefold)
    header = _results(page).get_by_role("columnheader", name="Name")
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(re.compile(r"sort=desc"))
    expect(_results(page).locator("tbody tr").first).to_contain_text(names[-1])
    assert_accessible(page)

    # "Ma" matches several dozen demo licenses: more than one page of 25.
    _search(page, "Ma")
    expect(_results(page).locator("tbody tr")).to_have_count(25)
    first_page = _numbers(page)
    previous = page.get_by_role("button", name="Previous")
    expect(previous).to_be_disabled()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Page 2", exact=True)).to_be_visible()
    expect(_results(page).locator("tbody tr td:nth-child(2)").first).not_to_have_text(first_page[0])
    second_page = _numbers(page)
    assert second_page and not set(second_page) & set(first_page)
    previous.click()
    expect(page.get_by_text("Page 1", exact=True)).to_be_visible()
    expect(_results(page).locator("tbody tr td:nth-child(2)").first).to_have_text(first_page[0])
    assert _numbers(page) == first_page


def test_no_results_and_too_short(page: Page) -> None:
    page.goto("/lookup")
    _search(page, "Qzxwv")
    expect(page.get_by_text("No licenses match \u201cQzxwv\u201d.")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("No licenses found.")
    assert_accessible(page)

    _search(page, "a")
    expect(page.get_by_role("alert")).to_contain_text("Type at least 2 letters")
    expect(page.get_by_label(FIELD)).to_be_focused()
    expect(page.get_by_text("You can search for:")).to_be_visible()
    assert_accessible(page)


def test_shared_links_search_on_arrival(page: Page) -> None:
    page.goto(f"/lookup?q={quote('Rivera, Jordan')}")
    expect(_results(page)).to_contain_text(UNCLAIMED_LICENSE_NUMBER)
    expect(page.get_by_label(FIELD)).to_have_value("Rivera, Jordan")
    assert_accessible(page)

    page.goto("/lookup?q=rivera&sort=desc")
    header = _results(page).get_by_role("columnheader", name="Name")
    expect(header).to_have_attribute("aria-sort", "descending")
    names = _first_column(page)
    assert names == sorted(names, key=str.casefold, reverse=True)


def test_text_typed_while_the_page_loads_is_kept(page: Page) -> None:
    """Opening a bare /lookup after a search starts empty, but never wipes what is typed."""
    page.goto(f"/lookup?q={quote('Rivera, Jordan')}")
    expect(_results(page)).to_contain_text(UNCLAIMED_LICENSE_NUMBER)
    page.goto("/lookup")
    expect(page.get_by_text("You can search for:")).to_be_visible()
    expect(page.get_by_label(FIELD)).to_have_value("")

    page.goto(f"/lookup?q={quote('Rivera, Jordan')}")
    expect(_results(page)).to_contain_text(UNCLAIMED_LICENSE_NUMBER)
    # A slow connection: hold the server's messages until the user has typed, so the
    # page's load (which clears the earlier search) is answered only afterwards.
    held: list[str | bytes] = []
    answered: list[str | bytes] = []
    sockets: list[WebSocketRoute] = []

    def slow_server(route: WebSocketRoute) -> None:
        server = route.connect_to_server()
        sockets.append(route)

        def from_server(message: str | bytes) -> None:
            if held_back:
                held.append(message)
            else:
                answered.append(message)
                route.send(message)

        server.on_message(from_server)

    held_back = True
    page.route_web_socket(re.compile(r".*/_event.*"), slow_server)
    page.goto("/lookup")
    page.get_by_label(FIELD).fill("Thompson")
    held_back = False
    for message in held:
        sockets[-1].send(message)
    # Until the page's load has been answered (is_hydrated comes with its last delta).
    for _ in range(200):
        if any("is_hydrated_rx_state_" in str(m) and "true" in str(m) for m in answered):
            break
        page.wait_for_timeout(50)
    else:
        pytest.fail("the page's load was never answered")
    page.wait_for_timeout(200)  # let the browser apply it
    expect(page.get_by_text("You can search for:")).to_be_visible()
    expect(page.get_by_label(FIELD)).to_have_value("Thompson")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(_results(page)).to_contain_text(TEACHER_LICENSE_NUMBER)


def test_unknown_license_number(page: Page) -> None:
    page.goto("/lookup/999999")
    expect(page.get_by_text("No license with number 999999")).to_be_visible()
    expect(page.get_by_role("heading", name="License not found")).to_be_visible()
    assert_accessible(page)


def test_websocket_carries_no_private_data(page: Page, live_server: LiveServer) -> None:
    frames: list[str] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framereceived", lambda payload: frames.append(str(payload)))

    page.on("websocket", watch)
    page.goto("/lookup")
    _search(page, "Rivera")
    expect(_results(page)).to_contain_text("Rivera, Jordan")
    _search(page, "Thompson")
    expect(_results(page)).to_contain_text("Thompson, Avery")
    page.goto(f"/lookup/{UNCLAIMED_LICENSE_NUMBER}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rivera, Jordan")
    page.goto(f"/lookup/{TEACHER_LICENSE_NUMBER}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thompson, Avery")

    everything = "\n".join(frames)
    assert "Rivera, Jordan" in everything, "the results came over the websocket"
    private = [
        "1988-04-12",
        "1988",
        "1984-09-23",
        "662-555-0187",
        "601-555-0142",
        "Pine Ridge",
        "Magnolia Street",
        "teacher@magnolia",
        "demo.example",
        "E1000001",
        "E1000002",
        "date_of_birth",
        "educator_number",
        "holder_id",
        "phone",
        "zip_code",
    ]
    leaked = [value for value in private if value in everything]
    assert not leaked, leaked

    # No internal ids of the people and licenses shown. Small ids and ones that look like
    # years would match page numbers and dates, so only the others are checked.
    engine = make_engine(live_server.db_url)
    with Session(engine) as db:
        rows = db.exec(
            select(EducatorProfile.id, License.id, EducatorProfile.phone)
            .join(License, License.holder_id == EducatorProfile.id)
            .where(EducatorProfile.last_name.in_(["Rivera", "Thompson"]))  # type: ignore[attr-defined]
        ).all()
    engine.dispose()
    assert len(rows) > 5
    ids = {i for profile_id, license_id, _ in rows for i in (profile_id, license_id)}
    checked = [i for i in ids if i >= 100 and not 1900 <= i <= 2100]
    assert checked
    for value in checked:
        assert not re.search(rf"(?<![\w.\-]){value}(?![\w.\-])", everything), value
    for _, _, phone in rows:
        assert not phone or phone not in everything
