"""What an upload request carries to its handler: its own session, and its size limit.

Reflex runs an upload handler for the tab named by the request's `reflex-client-token`
header, with that tab's websocket headers, never the upload request's own. The HTTP
middleware (api.upload_guard) therefore records, while the request runs, the session token
of the upload request's own cookie for that tab; the handler's guard
(states.guard.requires_upload) admits the upload only when the tab's session is that one.
Each tab runs one upload at a time, so the record is unambiguous. Handler and request run
in the same process (Reflex processes an upload's event where it was received).

The size limit of each upload handler is declared with its guard and checked by the
middleware before the body is read.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Multipart framing and a file name around the file itself; a file just over the stated
# limit still reaches the handler, which says what the limit is.
MULTIPART_ALLOWANCE = 1024 * 1024
# Handlers that declared no limit: the largest the app states (10 MB evidence files).
DEFAULT_LIMIT = 10 * 1024 * 1024 + MULTIPART_ALLOWANCE

_limits: dict[str, int] = {}
_in_flight: dict[str, str] = {}
_lock = threading.Lock()


def register_limit(handler_name: str, max_bytes: int) -> None:
    """Declare the largest file an upload handler (by method name) accepts."""
    _limits[handler_name] = max(_limits.get(handler_name, 0), max_bytes + MULTIPART_ALLOWANCE)


def limit_for(event_handler: str) -> int:
    """The largest request body for Reflex's `reflex-event-handler` header value."""
    return _limits.get(event_handler.rsplit(".", 1)[-1], DEFAULT_LIMIT)


@contextmanager
def bind(client_token: str, session_token: str) -> Iterator[bool]:
    """While the upload request runs, its session token stands for the tab's upload.

    Yields False (and binds nothing) when the tab already has an upload running.
    """
    with _lock:
        if not client_token or client_token in _in_flight:
            busy = True
        else:
            busy = False
            _in_flight[client_token] = session_token
    try:
        yield not busy
    finally:
        if not busy:
            with _lock:
                _in_flight.pop(client_token, None)


def session_token_for(client_token: str) -> str:
    """The session token of the upload request running for this tab ("" if none)."""
    with _lock:
        return _in_flight.get(client_token, "")
