"""No session cookie or sign-in ticket reaches the server log (issue 13, item 10)."""

from __future__ import annotations

import logging

import pytest
from reflex_base.event import Event

TOKEN = "kX9-secret_SessionToken_0123456789abcdefABCDEF"


def test_reflex_logging_a_failed_event_does_not_write_the_session_cookie(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Reflex logs a failed event with its router data, the websocket's Cookie header included."""
    from licensure_app.infra import log_redaction

    log_redaction.install()
    event = Event(
        name="state.profile_state.save",
        router_data={"headers": {"cookie": f"other=1; licensure_session={TOKEN}"}},
    )
    reflex_log = logging.getLogger("reflex_base.event.processor.event_processor")
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError(f"while handling {event.router_data}")
        except ValueError:
            reflex_log.exception(f"Error processing event queue entry for {event} [txid=1]:")
        logging.getLogger("licensure").error("asked %s", f"/api/session/start?ticket={TOKEN}")
    assert TOKEN not in caplog.text
    assert "licensure_session=[redacted]" in caplog.text and "ticket=[redacted]" in caplog.text
    assert "other=1" in caplog.text  # the rest of the line stays


def test_redact_leaves_ordinary_text_alone() -> None:
    from licensure_app.infra.log_redaction import redact

    assert redact("sign-in ok email=a@example.org") == "sign-in ok email=a@example.org"
    assert redact("'cookie': 'licensure_session=abc; x=1'") == (
        "'cookie': 'licensure_session=[redacted]; x=1'"
    )
