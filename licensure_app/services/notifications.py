"""In-app notifications, mirrored as e-mail."""

from __future__ import annotations

from sqlmodel import Session, func, select

from .. import settings
from ..models import Account, Notification
from .mail import queue_email


def notify(session: Session, recipient_id: int, text: str, link: str = "") -> Notification:
    """Notify an account in the caller's transaction (in-app, and by e-mail)."""
    note = Notification(recipient_id=recipient_id, text=text[:500], link=link)
    session.add(note)
    account = session.get(Account, recipient_id)
    if account is not None:
        url = f"{settings.public_base_url()}{link}" if link else settings.public_base_url()
        queue_email(session, account.email, "Educator licensure: " + text[:120], f"{text}\n\n{url}")
    session.flush()
    return note


def unread_count(session: Session, recipient_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.recipient_id == recipient_id, Notification.is_read.is_(False))  # type: ignore[attr-defined]
    ).one()
