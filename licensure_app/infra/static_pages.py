"""Serving the compiled pages without a detour: `/login` is answered with the page itself.

The production build writes each page as `<route>/index.html`, and Starlette's static files
answer `/login` with a 307 to `/login/` before the page loads (measured ~600 ms on a phone,
issue 16). `serve_pages_directly` hands such a request to the static files as `/login/`, so
the same file is served at once and the address bar keeps `/login`. Hashed build assets
(`/assets/<name>-<hash>.js`) never change under their name, so they may be cached for good.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE_PREFIX = "/assets/"
IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")


def page_directories(static_dir: Path) -> frozenset[str]:
    """'/login', '/lookup', … : every folder of the build that holds an index.html."""
    found: set[str] = set()
    if not static_dir.is_dir():
        return frozenset()
    for folder, _dirs, files in os.walk(static_dir):
        if "index.html" in files and Path(folder) != static_dir:
            found.add("/" + Path(folder).relative_to(static_dir).as_posix())
    return frozenset(found)


def _default_static_dir() -> Path:
    from reflex.utils import prerequisites
    from reflex_base import constants
    from reflex_base.config import get_config

    frontend_path = get_config().frontend_path.strip("/")
    return (prerequisites.get_web_dir() / constants.Dirs.STATIC / frontend_path).resolve()


def serve_pages_directly(
    app: ASGIApp, static_dir: Callable[[], Path] = _default_static_dir
) -> ASGIApp:
    """ASGI middleware: no trailing-slash redirect for pages, immutable hashed assets."""
    pages: frozenset[str] | None = None

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal pages
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith(IMMUTABLE_PREFIX):
            await app(scope, receive, _with_header(send, IMMUTABLE))
            return
        if path != "/" and not path.endswith("/"):
            if pages is None:
                # Read once: the build does not change under a running server.
                pages = page_directories(static_dir())
            if path in pages:
                scope = {**scope, "path": path + "/", "raw_path": (path + "/").encode()}
        await app(scope, receive, send)

    return middleware


def _with_header(send: Send, header: tuple[bytes, bytes]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and message.get("status") == 200:
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != header[0]]
            message = {**message, "headers": [*kept, header]}
        await send(message)

    return sending
