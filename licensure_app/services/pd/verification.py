"""Who verified an activity (or did not accept it), and when, in the words people read:
"Verified by Dana Whitfield on 2 December 2026", "Not accepted by Dana Whitfield on
2 December 2026: The certificate is for another person"."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock
from licensure_app.models import ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF, Account, PDActivity

_ROLE_NAMES = {
    ROLE_DISTRICT_APPROVER: "a district approver",
    ROLE_STATE_STAFF: "the state licensure office",
}


# Built once (the tracker page reads it on every visit); an expanding parameter instead of
# `in_(list)` per call, which leaves reference cycles for the garbage collector.
_NAMES = select(col(Account.id), col(Account.display_name), col(Account.role)).where(
    col(Account.id).in_(bindparam("ids", expanding=True))
)


def verifier_names(session: Session, account_ids: Iterable[int | None]) -> dict[int, str]:
    """The name each verifying account is shown by (its role when it has no name)."""
    ids = sorted({i for i in account_ids if i})
    if not ids:
        return {}
    rows = session.connection().execute(_NAMES, {"ids": ids}).all()
    return {
        account_id or 0: (name or "").strip() or _ROLE_NAMES.get(role, "the licensure office")
        for account_id, name, role in rows
    }


def voided_text(activity: PDActivity) -> str:
    reason = activity.void_reason.strip()
    return f"Voided by the state office: {reason}" if reason else "Voided by the state office"


def _by_whom_and_when(activity: PDActivity, names: dict[int, str]) -> str:
    who = names.get(activity.verified_by_id or 0, "")
    when = format_date(clock.local(activity.verified_at).date()) if activity.verified_at else ""
    return (f" by {who}" if who else "") + (f" on {when}" if when else "")


def verification_sentence(
    activity: PDActivity,
    names: dict[int, str],
    verified_word: str = "Verified",
    pending: str = "Not yet verified",
) -> str:
    """ "Verified by <name> on <date>", "Not accepted by <name> on <date>: <reason>",
    "Voided by the state office: <reason>" or `pending`."""
    if activity.voided_at is not None:
        return voided_text(activity)
    if activity.verification == "verified":
        return verified_word + _by_whom_and_when(activity, names)
    if activity.verification == "not_accepted":
        text = "Not accepted" + _by_whom_and_when(activity, names)
        reason = activity.verification_reason.strip()
        return f"{text}: {reason}" if reason else text
    return pending
