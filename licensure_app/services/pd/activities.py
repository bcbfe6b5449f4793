"""Professional development activities: the form, its checks, saving with an audit record,
and the rows the activity list shows."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam
from sqlmodel import Session, select

from licensure_app.domain import renewal
from licensure_app.domain.activity_limits import amount_problem
from licensure_app.domain.formatting import format_amount, format_date
from licensure_app.domain.names import clean_name
from licensure_app.domain.renewal import ACHIEVEMENT_KINDS
from licensure_app.domain.rules import Rules
from licensure_app.models import EvidenceFile, License, PDActivity
from licensure_app.services import audit
from licensure_app.services.pd import evidence, verification
from licensure_app.services.rules import load_rules

KIND_LABELS: dict[str, str] = {
    "ceu": "CEU",
    "semester_hours": "Semester hours",
    "semi_credits": "SEMI credits",
    "national_board": "National Board",
    "degree": "Degree",
}
SOURCE_LABELS: dict[str, str] = {
    "self": "Self-entered",
    "state_semi": "State load (SEMI)",
    "state_elearning": "State load (eLearning)",
    "state_other": "State load",
}
VERIFICATION_LABELS: dict[str, str] = {
    "unverified": "Not yet verified",
    "verified": "Verified",
    "not_accepted": "Not accepted",
}
# National Board certification and degrees are one achievement: the amount is always 1.


@dataclass(frozen=True)
class ActivityForm:
    """The activity form as typed (strings), validated by `validate_activity`."""

    title: str = ""
    provider: str = ""
    kind: str = ""
    amount: str = ""
    completed_on: str = ""


@dataclass(frozen=True)
class CleanActivity:
    title: str
    provider: str
    kind: str
    amount: float
    completed_on: date


@dataclass(frozen=True)
class SaveResult:
    errors: dict[str, str] = field(default_factory=dict)
    activity_id: int | None = None
    # Saved, but the user should know (e.g. it will not count toward renewal).
    warning: str = ""


def _check_amount(typed: str, kind: str, rules: Rules) -> tuple[float | None, str]:
    """The amount as a number and what is wrong with it ("" when nothing is)."""
    if kind in ACHIEVEMENT_KINDS and not typed.strip():
        return 1.0, ""
    try:
        amount = float(typed.strip().replace(",", "."))
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount) or amount <= 0:
        return amount, "Enter the amount as a number, like 1.5."
    if round(amount, 2) <= 0:  # stored with two decimals: 0.004 would be 0
        return amount, "Enter at least 0.01."
    return amount, amount_problem(kind, amount, rules)


def _check_completed_on(typed: str, today: date) -> tuple[date | None, str]:
    """The completion date and what is wrong with it ("" when nothing is)."""
    try:
        completed_on = date.fromisoformat(typed.strip())
    except ValueError:
        return None, "Enter the date you completed it."
    if completed_on > today:
        return completed_on, "The completion date cannot be in the future."
    if completed_on.year < 1950:
        return completed_on, "Enter a date after 1950."
    return completed_on, ""


def validate_activity(
    form: ActivityForm, today: date, rules: Rules
) -> tuple[CleanActivity | None, dict[str, str]]:
    errors: dict[str, str] = {}
    title, provider = clean_name(form.title), clean_name(form.provider)
    if not title:
        errors["title"] = "Enter the title of the activity."
    elif len(title) > 200:
        errors["title"] = "Use at most 200 characters."
    if not provider:
        errors["provider"] = "Enter who provided it (a university, district or company)."
    elif len(provider) > 200:
        errors["provider"] = "Use at most 200 characters."
    kind = form.kind if form.kind in KIND_LABELS else ""
    if not kind:
        errors["kind"] = "Choose the kind of activity."
    amount, problem = _check_amount(form.amount, kind, rules)
    if problem:
        errors["amount"] = problem
    completed_on, problem = _check_completed_on(form.completed_on, today)
    if problem:
        errors["completed_on"] = problem
    if errors or completed_on is None or amount is None:
        return None, errors
    return CleanActivity(title, provider, kind, round(amount, 2), completed_on), {}


def _outside_period_warning(session: Session, profile_id: int, completed_on: date) -> str:
    periods = session.exec(
        select(License.valid_from, License.expires_on).where(
            License.holder_id == profile_id, License.status == "active"
        )
    ).all()
    if not periods or any(start <= completed_on <= end for start, end in periods):
        return ""
    start, end = periods[0]
    return (
        f"Saved, but it will not count toward renewal: it falls outside your license's "
        f"current validity period ({format_date(start)} to {format_date(end)})."
    )


def _snapshot(activity: PDActivity) -> dict[str, object]:
    return {
        "title": activity.title,
        "provider": activity.provider,
        "kind": activity.kind,
        "amount": activity.amount,
        "completed_on": activity.completed_on,
    }


def _attach_staged_evidence(
    session: Session, profile_id: int, activity_id: int, evidence_ids: list[int]
) -> None:
    """Attach files the educator uploaded before saving (only their own, unattached ones)."""
    if not evidence_ids:
        return
    rows = session.exec(
        select(EvidenceFile).where(
            EvidenceFile.id.in_(evidence_ids),  # type: ignore[union-attr]
            EvidenceFile.owner_id == profile_id,
            EvidenceFile.activity_id.is_(None),  # type: ignore[union-attr]
            EvidenceFile.application_id.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    for row in rows:
        row.activity_id = activity_id
        session.add(row)


def add_activity(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    form: ActivityForm,
    today: date,
    evidence_ids: list[int] | None = None,
) -> SaveResult:
    rules = load_rules(session)
    clean, errors = validate_activity(form, today, rules)
    if clean is None:
        return SaveResult(errors=errors)
    activity = PDActivity(
        holder_id=profile_id,
        title=clean.title,
        provider=clean.provider,
        kind=clean.kind,
        amount=clean.amount,
        completed_on=clean.completed_on,
        source="self",
    )
    session.add(activity)
    session.flush()
    _attach_staged_evidence(session, profile_id, activity.id or 0, evidence_ids or [])
    audit.record(
        session, actor, "pd_activity.created", "pd_activity", activity.id, after=_snapshot(activity)
    )
    return SaveResult(
        activity_id=activity.id,
        warning=_outside_period_warning(session, profile_id, clean.completed_on),
    )


def _own_editable(session: Session, profile_id: int, activity_id: int) -> PDActivity | str:
    activity = session.get(PDActivity, activity_id)
    if activity is None or activity.holder_id != profile_id:
        return "That activity was not found."
    if activity.source != "self":
        return "Activities loaded by the state cannot be changed."
    if activity.voided_at is not None:
        return "An activity voided by the state office cannot be changed."
    if activity.verification != "unverified":
        return "A verified activity cannot be changed."
    return activity


def update_activity(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    activity_id: int,
    form: ActivityForm,
    today: date,
    evidence_ids: list[int] | None = None,
) -> SaveResult:
    activity = _own_editable(session, profile_id, activity_id)
    if isinstance(activity, str):
        return SaveResult(errors={"form": activity})
    clean, errors = validate_activity(form, today, load_rules(session))
    if clean is None:
        return SaveResult(errors=errors)
    before = _snapshot(activity)
    activity.title, activity.provider, activity.kind = clean.title, clean.provider, clean.kind
    activity.amount, activity.completed_on = clean.amount, clean.completed_on
    session.add(activity)
    _attach_staged_evidence(session, profile_id, activity_id, evidence_ids or [])
    changed_before, changed_after = audit.changes(before, _snapshot(activity))
    audit.record(
        session,
        actor,
        "pd_activity.updated",
        "pd_activity",
        activity_id,
        before=changed_before,
        after=changed_after,
    )
    return SaveResult(
        activity_id=activity_id,
        warning=_outside_period_warning(session, profile_id, clean.completed_on),
    )


def delete_activity(
    session: Session, actor: audit.Actor, profile_id: int, activity_id: int
) -> str | None:
    """Delete an own, self-entered, unverified activity; returns why not, or None."""
    activity = _own_editable(session, profile_id, activity_id)
    if isinstance(activity, str):
        return activity
    for row in session.exec(select(EvidenceFile).where(EvidenceFile.activity_id == activity_id)):
        # The files stay (an approver may have seen them); they are only detached.
        row.activity_id = None
        session.add(row)
    audit.record(
        session,
        actor,
        "pd_activity.deleted",
        "pd_activity",
        activity_id,
        before=_snapshot(activity),
    )
    session.delete(activity)
    return None


# ---------------------------------------------------------------- display rows


@dataclass(frozen=True)
class ActivityRow:
    activity_id: int
    title: str
    provider: str
    kind: str
    kind_label: str
    amount_text: str
    amount: str
    completed_on: str
    completed_on_iso: str
    source: str
    verification: str
    editable: bool
    evidence: list[evidence.EvidenceInfo]


def verification_text(activity: PDActivity, names: dict[int, str] | None = None) -> str:
    """ "Verified", "Not accepted: <reason>", "Voided by the state office: <reason>"; with
    `names` (`verification.verifier_names`) also by whom and when: "Verified by <name> on
    <date>", "Not accepted by <name> on <date>: <reason>"."""
    if names is not None:
        return verification.verification_sentence(activity, names)
    if activity.voided_at is not None:
        return verification.voided_text(activity)
    text = VERIFICATION_LABELS.get(activity.verification, activity.verification)
    if activity.verification == "not_accepted" and activity.verification_reason:
        text += f": {activity.verification_reason}"
    return text


