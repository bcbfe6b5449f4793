"""Outgoing e-mail: always written to the outbox table; delivered by SMTP when configured."""

from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage

from sqlmodel import Session, select

from licensure_app import settings
from licensure_app.models import OutboxEmail
from licensure_app.models._base import utcnow

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


def deliver_pending(session: Session, limit: int = 50) -> int:
    """Send queued messages through SMTP_HOST; returns how many were sent. No-op without SMTP."""
    host = settings.smtp_host()
    if not host:
        return 0
    pending = session.exec(
        select(OutboxEmail).where(OutboxEmail.sent_at.is_(None)).limit(limit)  # type: ignore[union-attr]
    ).all()
    sent = 0
    port = int(os.environ.get("SMTP_PORT", "587"))
    sender = os.environ.get("SMTP_FROM", "licensure@localhost")
    try:
        with smtplib.SMTP(host, port, timeout=10) as smtp:
            if os.environ.get("SMTP_STARTTLS", "1") == "1":
                smtp.starttls()
            user = os.environ.get("SMTP_USER")
            if user:
                smtp.login(user, os.environ.get("SMTP_PASSWORD", ""))
            for message in pending:
                email = EmailMessage()
                email["From"], email["To"], email["Subject"] = (
                    sender,
                    message.to_address,
                    message.subject,
                )
                email.set_content(message.body)
                smtp.send_message(email)
                message.sent_at = utcnow()
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        log.error("SMTP delivery failed: %s", exc)
        for message in pending:
            if message.sent_at is None:
                message.error = str(exc)[:500]
    return sent
