"""In-app notifications, mirrored as e-mail."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, func, select

from licensure_app.domain.notices import Notice, render_email
from licensure_app.infra import clock
from licensure_app.infra.mail import queue_email
from licensure_app.infra.watched_cache import WatchedCache

from .. import settings
from ..models import Account, Notification


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


def email_notice(session: Session, to_address: str, notice: Notice, greeting: str = "") -> None:
    """Queue `notice` as an e-mail (plain text and HTML, signed by the agency)."""
    mail = render_email(
        notice,
        agency=settings.agency_name(),
        base_url=settings.public_base_url(),
        greeting=greeting,
    )
    queue_email(session, to_address, mail.subject, mail.text, mail.html)


def send_notice(
    session: Session, recipient_id: int, notice: Notice, *, email: bool = True
) -> Notification:
    """Notify an account in the caller's transaction: in-app, and by e-mail unless `email`
    is False (an approver who chose the daily digest)."""
    note = Notification(
        recipient_id=recipient_id, text=notice.what_happened[:500], link=notice.link
    )
    session.add(note)
    account = session.get(Account, recipient_id)
    if email and account is not None and account.is_active:
        email_notice(session, account.email, notice, account.display_name)
    session.flush()
    return note


# Counted on every page open: a statement built once (SQLAlchemy caches its compiled form).
_UNREAD_COUNT = (
    select(func.count())
    .select_from(Notification)
    .where(
        Notification.recipient_id == bindparam("recipient_id"),
        Notification.is_read.is_(False),  # type: ignore[attr-defined]
    )
)


def unread_count(session: Session | Connection, recipient_id: int) -> int:
    return session.execute(_UNREAD_COUNT, {"recipient_id": recipient_id}).scalar_one()


# The header shows the count on every page opened: kept per process until a notification
# is written anywhere (infra/watched_cache.py).
_UNREAD: WatchedCache[int] = WatchedCache("notifications", ["notification"])


def unread_count_cached(
    connect: Callable[[], AbstractContextManager[Connection]], recipient_id: int
) -> int:
    """`unread_count`, answered from this process's cache while no notification changed."""

    def read() -> int:
        with connect() as connection:
            return unread_count(connection, recipient_id)

    return _UNREAD.get(recipient_id, read) or 0


@dataclass(frozen=True)
class NotificationRow:
    """One notification as the notifications page shows it."""

    id: int
    text: str
    link: str
    read: bool
    at: str


def recent(session: Session, recipient_id: int, limit: int = 50) -> list[NotificationRow]:
    """The recipient's latest notifications, newest first, as display rows."""
    rows = session.exec(
        select(Notification)
        .where(Notification.recipient_id == recipient_id)
        .order_by(Notification.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    ).all()
    return [
        NotificationRow(
            id=n.id or 0,
            text=n.text,
            link=n.link,
            read=n.is_read,
            at=clock.show(n.created_at),
        )
        for n in rows
    ]


def mark_all_read(session: Session, recipient_id: int) -> None:
    session.exec(
        update(Notification)
        .where(Notification.recipient_id == recipient_id, Notification.is_read.is_(False))  # type: ignore[attr-defined]
        .values(is_read=True)
    )
