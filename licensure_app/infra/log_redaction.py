"""No session cookie or sign-in ticket in the server log.

Reflex logs a failed event with the event itself ("Error processing event queue entry for
Event(... router_data={... 'headers': {'cookie': 'licensure_session=...'}})"), so an
exception would write a live session token to the log. `install()` makes every log record,
whatever logger or handler it goes through, carry `[redacted]` in place of the value of
the session cookie and of a sign-in ticket, in its message and its traceback.
"""

from __future__ import annotations

import logging
import re

SESSION_COOKIE = "licensure_session"
REDACTED = "[redacted]"
# `licensure_session=<token>` (a cookie header, a repr) and `ticket=<ticket>` (a query).
_SECRET = re.compile(rf"\b({SESSION_COOKIE}|ticket)(\s*[=:]\s*['\"]?)[A-Za-z0-9_\-%.~+/]+")

_installed = False


def redact(text: str) -> str:
    """`text` with the values of the session cookie and of sign-in tickets replaced."""
    if SESSION_COOKIE not in text and "ticket" not in text:
        return text
    return _SECRET.sub(rf"\1\2{REDACTED}", text)


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record is left for logging to report
        return
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = redact(text)
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)


def install() -> None:
    """Redact every log record as it is created (idempotent)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
