"""Outgoing e-mail: written to the outbox table in the transaction of what it reports.

Operators read it with `python -m licensure_app.cli outbox`; nothing sends it yet.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from licensure_app import settings
from licensure_app.models import OutboxEmail

log = logging.getLogger("licensure.mail")


def queue_email(session: Session, to_address: str, subject: str, body: str) -> OutboxEmail:
    """Add a message to the outbox in the caller's transaction."""
    message = OutboxEmail(to_address=to_address, subject=subject, body=body)
    session.add(message)
    session.flush()
    if settings.demo_mode() and not settings.smtp_host():
        # Demo mode without SMTP: operators read mail in the server log (and the outbox table).
        log.warning("Outbox e-mail to %s: %s\n%s", to_address, subject, body)
    return message
