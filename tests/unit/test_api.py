"""The plain HTTP routes: session cookie hand-off and security headers."""

from __future__ import annotations

import pytest
from reflex_base.config import get_config
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from licensure_app import db as app_db
from licensure_app.api import _client_address, build_api, security_headers
from licensure_app.models import Account
from licensure_app.services import accounts


def test_security_headers_on_every_response() -> None:
    app = Starlette(routes=[Route("/x", lambda _request: PlainTextResponse("hi"))])
    client = TestClient(security_headers(app))
    response = client.get("/x")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/missing").headers["x-content-type-options"] == "nosniff"


@pytest.fixture
def client(db_url: str, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    yield TestClient(build_api(), follow_redirects=False)
    app_db.get_engine.cache_clear()


def test_ticket_becomes_an_httponly_cookie_once(client: TestClient, session: Session) -> None:
    account = Account(email="a@example.org", password_hash="x", role="educator")
    session.add(account)
    session.flush()
    ticket = accounts.issue_ticket(session, account.id or 0, "/pd")
    session.commit()
    response = client.get(f"/api/session/start?ticket={ticket}")
    assert response.status_code == 303 and response.headers["location"] == "/pd"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("licensure_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    token = cookie.split("=", 1)[1].split(";", 1)[0]
    again = client.get(f"/api/session/start?ticket={ticket}")
    assert again.headers["location"] == "/login?expired=1" and "set-cookie" not in again.headers
    assert accounts.resolve_session(session, token).account_id == account.id


def test_sign_out_route_revokes_and_clears(client: TestClient, session: Session) -> None:
    account = Account(email="b@example.org", password_hash="x", role="educator")
    session.add(account)
    session.flush()
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    client.cookies.set("licensure_session", token)
    response = client.get("/api/session/end")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert (
        'licensure_session=""' in response.headers["set-cookie"]
        or "Max-Age=0" in response.headers["set-cookie"]
    )
    assert accounts.resolve_session(session, token) is None


def _request(peer: str, forwarded: str | None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "client": (peer, 5000), "headers": headers})


def test_client_address_behind_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign-in throttling and the audit log see the client, not nginx, and no forged hop."""
    config = get_config()
    monkeypatch.setattr(config, "trusted_proxy_hops", 0)
    # No proxy configured: the header is the client's to forge, so it is ignored.
    assert _client_address(_request("198.51.100.9", "203.0.113.5")) == "198.51.100.9"
    monkeypatch.setattr(config, "trusted_proxy_hops", 1)
    # nginx appends the address it saw; anything before it came from the client.
    assert _client_address(_request("127.0.0.1", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    assert _client_address(_request("127.0.0.1", None)) == "127.0.0.1"
