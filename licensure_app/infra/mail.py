"""Outgoing e-mail: written to the outbox table in the transaction of what it reports.

With `SMTP_HOST` set the running app delivers it (`mail_delivery`); operators read it with
`python -m licensure_app.cli outbox` and send what is due with `cli deliver`.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from licensure_app import settings
from licensure_app.models import OutboxEmail

log = logging.getLogger("licensure.mail")


def queue_email(
    session: Session, to_address: str, subject: str, body: str, html_body: str = ""
) -> OutboxEmail:
    """Add a message to the outbox in the caller's transaction (sent once it commits)."""
    message = OutboxEmail(to_address=to_address, subject=subject, body=body, html_body=html_body)
    session.add(message)
    session.flush()
    if settings.demo_mode() and not settings.smtp_host():
        # Demo mode without SMTP: operators read mail in the server log (and the outbox table).
        log.warning("Outbox e-mail to %s: %s\n%s", to_address, subject, body)
    return message
