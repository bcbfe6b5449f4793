"""Plain HTTP routes beside Reflex's websocket: evidence downloads, checked per request.

A file is served only to a signed-in user the rules allow (owner, the owner's district
approvers, state staff); the session comes from the same server-side session cookie.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from .db import read_scope, session_scope
from .models import EvidenceFile
from .services import accounts, audit, evidence
from .states.auth import SESSION_COOKIE

log = logging.getLogger("licensure.security")


def _client_address(request: Request) -> str:
    return request.client.host if request.client else ""


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
    return Starlette(routes=[Route("/api/evidence/{evidence_id:int}", download_evidence)])
