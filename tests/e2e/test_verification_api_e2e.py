"""The verification API on the real server: JSON with the public facts only, search paging,
the human page linked from the look-up, and the OpenAPI description."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from .conftest import LiveServer

pytestmark = pytest.mark.e2e


def test_an_employer_checks_a_license_through_the_api(page: Page, live_server: LiveServer):
    response = page.request.get(f"{live_server.url}/api/v1/licenses/100200")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["holder_name"] == "Rivera, Jordan" and body["valid"] is True
    assert body["verification_url"].endswith("/lookup/100200")
    text = json.dumps(body)
    assert "1988" not in text and "@" not in text and "educator_number" not in text

    search = page.request.get(f"{live_server.url}/api/v1/licenses?name=rivera&limit=1").json()
    assert len(search["results"]) == 1
    names = [search["results"][0]["holder_name"]]
    while search["next_cursor"] and len(names) < 5:
        search = page.request.get(
            f"{live_server.url}/api/v1/licenses",
            params={"name": "rivera", "limit": "1", "cursor": search["next_cursor"]},
        ).json()
        names += [r["holder_name"] for r in search["results"]]
    assert len(names) == len(set(names)) or len(names) == 5
    assert all(n.startswith("Rivera") for n in names)

    missing = page.request.get(f"{live_server.url}/api/v1/licenses/0000000")
    assert missing.status == 404 and missing.json()["error"] == "not_found"


def test_the_look_up_links_to_the_api_description(page: Page, live_server: LiveServer):
    page.goto("/lookup")
    page.get_by_role("link", name="license verification API").click()
    expect(page.get_by_role("heading", name="License verification API", level=1)).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/verification-api")
    # Follow the link's own address (a click on a JSON link was not always reported as a
    # response event on the scale-out path).
    href = page.get_by_role("link", name="/api/v1/openapi.json").get_attribute("href")
    assert href == "/api/v1/openapi.json"
    answer = page.goto(f"{live_server.url}{href}")
    assert answer is not None and answer.status == 200
    spec = answer.json()
    assert spec["openapi"].startswith("3.") and "/licenses/{license_number}" in spec["paths"]
