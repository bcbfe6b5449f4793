"""The read-only verification API for employers and other states (/api/v1/...).

The same facts and privacy as the public look-up (services.lookup builds every document),
the same per-address limit (429 with Retry-After), cursor paging, and an OpenAPI
description at /api/v1/openapi.json. Any site may read it (CORS *): it is public data.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import settings
from .db import read_connection
from .models._base import utcnow
from .services import lookup
from .services.lookup import api_documents as documents

PREFIX = "/api/v1"
OPENAPI_FILE = Path(__file__).parent / "data" / "openapi_v1.json"
_HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"}


def _json(body: dict[str, Any], status: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={**_HEADERS, **headers})


def _error(status: int, code: str, detail: str, **headers: str) -> JSONResponse:
    return _json({"error": code, "detail": detail}, status, **headers)


def _refused(address: str) -> Response | None:
    if lookup.SEARCH_LIMITER.allow(address or "unknown"):
        return None
    wait = max(1, int(lookup.SEARCH_LIMITER.retry_after(address or "unknown") + 0.999))
    return _error(
        429, "rate_limited", lookup.rate_limit_message(wait), **{"Retry-After": str(wait)}
    )


def _checked_at() -> str:
    return utcnow().isoformat(timespec="seconds").replace("+00:00", "Z")


def _one_license(number: str) -> dict[str, Any] | None:
    with read_connection() as reader:
        record = lookup.lookup_license(reader, number)
    if record is None:
        return None
    base = settings.public_base_url()
    return documents.record_document(
        record, _checked_at(), f"{base}/lookup/{record.license_number}"
    )


def _search(query: str, cursor: str, limit: int) -> dict[str, Any] | str:
    """The search document, or what is wrong with the request."""
    with read_connection() as reader:
        after = None
        if cursor:
            after = documents.decode_cursor(reader, cursor)
            if after is None:
                return "The cursor is not one this API gave out."
        page = lookup.search_licenses(reader, query, limit, after)
    return documents.search_document(query, page, settings.public_base_url(), _checked_at())


def routes(client_address: Callable[[Request], str]) -> list[Route]:
    async def get_license(request: Request) -> Response:
        if (refusal := _refused(client_address(request))) is not None:
            return refusal
        number = request.path_params["license_number"]
        found = await asyncio.to_thread(_one_license, number)
        if found is None:
            return _error(404, "not_found", "No license has this number.")
        return _json(found)

    async def search(request: Request) -> Response:
        if (refusal := _refused(client_address(request))) is not None:
            return refusal
        query = request.query_params.get("name", "").strip()
        problem = lookup.query_problem(query)
        if problem:
            return _error(400, "bad_query", problem)
        try:
            limit = int(request.query_params.get("limit", documents.API_PAGE_SIZE))
        except ValueError:
            limit = 0
        if not 1 <= limit <= documents.API_MAX_PAGE_SIZE:
            return _error(400, "bad_limit", f"limit must be 1 to {documents.API_MAX_PAGE_SIZE}.")
        cursor = request.query_params.get("cursor", "")
        found = await asyncio.to_thread(_search, query, cursor, limit)
        if isinstance(found, str):
            return _error(400, "bad_cursor", found)
        return _json(found)

    async def openapi(_request: Request) -> Response:
        return _json(openapi_document(settings.public_base_url()))

    return [
        Route(f"{PREFIX}/licenses/{{license_number}}", get_license),
        Route(f"{PREFIX}/licenses", search),
        Route(f"{PREFIX}/openapi.json", openapi),
    ]


def openapi_document(base_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 description (data/openapi_v1.json), with this server's address and
    the limits it runs with."""
    document = json.loads(OPENAPI_FILE.read_text())
    document["servers"] = [{"url": base_url + PREFIX}]
    limited = (
        "Too many requests from this address: wait the seconds in Retry-After (a burst of "
        f"{lookup.SEARCH_LIMITER.burst}, then {lookup.SEARCH_LIMITER.per_minute} a minute)."
    )
    for path in document["paths"].values():
        path["get"]["responses"]["429"]["description"] = limited
    return document
