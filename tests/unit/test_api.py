"""The plain HTTP routes: session cookie hand-off, upload guard and security headers."""

from __future__ import annotations

import asyncio

import pytest
from reflex_base.config import get_config
from sqlmodel import Session, func, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from licensure_app import db as app_db
from licensure_app import settings
from licensure_app.api import _client_address, build_api, security_headers
from licensure_app.models import Account, AuditEvent, AuthSession
from licensure_app.services import accounts


def _same_origin() -> dict[str, str]:
    """What a browser sends with a form posted by one of the app's own pages."""
    return {"origin": settings.allowed_origins()[0], "sec-fetch-site": "same-origin"}


CROSS_SITE = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}


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
    response = client.post("/api/session/start", data={"ticket": ticket}, headers=_same_origin())
    assert response.status_code == 303 and response.headers["location"] == "/pd"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("licensure_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    token = cookie.split("=", 1)[1].split(";", 1)[0]
    again = client.post("/api/session/start", data={"ticket": ticket}, headers=_same_origin())
    assert again.headers["location"] == "/login?expired=1" and "set-cookie" not in again.headers
    assert accounts.resolve_session(session, token).account_id == account.id


def test_sign_out_route_revokes_and_clears(client: TestClient, session: Session) -> None:
    account = Account(email="b@example.org", password_hash="x", role="educator")
    session.add(account)
    session.flush()
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    client.cookies.set("licensure_session", token)
    response = client.post("/api/session/end", headers=_same_origin())
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert (
        'licensure_session=""' in response.headers["set-cookie"]
        or "Max-Age=0" in response.headers["set-cookie"]
    )
    assert accounts.resolve_session(session, token) is None


def _ticket(session: Session, email: str) -> str:
    account = Account(email=email, password_hash="x", role="educator")
    session.add(account)
    session.flush()
    ticket = accounts.issue_ticket(session, account.id or 0, "/licenses")
    session.commit()
    return ticket


def _sessions(session: Session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(AuthSession)).one()


def test_a_ticket_in_a_link_signs_no_browser_in(client: TestClient, session: Session) -> None:
    """Login CSRF: another site links the victim to the attacker's ticket; nobody is signed in."""
    ticket = _ticket(session, "attacker@example.org")
    response = client.get(f"/api/session/start?ticket={ticket}")
    assert response.status_code == 303 and response.headers["location"] == "/login?expired=1"
    assert "set-cookie" not in response.headers
    assert _sessions(session) == 0
    refused = session.exec(select(AuditEvent).where(AuditEvent.action == "session.refused")).one()
    assert ticket not in refused.after_json and "sign-in" in refused.after_json


@pytest.mark.parametrize(
    "headers",
    [CROSS_SITE, {"origin": "https://evil.example"}, {"sec-fetch-site": "same-site"}, {}],
    ids=["cross-site", "foreign-origin", "same-site", "no-origin"],
)
def test_a_ticket_posted_by_another_site_is_refused(
    client: TestClient, session: Session, headers: dict[str, str]
) -> None:
    ticket = _ticket(session, "attacker@example.org")
    response = client.post("/api/session/start", data={"ticket": ticket}, headers=headers)
    assert response.headers["location"] == "/login?expired=1"
    assert "set-cookie" not in response.headers
    assert _sessions(session) == 0


def test_another_site_cannot_sign_a_user_out(client: TestClient, session: Session) -> None:
    account = Account(email="c@example.org", password_hash="x", role="educator")
    session.add(account)
    session.flush()
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    client.cookies.set("licensure_session", token)
    link = client.get("/api/session/end")
    posted = client.post("/api/session/end", headers=CROSS_SITE)
    for response in (link, posted):
        assert response.status_code == 303 and "set-cookie" not in response.headers
    assert accounts.resolve_session(session, token) is not None


# ------------------------------------------------------------------ Reflex's /_upload


class _Inner:
    """Stands in for Reflex: records whether it ran and what the guard bound meanwhile."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""
        self.bound = ""
        self.disconnected = False

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        from licensure_app.infra import upload_gate

        self.called = True
        self.bound = upload_gate.session_token_for("tab-1")
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                break
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await PlainTextResponse("ok")(scope, receive, send)


def _upload(inner: _Inner, headers: dict[str, str], body: bytes, chunks: int = 1) -> int:
    """POST `body` to /_upload through the guard; returns the status code."""
    from licensure_app.api import upload_guard

    raw = [(k.encode(), v.encode()) for k, v in headers.items()]
    scope = {"type": "http", "method": "POST", "path": "/_upload", "headers": raw}
    size = max(1, len(body) // chunks)
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    messages = [
        {"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
        for i, part in enumerate(parts)
    ]
    read: list[int] = []
    sent: list[dict] = []

    async def receive() -> dict:
        read.append(1)
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(upload_guard(inner)(scope, receive, send))
    inner.reads = len(read)  # type: ignore[attr-defined]
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def _upload_headers(token: str = "", length: int | None = None) -> dict[str, str]:
    headers = {
        "reflex-client-token": "tab-1",
        "reflex-event-handler": "licensure_app___states___pd___pd_state.stage_evidence",
        "content-type": "multipart/form-data; boundary=x",
    }
    if token:
        headers["cookie"] = f"licensure_session={token}"
    if length is not None:
        headers["content-length"] = str(length)
    return headers


@pytest.fixture
def live_token(db_url: str, monkeypatch: pytest.MonkeyPatch, session: Session) -> str:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    account = Account(email="up@example.org", password_hash="x", role="educator")
    session.add(account)
    session.flush()
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    yield token
    app_db.get_engine.cache_clear()


def test_an_upload_with_only_the_client_token_is_refused_unread(live_token: str) -> None:
    """The websocket's client token alone (no cookie, or a dead one) never reaches a handler."""
    for token in ("", "not-a-session"):
        inner = _Inner()
        assert _upload(inner, _upload_headers(token, 100), b"x" * 100) == 401
        assert not inner.called and inner.reads == 0  # type: ignore[attr-defined]


def test_an_oversized_upload_is_refused_before_its_body_is_read(live_token: str) -> None:
    from licensure_app.services.pd import evidence

    inner = _Inner()
    too_big = evidence.MAX_BYTES + 2 * 1024 * 1024
    assert _upload(inner, _upload_headers(live_token, too_big), b"") == 413
    assert not inner.called and inner.reads == 0  # type: ignore[attr-defined]
    no_length = _Inner()
    assert _upload(no_length, _upload_headers(live_token), b"x") == 411
    assert not no_length.called


def test_an_upload_longer_than_it_said_is_cut_off(live_token: str) -> None:
    inner = _Inner()
    _upload(inner, _upload_headers(live_token, 10), b"x" * 1000, chunks=10)
    assert inner.disconnected and len(inner.body) <= 10 + 100


def test_an_upload_binds_its_own_session_to_the_tab_while_it_runs(live_token: str) -> None:
    from licensure_app.infra import upload_gate

    inner = _Inner()
    assert _upload(inner, _upload_headers(live_token, 3), b"abc") == 200
    assert inner.called and inner.body == b"abc" and inner.bound == live_token
    assert upload_gate.session_token_for("tab-1") == ""


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


# ------------------------------------------------------------------ evidence in a frame

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_evidence_may_be_framed_by_the_app_itself_only(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """Issue 13 #16: the app's own page shows a PDF in a frame; no other site may frame it,
    and every other response keeps refusing any frame."""
    from licensure_app.services.pd import evidence

    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    account = accounts.register_educator(session, "Dana", "Lee", "f@example.org", "x", "")
    profile_id = accounts.authz.principal_for(session, account).profile_id or 0
    from licensure_app.services import audit

    row, problem = evidence.store_evidence(
        session, audit.Actor(account.id, "educator", ""), profile_id, "cert.pdf", PDF
    )
    assert problem is None and row is not None
    token = accounts.open_session(session, account.id or 0)
    session.commit()
    framed = TestClient(security_headers(build_api()), follow_redirects=False)
    framed.cookies.set("licensure_session", token)
    response = framed.get(f"/api/evidence/{row.id}")
    assert response.status_code == 200 and response.content == PDF
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp and "frame-ancestors 'none'" not in csp
    # Anything else may not be framed at all.
    for path in ("/api/session/end", "/api/evidencex/1", "/api/evidence", "/"):
        other = framed.get(path)
        assert other.headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in other.headers["content-security-policy"], path
