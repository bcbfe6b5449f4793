"""The verification API for employers and other states: the public record's facts and
nothing private, cursor paging, clear errors, and the per-address limit as 429."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from licensure_app import db as app_db
from licensure_app.api import build_api
from licensure_app.infra.rate_limit import TokenBucketLimiter
from licensure_app.services import lookup

from .holders import person

PRIVATE = ("1988", "662-555-0187", "Pine Ridge", "Tupelo", "38801", "educator_number", "E")


@pytest.fixture
def client(db_url: str, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    lookup.SEARCH_LIMITER.reset()
    yield TestClient(build_api())
    lookup.SEARCH_LIMITER.reset()
    app_db.get_engine.cache_clear()


def _no_private_data(body: object) -> None:
    text = json.dumps(body)
    for secret in PRIVATE[:5]:
        assert secret not in text
    assert "educator_number" not in text and "holder_id" not in text and '"id"' not in text


def test_one_license_has_the_public_facts_and_nothing_private(client, session: Session):
    _, (lic,) = person(session, "Avery", "Thompson", middle="Lynn")
    session.commit()
    response = client.get(f"/api/v1/licenses/{lic.license_number}")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    assert body["license_number"] == lic.license_number
    assert body["holder_name"] == "Thompson, Avery Lynn"
    assert body["valid"] is True and body["status"] == "Active"
    assert body["expires_on"] == lic.expires_on.isoformat()
    assert body["valid_from"] == lic.valid_from.isoformat()
    assert body["endorsements"] == [
        {"code": "0120", "subject": "Elementary Education", "grade_span": "K-6"}
    ]
    assert body["verification_url"].endswith(f"/lookup/{lic.license_number}")
    assert body["checked_at"].endswith("Z")
    _no_private_data(body)


def test_a_revoked_license_is_not_valid(client, session: Session):
    _, (lic,) = person(session, "Ben", "Thompson", status="revoked")
    session.commit()
    body = client.get(f"/api/v1/licenses/{lic.license_number}").json()
    assert body["valid"] is False and body["status"] == "Revoked"


@pytest.mark.parametrize("number", ["999999", "12ab", "1" * 40, "%00", "١٢٣"])
def test_an_unknown_or_malformed_number_is_a_404_with_a_reason(client, number: str):
    response = client.get(f"/api/v1/licenses/{number}")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "No license has this number."}


def test_search_pages_by_cursor_without_repeats_or_private_data(client, session: Session):
    for first in ("Ann", "Bea", "Cal", "Dee", "Eve"):
        person(session, first, "Okafor")
    person(session, "Zed", "Other")
    session.commit()
    seen: list[str] = []
    url = "/api/v1/licenses?name=okafor&limit=2"
    pages = 0
    while url:
        body = client.get(url).json()
        pages += 1
        seen += [r["holder_name"] for r in body["results"]]
        _no_private_data(body)
        url = (
            f"/api/v1/licenses?name=okafor&limit=2&cursor={body['next_cursor']}"
            if body["next_cursor"]
            else ""
        )
    assert pages == 3
    assert seen == [f"Okafor, {f}" for f in ("Ann", "Bea", "Cal", "Dee", "Eve")]


def test_search_total_and_number_search(client, session: Session):
    _, (lic,) = person(session, "Jordan", "Rivera")
    session.commit()
    body = client.get("/api/v1/licenses", params={"name": "Rivera, Jordan"}).json()
    assert body["total"] == 1 and body["total_is_capped"] is False
    assert body["results"][0]["license_number"] == lic.license_number
    by_number = client.get("/api/v1/licenses", params={"name": lic.license_number}).json()
    assert [r["holder_name"] for r in by_number["results"]] == ["Rivera, Jordan"]


@pytest.mark.parametrize(
    "params,error",
    [
        ({}, "bad_query"),
        ({"name": "a"}, "bad_query"),
        ({"name": "x" * 500}, "bad_query"),
        ({"name": "smith", "limit": "0"}, "bad_limit"),
        ({"name": "smith", "limit": "101"}, "bad_limit"),
        ({"name": "smith", "limit": "-3"}, "bad_limit"),
        ({"name": "smith", "limit": "ten"}, "bad_limit"),
        ({"name": "smith", "cursor": "not-a-cursor"}, "bad_cursor"),
        ({"name": "smith", "cursor": "djE6OTk5OTk5"}, "bad_cursor"),  # v1:999999, no such
    ],
)
def test_bad_requests_say_what_is_wrong(client, params: dict[str, str], error: str):
    response = client.get("/api/v1/licenses", params=params)
    assert response.status_code == 400
    assert response.json()["error"] == error and response.json()["detail"]


def test_over_the_limit_is_a_429_with_retry_after(
    client, session: Session, monkeypatch: pytest.MonkeyPatch
):
    _, (lic,) = person(session, "Avery", "Thompson")
    session.commit()
    monkeypatch.setattr(lookup, "SEARCH_LIMITER", TokenBucketLimiter(3, 60))
    codes = [client.get(f"/api/v1/licenses/{lic.license_number}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/licenses?name=thompson")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"] == "rate_limited"


def test_the_openapi_description_names_every_route(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/licenses/{license_number}", "/licenses"}
    for path in spec["paths"].values():
        assert "Retry-After" in path["get"]["responses"]["429"]["description"]
    assert spec["servers"][0]["url"].endswith("/api/v1")
    assert set(spec["components"]["schemas"]["LicenseRecord"]["properties"]) >= {
        "license_number",
        "holder_name",
        "valid",
        "status",
        "expires_on",
        "history",
    }
