"""Expiry reminders: 365, 180, 90 and 30 days before a license expires, once each.

Run daily inside the app (infra/scheduler.py; `python -m licensure_app.cli remind` for
operators). A holder who has already filed a renewal of the license (submitted and not yet
decided) gets none; a reminder says what is still needed, as the renewal tracker computes it,
with a link to the tracker. Each reminder sent is stored in
`expiry_reminder` under a unique key (license, expiry date, days before), so reruns, two
overlapping runs, or a run after a missed day never send one twice. A run that finds a
license inside several thresholds (the job did not run for a while) sends only the nearest
one: an educator 100 days from expiry gets the 180-day reminder, not the 365-day one too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain import status
from licensure_app.domain.formatting import format_date, plural
from licensure_app.domain.notices import Notice
from licensure_app.models import Application, EducatorProfile, ExpiryReminder, License
from licensure_app.services import audit, notifications
from licensure_app.services.pd.tracker import trackers

REMINDER_DAYS = (365, 180, 90, 30)
BATCH = 1000
# A renewal in one of these has been filed and waits for a decision: no reminder then.
FILED = (status.SUBMITTED, status.RESUBMITTED, status.DISTRICT_APPROVED, status.STATE_REVIEW)


@dataclass(frozen=True)
class RemindResult:
    sent: int
    already_sent: int
    renewal_filed: int = 0


def threshold_for(days_left: int) -> int | None:
    """The nearest reminder threshold a license `days_left` from expiry is inside."""
    inside = [d for d in REMINDER_DAYS if 0 < days_left <= d]
    return min(inside) if inside else None


def _still_needed(session: Session, lic: License, today: date) -> str:
    """What the renewal tracker says is still needed for this license: "You need 2 more
    CEUs by 29 April 2027 (your closest renewal option)."; once met, the tracker's summary."""
    tracker = next(
        (
            t
            for t in trackers(session, lic.holder_id, today)
            if t.license_number == lic.license_number
        ),
        None,
    )
    if tracker is None:
        return ""
    if tracker.next_needed:
        return f"You need {tracker.next_needed} (your closest renewal option)."
    return tracker.summary


def reminder_notice(session: Session, lic: License, today: date) -> Notice:
    """The reminder for `lic` on `today`; the subject names neither the license nor the holder."""
    days_left = (lic.expires_on - today).days
    expiry = format_date(lic.expires_on)
    said = f"Your {lic.license_type} license {lic.license_number} expires on {expiry}, in {plural(days_left, 'day')}."
    need = _still_needed(session, lic, today)
    return Notice(
        subject=f"Your license expires in {plural(days_left, 'day')}",
        what_happened=f"{said} {need}".strip(),
        next_step=(
            "The renewal tracker shows what counts toward your renewal; file your renewal "
            "once you meet an option, before the license expires."
        ),
        link=routes.PD,
        link_text="Open your renewal tracker",
    )


def _renewals_filed(session: Session, license_ids: list[int | None]) -> set[int]:
    """The licenses among these with a renewal filed and not yet decided."""
    return {
        license_id
        for license_id in session.exec(
            select(Application.license_id).where(
                Application.app_type == "renewal",
                col(Application.status).in_(FILED),
                col(Application.license_id).in_(license_ids),
            )
        ).all()
        if license_id is not None
    }


def _due_batch(session: Session, today: date, horizon: date, after_id: int) -> list[Any]:
    """The next batch of active licenses with an account expiring by `horizon`; keyset
    pagination by license id keeps each batch an index range."""
    return list(
        session.exec(
            select(License, EducatorProfile.account_id)
            .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
            .where(
                License.status == "active",
                License.expires_on > today,
                License.expires_on <= horizon,
                col(EducatorProfile.account_id).is_not(None),
                col(License.id) > after_id,
            )
            .order_by(col(License.id))
            .limit(BATCH)
        ).all()
    )


def _recorded(session: Session, license_ids: list[int | None]) -> set[tuple[int, date, int]]:
    """(license, expiry date, days before) of every reminder already sent to these licenses."""
    return {
        (r.license_id, r.expires_on, r.days_before)
        for r in session.exec(
            select(ExpiryReminder).where(col(ExpiryReminder.license_id).in_(license_ids))
        ).all()
    }


def _store_reminder(session: Session, lic: License, threshold: int, account_id: int) -> bool:
    """Store the reminder under its unique key; False if an overlapping run sent it a
    moment ago."""
    try:
        with session.begin_nested():
            session.add(
                ExpiryReminder(
                    license_id=lic.id or 0,
                    expires_on=lic.expires_on,
                    days_before=threshold,
                    recipient_id=account_id,
                )
            )
            session.flush()
    except IntegrityError:
        return False
    return True


def _remind(
    session: Session,
    lic: License,
    account_id: int | None,
    today: date,
    recorded: set[tuple[int, date, int]],
) -> bool | None:
    """Send `lic`'s reminder if one is due: True if sent, False if it (or a nearer one) was
    already sent for this expiry date, None if none is due."""
    days_left = (lic.expires_on - today).days
    threshold = threshold_for(days_left)
    if threshold is None or account_id is None:
        return None
    if any((lic.id, lic.expires_on, d) in recorded for d in REMINDER_DAYS if d <= threshold):
        return False  # this one, or a nearer one, was sent for this expiry date
    return remind(session, lic, account_id, today, threshold)


def remind(session: Session, lic: License, account_id: int, today: date, threshold: int) -> bool:
    """Store `lic`'s reminder for `threshold` and notify its holder (in-app and e-mail);
    False if it was stored already (a run a moment ago sent it)."""
    if not _store_reminder(session, lic, threshold, account_id):
        return False
    notifications.send_notice(session, account_id, reminder_notice(session, lic, today))
    return True


def send_reminders(session: Session, today: date) -> RemindResult:
    """Notify every holder with an account whose active license reaches a threshold today
    or earlier and has not had that reminder for its current expiry date, unless a renewal
    of it has been filed."""
    sent = already = filed = 0
    last_id = 0
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    while batch := _due_batch(session, today, horizon, last_id):
        last_id = batch[-1][0].id or last_id
        ids = [lic.id for lic, _ in batch]
        recorded, renewing = _recorded(session, ids), _renewals_filed(session, ids)
        for lic, account_id in batch:
            if lic.id in renewing:
                filed += 1
                continue
            outcome = _remind(session, lic, account_id, today, recorded)
            sent += outcome is True
            already += outcome is False
    if sent:
        audit.record(
            session,
            audit.SYSTEM,
            "reminders.sent",
            "license",
            "",
            after={"sent": sent, "today": today},
        )
    return RemindResult(sent=sent, already_sent=already, renewal_filed=filed)
