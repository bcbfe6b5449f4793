"""How an approver or a state staffer hears of new work in their queue: one e-mail per
application ("immediate") or a daily digest ("digest", the default). Read by the
notices of services.approvals and services.applications (`Account.queue_mail`)."""

from __future__ import annotations

from sqlmodel import Session

from licensure_app.models import QUEUE_MAIL_MODES, Account
from licensure_app.services import audit
from licensure_app.services.accounts.authz import ROLES_NEEDING_CODE, principal_for

QUEUE_MAIL_LABELS = {
    "immediate": "One e-mail per application",
    "digest": "A daily digest",
}
NOT_A_CHOICE = "Choose how you want to hear of new work in your queue."
NOT_AN_APPROVER = "Only approvers and state staff have a queue to hear of."


def has_queue(session: Session, account: Account) -> bool:
    """Approvers (superintendents, designees) and state staff have a queue."""
    return bool(principal_for(session, account).roles & ROLES_NEEDING_CODE)


def queue_mail_choice(session: Session, account_id: int) -> str:
    account = session.get(Account, account_id)
    return account.queue_mail if account is not None else "digest"


def set_queue_mail(session: Session, actor: audit.Actor, account_id: int, mode: str) -> str | None:
    """Save the account's choice (audited when it changes); the refusal, or None."""
    if mode not in QUEUE_MAIL_MODES:
        return NOT_A_CHOICE
    account = session.get(Account, account_id)
    if account is None or not has_queue(session, account):
        return NOT_AN_APPROVER
    if account.queue_mail == mode:
        return None
    before = account.queue_mail
    account.queue_mail = mode
    session.add(account)
    audit.record(
        session,
        actor,
        "account.queue_mail_changed",
        "account",
        account_id,
        before={"queue_mail": before},
        after={"queue_mail": mode},
    )
    return None
