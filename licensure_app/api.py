"""Plain HTTP routes beside Reflex's websocket, and the HTTP middleware.

- /api/session/start and /api/session/end set and clear the HttpOnly session cookie
  (JavaScript never sees the session token; the websocket handshake carries it). Both
  act only on a same-origin POST: the tab that signed in posts its one-time ticket, so a
  link or a form on another site can neither sign a browser in (login CSRF) nor out.
- /api/evidence/<id> serves an evidence file to a signed-in user the rules allow.
- `upload_guard`: Reflex's /_upload acts only for the upload request's own live session
  cookie, and refuses a body over the handler's limit before reading it.
"""

from __future__ import annotations

import logging
from http.cookies import CookieError, SimpleCookie

from reflex_base.config import get_config
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from licensure_app.infra import upload_gate
from licensure_app.services import accounts, audit
from licensure_app.services.pd import evidence

from . import routes, settings, verification_api
from .db import read_connection, read_scope, session_scope
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


def same_origin(request: Request) -> bool:
    """The request was sent by a page of this app, not by another site.

    Browsers send Sec-Fetch-Site (which no page can forge) and, on every POST, Origin; a
    request carrying neither is refused. An Origin must be one of the app's own
    (APP_ORIGINS, as for the websocket).
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.rstrip("/") in settings.allowed_origins()
    return fetch_site == "same-origin"


def _refuse_session_change(request: Request, action: str) -> None:
    """Log and audit a refused sign-in or sign-out (never the ticket or the cookie)."""
    reason = "not a POST" if request.method != "POST" else "not same-origin"
    address = _client_address(request)
    log.warning(
        "refused %s: %s (origin %s, address %s)",
        action,
        reason,
        request.headers.get("origin", "-")[:100],
        address,
    )
    with session_scope() as session:
        audit.record(
            session,
            audit.Actor(None, "anonymous", address),
            "session.refused",
            "route",
            request.url.path,
            after={"action": action, "reason": reason},
        )


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


async def start_session(request: Request) -> Response:
    """Trade a one-time sign-in ticket for the HttpOnly, SameSite session cookie.

    Only a same-origin POST from the tab that signed in (states/auth.start_session_script)
    is honoured. A ticket in a link (GET) or posted by another site's form is refused, so
    nobody can sign a victim's browser into the attacker's account.
    """
    if request.method != "POST" or not same_origin(request):
        _refuse_session_change(request, "sign-in")
        return _no_store(RedirectResponse(f"{routes.LOGIN}?expired=1", status_code=303))
    form = await request.form()
    ticket = form.get("ticket")
    ticket = ticket if isinstance(ticket, str) else ""
    with session_scope() as session:
        redeemed = accounts.redeem_ticket(session, ticket, _client_address(request))
    if redeemed is None:
        return _no_store(RedirectResponse(f"{routes.LOGIN}?expired=1", status_code=303))
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
    return _no_store(response)


def end_session(request: Request) -> Response:
    """Revoke the session and clear the cookie: a same-origin POST only.

    The sign-out handler has already revoked the session; a link or another site's form
    (a GET, or a cross-site POST) changes nothing and just goes to the sign-in page.
    """
    if request.method != "POST" or not same_origin(request):
        _refuse_session_change(request, "sign-out")
        return _no_store(RedirectResponse(routes.LOGIN, status_code=303))
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        with session_scope() as session:
            accounts.close_session(session, token)
    response = RedirectResponse(routes.LOGIN, status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )
    return _no_store(response)


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
            Route("/api/session/start", start_session, methods=["GET", "POST"]),
            Route("/api/session/end", end_session, methods=["GET", "POST"]),
            Route("/api/evidence/{evidence_id:int}", download_evidence),
            *verification_api.routes(_client_address),
        ]
    )


# Evidence files are shown in a frame on the app's own pages (a PDF viewer): only they may
# be framed, and only by this origin. Nothing else may be framed by anyone.
FRAMEABLE_PREFIX = "/api/evidence/"


def _content_security_policy(frame_ancestors: str = "'none'") -> str:
    # Reflex's compiled page bootstraps with inline scripts, runs rx.call_script through
    # eval, and Emotion injects styles: hence 'unsafe-inline'/'unsafe-eval' for scripts
    # and 'unsafe-inline' for styles. Everything else is this origin only, and no site
    # may frame the app (evidence files: only the app itself).
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
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def _security_headers(frameable: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (
            b"content-security-policy",
            _content_security_policy("'self'" if frameable else "'none'").encode(),
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"SAMEORIGIN" if frameable else b"DENY"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if settings.public_base_url().startswith("https://"):
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def security_headers(app: ASGIApp) -> ASGIApp:
    """Add security headers to every HTTP response (pages, assets, API routes); evidence
    files (FRAMEABLE_PREFIX) may be framed by the app's own pages, nothing else at all."""
    headers, frameable = _security_headers(False), _security_headers(True)
    names = {name for name, _ in headers}

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        added = frameable if scope.get("path", "").startswith(FRAMEABLE_PREFIX) else headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + added}
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


def _session_cookie(headers: Headers) -> str:
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get("cookie", ""))
    except CookieError:
        return ""
    morsel = cookies.get(SESSION_COOKIE)
    return morsel.value if morsel else ""


def _upload_refusal(headers: Headers) -> Response | None:
    """Why an upload request is refused before its body is read, or None to let it in."""
    token = _session_cookie(headers)
    live = None
    if token:
        with read_connection() as connection:
            live = accounts.check_session(connection, token)
    if live is None:
        log.info("refused upload: no live session cookie")
        return PlainTextResponse("Sign in to upload files.", status_code=401)
    length = headers.get("content-length", "")
    limit = upload_gate.limit_for(headers.get("reflex-event-handler", ""))
    if not length.isdecimal():
        return PlainTextResponse("Send the length of the upload.", status_code=411)
    if int(length) > limit:
        log.info("refused upload of %s bytes for account %s", length, live.principal.account_id)
        return PlainTextResponse("The upload is larger than the limit.", status_code=413)
    return None


def upload_guard(app: ASGIApp) -> ASGIApp:
    """Reflex's /_upload, for the upload request's own live session only.

    Reflex runs the upload handler for whichever tab the `reflex-client-token` header names,
    with that tab's websocket headers. Here the upload request itself must carry a live
    session cookie and a Content-Length within the handler's limit (refused before the body
    is read); a body longer than it said is cut off. While it runs, `upload_gate` holds its
    session token for the tab, and the handler's guard (guard.requires_upload) admits only
    a tab whose own session is that one. One upload per tab at a time.
    """
    upload_path = get_config().prepend_backend_path("/_upload")

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != upload_path or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = _upload_refusal(headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        limit = int(headers["content-length"])
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    return {"type": "http.disconnect"}
            return message

        client_token = headers.get("reflex-client-token", "")
        with upload_gate.bind(client_token, _session_cookie(headers)) as bound:
            if not bound:
                busy = PlainTextResponse("Another upload is running.", status_code=409)
                await busy(scope, receive, send)
                return
            await app(scope, bounded_receive, send)

    return middleware
