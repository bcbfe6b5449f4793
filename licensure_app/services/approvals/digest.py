"""The approvers' daily digest: one e-mail a day saying what waits in their queue.

Every active approver (superintendents, designees, other district approvers, state staff)
who chose "digest" (`Account.queue_mail`, the default) gets, once a day, how many
applications wait for their decision, by status, and how long the oldest has waited,
counted exactly as their /approvals page counts "waiting". Nothing is sent when nothing
waits. Those who chose "immediate" get an e-mail per item instead (see `decisions`).
The app's daily scheduler runs `send_digests`; running it twice the same day sends nothing
more (the day is in the subject, and a digest already queued for that day is not repeated).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, or_, select

from licensure_app import routes
from licensure_app.domain.formatting import format_date, plural
from licensure_app.domain.notices import Notice
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_STATE_STAFF,
    Account,
    District,
    DistrictDesignee,
    OutboxEmail,
)
from licensure_app.models._base import utcnow
from licensure_app.services import notifications
from licensure_app.services.accounts.authz import principal_for

from .queue import Waiting, age_days, submitted_text, waiting_summary


def digest_readers(session: Session) -> list[Account]:
    """The active approver accounts that chose the daily digest."""
    superintendents = select(District.superintendent_account_id).where(
        col(District.superintendent_account_id).is_not(None)
    )
    designees = select(DistrictDesignee.account_id).where(
        col(DistrictDesignee.revoked_at).is_(None)
    )
    return list(
        session.exec(
            select(Account)
            .where(
                col(Account.is_active).is_(True),
                Account.queue_mail == "digest",
                or_(
                    col(Account.role).in_((ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)),
                    col(Account.id).in_(superintendents),
                    col(Account.id).in_(designees),
                ),
            )
            .order_by(col(Account.id))
        ).all()
    )


def digest_notice(waiting: Waiting, day: date, now: datetime) -> Notice:
    """The digest of `waiting` for `day` (counts and ages only: nothing private)."""
    by_status = ", ".join(f"{c.count} {c.label.lower()}" for c in waiting.counts)
    verb = "is" if waiting.total == 1 else "are"
    what = f"{plural(waiting.total, 'application')} {verb} waiting for your decision: {by_status}."
    if waiting.oldest is not None:
        days = age_days(waiting.oldest, now)
        age = "since today" if days == 0 else f"for {plural(days, 'day')}"
        what += f" The oldest has waited {age} (submitted {submitted_text(waiting.oldest)})."
    return Notice(
        subject=f"Applications waiting for your decision on {format_date(day)}",
        what_happened=what,
        next_step="Open your approvals queue to review them, oldest first.",
        link=routes.APPROVALS,
        link_text="Open your approvals queue",
    )


def _already_sent(session: Session, address: str, subject: str) -> bool:
    return (
        session.exec(
            select(OutboxEmail.id).where(
                OutboxEmail.to_address == address, col(OutboxEmail.subject).startswith(subject)
            )
        ).first()
        is not None
    )


def send_digests(session: Session, day: date, now: datetime | None = None) -> str:
    """Queue today's digest for every approver who has something waiting; returns a summary."""
    now = now or utcnow()
    sent = empty = repeated = 0
    for account in digest_readers(session):
        principal = principal_for(session, account)
        if not principal.has_any({ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF}):
            continue
        waiting = waiting_summary(session, principal)
        if not waiting.total:
            empty += 1
            continue
        notice = digest_notice(waiting, day, now)
        if _already_sent(session, account.email, notice.subject):
            repeated += 1
            continue
        notifications.email_notice(session, account.email, notice, account.display_name)
        sent += 1
    session.flush()
    return (
        f"Queue digests for {format_date(day)}: {sent} sent, "
        f"{empty} with nothing waiting, {repeated} already sent."
    )