def amount_text(kind: str, amount: float) -> str:
    if kind in ACHIEVEMENT_KINDS:
        return "Completed"
    return f"{format_amount(amount)} {renewal.unit_label(kind, amount)}"


# The tracker page reads this on every visit: a statement built once (SQLAlchemy caches
# its compiled form; building a statement per call costs more than running it here).
_ACTIVITIES = (
    select(PDActivity)
    .where(PDActivity.holder_id == bindparam("profile_id"))
    .order_by(PDActivity.completed_on.desc(), PDActivity.id.desc())  # type: ignore[union-attr]
)


def holder_activities(session: Session, profile_id: int) -> list[PDActivity]:
    """The educator's activities, newest first."""
    return list(session.exec(_ACTIVITIES, params={"profile_id": profile_id}).all())


def activity_rows(
    session: Session, profile_id: int, activities: list[PDActivity] | None = None
) -> list[ActivityRow]:
    """Display rows of the educator's activities (`activities`: holder_activities, if read)."""
    if activities is None:
        activities = holder_activities(session, profile_id)
    files = evidence.evidence_for_activities(session, [a.id or 0 for a in activities])
    names = verification.verifier_names(session, (a.verified_by_id for a in activities))
    rows = []
    for a in activities:
        rows.append(
            ActivityRow(
                activity_id=a.id or 0,
                title=a.title,
                provider=a.provider,
                kind=a.kind,
                kind_label=KIND_LABELS.get(a.kind, a.kind),
                amount_text=amount_text(a.kind, a.amount),
                amount=format_amount(a.amount),
                completed_on=format_date(a.completed_on),
                completed_on_iso=a.completed_on.isoformat(),
                source=SOURCE_LABELS.get(a.source, a.source),
                verification=verification_text(a, names),
                editable=(
                    a.source == "self" and a.verification == "unverified" and a.voided_at is None
                ),
                evidence=files.get(a.id or 0, []),
            )
        )
    return rows
