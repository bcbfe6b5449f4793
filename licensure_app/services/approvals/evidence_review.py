"""Per-activity evidence review on a renewal (CE Broker's model): the approver accepts each
counted activity or marks it "Not accepted" with a reason.

A decision is made by whoever may approve the application, while it waits for the district
decision, and can be changed until then. "Not accepted" takes the activity out of the
count; when what still counts no longer meets the option the application names, the
application is returned to the applicant at once with each activity not accepted and why.
Each decision is one transaction: the application row is claimed first (a conditional
UPDATE, so an approval in another tab waits or wins), then the activity moves by a
conditional UPDATE from the state this approver saw (a double click writes once), with
its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.status import DISTRICT_STAGE
from licensure_app.models import Application, License, PDActivity
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.rules import rules_for_license

from ..applications.answers import Answers
from . import notices
from .counted import chosen_option, option_still_met, snapshot_activity_ids, snapshot_items
from .decisions import Decision, _decidable, _move, _tell_applicant, _Undo
from .scope import acting, refuse, stage_of

MAX_ACTIVITY_REASON = 500
REASON_NEEDED = "Enter the reason for not accepting this activity: the applicant reads it."
REASON_TOO_LONG = f"Keep the reason to {MAX_ACTIVITY_REASON} characters."
NOT_COUNTED = "That activity is not one this application counts."
VOIDED = "The state office voided this activity: it no longer counts, and needs no decision."
NOT_REVIEWABLE = "Activities are reviewed only on a renewal waiting for the district's decision."
CHANGED = "This activity's decision changed meanwhile: read it again before deciding."


@dataclass(frozen=True)
class ActivityDecision:
    """The outcome; `returned` when the application went back to the applicant, `field`
    "reason" when the error belongs to the reason field."""

    ok: bool
    message: str
    returned: bool = False
    field: str = ""


def decide_activity(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    activity_id: int,
    accepted: bool,
    reason: str = "",
) -> ActivityDecision:
    """Accept one counted activity of a renewal, or mark it not accepted with a reason."""
    actor = acting(principal, actor)
    action = "accept activity" if accepted else "not accept activity"
    found = _decidable(session, principal, actor, application_id, action)
    if isinstance(found, Decision):
        return ActivityDecision(False, found.message)
    application = found
    if application.app_type != "renewal" or stage_of(application) != "district":
        return ActivityDecision(False, NOT_REVIEWABLE)
    answers = Answers.of(application)
    activity = _counted_activity(session, application, answers, activity_id)
    if activity is None:
        refuse(session, actor, application.id, action, "activity not counted")
        return ActivityDecision(False, NOT_COUNTED)
    if activity.voided_at is not None:
        return ActivityDecision(False, VOIDED)
    clean = " ".join((reason or "").split())
    if not accepted and not clean:
        return ActivityDecision(False, REASON_NEEDED, field="reason")
    if not accepted and len(clean) > MAX_ACTIVITY_REASON:
        return ActivityDecision(False, REASON_TOO_LONG, field="reason")
    target, new_reason = ("verified", "") if accepted else (renewal.NOT_ACCEPTED, clean)
    if (activity.verification, activity.verification_reason) == (target, new_reason):
        return ActivityDecision(True, _done(activity.title, accepted))  # a second click
    try:
        with session.begin_nested():
            _claim(session, application)
            _write(session, actor, application, activity, target, new_reason)
            returned = not accepted and _return_if_unmet(session, application, actor, answers)
    except _Undo as undo:
        session.expire_all()
        return ActivityDecision(False, undo.message)
    message = _done(activity.title, accepted)
    if returned:
        message += (
            " What still counts no longer meets the renewal option: the application was "
            "returned to the applicant for correction."
        )
    return ActivityDecision(True, message, returned=returned)


def _done(title: str, accepted: bool) -> str:
    return f"Accepted: {title}." if accepted else f"Not accepted: {title}."


def _counted_activity(
    session: Session, application: Application, answers: Answers, activity_id: object
) -> PDActivity | None:
    """The activity if the application counted it at submission (and it is the applicant's)."""
    try:
        wanted = int(str(activity_id))
    except ValueError:
        return None
    if wanted not in snapshot_activity_ids(answers):
        return None
    activity = session.get(PDActivity, wanted)
    if activity is None or activity.holder_id != application.applicant_id:
        return None
    return activity


def _claim(session: Session, application: Application) -> None:
    """Hold the application while it still waits for the district (an approval or return
    in another tab either finished first, and this decision is refused, or waits)."""
    claimed = session.exec(
        update(Application)
        .where(Application.id == application.id, col(Application.status).in_(DISTRICT_STAGE))
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise _Undo("This application has been decided meanwhile: activities can no longer change.")


def _write(
    session: Session,
    actor: audit.Actor,
    application: Application,
    activity: PDActivity,
    target: str,
    new_reason: str,
) -> None:
    before = {
        "verification": activity.verification,
        "verification_reason": activity.verification_reason,
        "verified_by_id": activity.verified_by_id,
    }
    moved = session.exec(
        update(PDActivity)
        .where(
            PDActivity.id == activity.id,
            PDActivity.verification == activity.verification,
            PDActivity.verification_reason == activity.verification_reason,
            col(PDActivity.voided_at).is_(None),
        )
        .values(
            verification=target,
            verification_reason=new_reason,
            verified_by_id=actor.account_id,
            verified_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise _Undo(CHANGED)
    session.refresh(activity)
    audit.record(
        session,
        actor,
        "pd_activity.accepted" if target == "verified" else "pd_activity.not_accepted",
        "pd_activity",
        activity.id,
        before=before,
        after={
            "verification": target,
            "verification_reason": new_reason,
            "verified_by_id": actor.account_id,
            "application_id": application.id,
        },
    )


def _return_if_unmet(
    session: Session, application: Application, actor: audit.Actor, answers: Answers
) -> bool:
    """Return the application (True) when what still counts no longer meets its option."""
    lic = session.get(License, application.license_id) if application.license_id else None
    if option_still_met(session, lic, answers, rules_for_license(session, lic)):
        return False
    reason = return_reason(session, application, answers, lic)
    _move(session, application, DISTRICT_STAGE, "returned", actor, reason)
    _tell_applicant(session, application, notices.returned("renewal", reason, by_state=False))
    return True


def return_reason(
    session: Session, application: Application, answers: Answers, lic: License | None
) -> str:
    """ "The activities still counted no longer meet the renewal option chosen (5 CEUs).
    Not accepted: <title> — <reason>. Not accepted: …" """
    option = (
        chosen_option(lic, answers, rules_for_license(session, lic)) if lic is not None else None
    )
    named = f" ({renewal.option_label(option)})" if option is not None else ""
    ids = snapshot_activity_ids(answers)
    rows = {a.id: a for a in session.exec(select(PDActivity).where(col(PDActivity.id).in_(ids)))}
    lines = []
    for item in snapshot_items(answers):
        row = rows.get(int(item.get("activity_id", 0)))
        if row is not None and row.voided_at is not None:
            lines.append(
                f"Voided by the state office: {row.title} — {row.void_reason.rstrip('.')}."
            )
        elif row is not None and row.verification == renewal.NOT_ACCEPTED:
            lines.append(f"Not accepted: {row.title} — {row.verification_reason.rstrip('.')}.")
    head = f"The activities still counted no longer meet the renewal option chosen{named}."
    return " ".join([head, *lines])[:2000]
