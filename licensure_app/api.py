"""Plain HTTP routes beside Reflex's websocket.

- /api/session/start and /api/session/end set and clear the HttpOnly session cookie
  (JavaScript never sees the session token; the websocket handshake carries it).
- /api/evidence/<id> serves an evidence file to a signed-in user the rules allow.
"""

from __future__ import annotations

import logging

from reflex_base.config import get_config
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from licensure_app.services import accounts, audit
from licensure_app.services.pd import evidence

from . import routes, settings
from .db import read_scope, session_scope
from .models import EvidenceFile

log = logging.getLogger("licensure.security")

SESSION_COOKIE = accounts.SESSION_COOKIE
COOKIE_MAX_AGE = int(accounts.SESSION_ABSOLUTE_TIMEOUT.total_seconds())


def _client_address(request: Request) -> str:
    """The client's address, resolved like Reflex's websocket events do.

    Behind `trusted_proxy_hops` reverse proxies (REFLEX_TRUSTED_PROXY_HOPS), the address is
    the one the outermost trusted proxy appended to X-Forwarded-For; without, the header is
    client-controlled and ignored.
    """
    address = request.client.host if request.client else ""
    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [ip for ip in forwarded if ip]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or settings.public_base_url().startswith("https://")


def start_session(request: Request) -> Response:
    """Trade a one-time sign-in ticket for the HttpOnly, SameSite session cookie."""
    ticket = request.query_params.get("ticket", "")
    with session_scope() as session:
        redeemed = accounts.redeem_ticket(session, ticket, _client_address(request))
    if redeemed is None:
        return RedirectResponse(f"{routes.LOGIN}?expired=1", status_code=303)
    token, next_path = redeemed
    response = RedirectResponse(routes.safe_next(next_path) or routes.HOME, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        secure=_secure(request),
        samesite="lax",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def end_session(request: Request) -> Response:
    """Clear the cookie (the sign-out handler has already revoked the session itself)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        with session_scope() as session:
            accounts.close_session(session, token)
    response = RedirectResponse(routes.LOGIN, status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def download_evidence(request: Request) -> Response:
    evidence_id = request.path_params["evidence_id"]
    token = request.cookies.get(SESSION_COOKIE, "")
    with read_scope() as session:
        principal = accounts.resolve_session(session, token)
        row = session.get(EvidenceFile, evidence_id)
        allowed = (
            principal is not None and row is not None and evidence.may_read(session, principal, row)
        )
    if principal is None:
        return PlainTextResponse("Sign in to see this file.", status_code=401)
    if row is None or not allowed:
        log.warning("refused evidence %s for account %s", evidence_id, principal.account_id)
        with session_scope() as session:
            audit.record(
                session,
                audit.Actor(principal.account_id, principal.role, _client_address(request)),
                "access.refused",
                "evidence_file",
                evidence_id,
                after={"action": "download"},
            )
        # The same answer whether the file exists or not.
        return PlainTextResponse("File not found.", status_code=404)
    path = evidence.file_path(row)
    if not path.is_file():
        return PlainTextResponse("File not found.", status_code=404)
    return FileResponse(
        path,
        media_type=row.content_type,
        filename=row.original_name,
        content_disposition_type="inline",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


def build_api() -> Starlette:
    return Starlette(
        routes=[
            Route("/api/session/start", start_session),
            Route("/api/session/end", end_session),
            Route("/api/evidence/{evidence_id:int}", download_evidence),
        ]
    )


def _content_security_policy() -> str:
    # Reflex's compiled page bootstraps with inline scripts, runs rx.call_script through
    # eval, and Emotion injects styles: hence 'unsafe-inline'/'unsafe-eval' for scripts
    # and 'unsafe-inline' for styles. Everything else is this origin only, and no site
    # may frame the app.
    sockets = " ".join(
        origin.replace("http://", "ws://").replace("https://", "wss://")
        for origin in settings.allowed_origins()
    )
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {sockets}",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(app: ASGIApp) -> ASGIApp:
    """Add security headers to every HTTP response (pages, assets, API routes)."""
    headers = [
        (b"content-security-policy", _content_security_policy().encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if settings.public_base_url().startswith("https://"):
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    names = {name for name, _ in headers}

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
