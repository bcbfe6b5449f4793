"""Notices about claims of a license, at most one a day per license (to its holder) and
one a day per license (to the office).

A claim of someone else's license tells its holder; a successful claim tells the licensure
office, which confirms it (and, after recent failed tries, checks with the holder at the
mailing address on the state's record first: a state record holds no e-mail address, and an
unclaimed record has no account to tell). The daily limit keeps anyone from using claims to
flood a holder or the office.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain.formatting import plural
from licensure_app.domain.notices import Notice
from licensure_app.models import ROLE_STATE_STAFF, Account, LicenseClaimAttempt
from licensure_app.services import notifications

NOTICE_GAP = timedelta(days=1)


def _notice_sent_recently(session: Session, number: str, now: datetime, to_office: bool) -> bool:
    """Whether a notice of this kind went out about this license in the last day: the
    holder's go with refused attempts, the office's with successful claims."""
    return (
        session.exec(
            select(LicenseClaimAttempt.id).where(
                LicenseClaimAttempt.license_number == number,
                col(LicenseClaimAttempt.succeeded).is_(to_office),
                col(LicenseClaimAttempt.notice_sent).is_(True),
                LicenseClaimAttempt.at > now - NOTICE_GAP,
            )
        ).first()
        is not None
    )


def _mark_sent(session: Session, attempt: LicenseClaimAttempt) -> None:
    attempt.notice_sent = True
    session.add(attempt)
    session.flush()


def tell_holder_of_attempt(
    session: Session, attempt: LicenseClaimAttempt, holder_account_id: int, now: datetime
) -> bool:
    """Tell the holder that another account tried to claim their license; False when a
    notice about this license already went out in the last day."""
    number = attempt.license_number
    if _notice_sent_recently(session, number, now, to_office=False):
        return False
    notice = Notice(
        subject="Someone tried to claim your license",
        what_happened=(
            f"Someone tried to claim your license {number} from another account. If this was "
            "not you, no action is needed: your license stays linked to your account. Contact "
            "the licensure office if it happens again."
        ),
        link=routes.LICENSES,
        link_text="See your licenses",
    )
    notifications.send_notice(session, holder_account_id, notice)
    _mark_sent(session, attempt)
    return True


def _office_notice(number: str, failures: int) -> Notice:
    if failures:
        what = (
            f"License {number} was claimed after {plural(failures, 'failed claim')} of it "
            "in the last day. Before confirming the claim, check with the holder at the "
            "mailing address on the state's record."
        )
    else:
        what = f"License {number} was claimed. Confirm the claim to show the holder their details."
    return Notice(
        subject="A license claim waits for confirmation",
        what_happened=what,
        next_step="Find the educator by license number under Records and confirm the claim.",
        link=routes.ADMIN,
        link_text="Open administration",
    )


def tell_office_of_claim(
    session: Session, attempt: LicenseClaimAttempt, failures: int, now: datetime
) -> bool:
    """Tell the licensure office a claim waits for confirmation (by e-mail too after recent
    failed tries); False when a notice about this license already went out in the last day."""
    number = attempt.license_number
    if _notice_sent_recently(session, number, now, to_office=True):
        return False
    staff = session.exec(
        select(Account.id).where(Account.role == ROLE_STATE_STAFF, col(Account.is_active).is_(True))
    ).all()
    notice = _office_notice(number, failures)
    for staff_id in staff:
        if staff_id is not None:
            notifications.send_notice(session, staff_id, notice, email=failures > 0)
    _mark_sent(session, attempt)
    return True


def tell_claimant_confirmed(session: Session, account_id: int, number: str) -> None:
    notifications.send_notice(
        session,
        account_id,
        Notice(
            subject="Your license claim is confirmed",
            what_happened=(
                f"The licensure office confirmed your claim of license {number}. Your date of "
                "birth and contact details on the state's record now show on your profile."
            ),
            link=routes.PROFILE,
            link_text="Open your profile",
        ),
    )
