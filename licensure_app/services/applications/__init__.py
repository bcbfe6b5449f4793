"""The application lifecycle: drafts, submission, withdrawal and every status transition.

Every transition is a conditional UPDATE (exactly one row changes, or nothing does) plus
its transition row and audit event, all in the caller's transaction: a double click, two
tabs or two approvers can never apply the same transition twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from licensure_app.domain import renewal
from licensure_app.domain.application_types import (
    TYPES,
    ApplicationType,
    EligibilityContext,
    validate_answers,
)
from licensure_app.domain.formatting import format_date
from licensure_app.domain.rules import Rules
from licensure_app.models import (
    OPEN_STATUSES,
    Account,
    Application,
    ApplicationTransition,
    District,
    DistrictDesignee,
    EducatorProfile,
    EvidenceFile,
    License,
    PDActivity,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.rules import load_rules

EDITABLE_STATUSES = ("draft", "returned")
WITHDRAWABLE_STATUSES = (
    "draft",
    "submitted",
    "returned",
    "resubmitted",
    "district_approved",
    "state_review",
)

STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned for correction",
    "resubmitted": "Resubmitted",
    "district_approved": "Approved by the district",
    "state_review": "In state review",
    "approved": "Approved",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}

# The sworn statement and professional-conduct questions every application ends with.
CONDUCT_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "conduct_convicted",
        "Have you ever been convicted of, or pleaded guilty or no contest to, a felony or a crime involving a child?",
    ),
    (
        "conduct_disciplined",
        "Has any educator license or certificate of yours ever been suspended, revoked, surrendered or denied?",
    ),
)
SWORN_STATEMENT = (
    "I swear that the information in this application is true and complete, and I understand "
    "that a false statement is grounds for denying or revoking a license."
)


class ApplicationError(Exception):
    """A refusal to show the applicant as it is."""


@dataclass(frozen=True)
class Draft:
    application_id: int
    app_type: str
    license_number: str
    status: str
    step: int
    answers: dict[str, Any]
    return_reason: str = ""


def load_answers(application: Application) -> dict[str, Any]:
    try:
        value = json.loads(application.answers_json or "{}")
    except json.JSONDecodeError:
        value = {}
    return value if isinstance(value, dict) else {}


def _transition(
    session: Session,
    application: Application,
    from_statuses: tuple[str, ...],
    to_status: str,
    actor: audit.Actor,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> bool:
    """Move the application to `to_status` if it is in one of `from_statuses`. True if it moved."""
    now = utcnow()
    values: dict[str, Any] = {"status": to_status, "updated_at": now, **(extra or {})}
    result = session.exec(
        update(Application)
        .where(Application.id == application.id, Application.status.in_(from_statuses))  # type: ignore[attr-defined]
        .values(**values)
    )
    if result.rowcount != 1:
        return False
    before = application.status
    session.refresh(application)
    session.add(
        ApplicationTransition(
            application_id=application.id or 0,
            from_status=before,
            to_status=to_status,
            actor_id=actor.account_id,
            actor_role=actor.role,
            reason=reason[:2000],
            at=now,
        )
    )
    audit.record(
        session,
        actor,
        f"application.{to_status}",
        "application",
        application.id,
        before={"status": before},
        after={"status": to_status, **({"reason": reason} if reason else {})},
    )
    return True


transition = _transition


def _own(session: Session, profile_id: int, application_id: int) -> Application:
    application = session.get(Application, application_id)
    if application is None or application.applicant_id != profile_id:
        raise ApplicationError("That application was not found.")
    return application


def _own_license(session: Session, profile_id: int, license_number: str) -> License:
    lic = session.exec(
        select(License).where(License.license_number == license_number.strip())
    ).first()
    if lic is None or lic.holder_id != profile_id:
        raise ApplicationError("Choose one of your own licenses.")
    return lic


def start_or_resume(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    app_type: str,
    license_number: str = "",
    renewal_option_id: int | None = None,
) -> Draft:
    """The open application of this type for this license, or a new draft."""
    definition = TYPES.get(app_type)
    if definition is None:
        raise ApplicationError("Choose the type of application.")
    lic = _own_license(session, profile_id, license_number) if definition.needs_license else None
    key = lic.id if lic is not None else 0
    existing = session.exec(
        select(Application).where(
            Application.applicant_id == profile_id,
            Application.app_type == app_type,
            Application.license_key == key,
            Application.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
        )
    ).first()
    if existing is not None:
        if existing.status not in EDITABLE_STATUSES:
            raise ApplicationError(
                f"You already have a {definition.title.lower()} application in progress "
                f"({STATUS_LABELS[existing.status].lower()}). See your applications."
            )
        return to_draft(session, existing)
    profile = session.get(EducatorProfile, profile_id)
    answers: dict[str, Any] = {}
    if renewal_option_id:
        answers["renewal_option_id"] = renewal_option_id
    application = Application(
        applicant_id=profile_id,
        app_type=app_type,
        license_id=lic.id if lic else None,
        license_key=key,
        district_id=profile.employing_district_id if profile else None,
        status="draft",
        answers_json=json.dumps(answers),
    )
    session.add(application)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another tab created the same draft a moment ago: resume that one.
        session.expunge(application)
        existing = session.exec(
            select(Application).where(
                Application.applicant_id == profile_id,
                Application.app_type == app_type,
                Application.license_key == key,
                Application.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
            )
        ).one()
        return to_draft(session, existing)
    audit.record(
        session,
        actor,
        "application.draft_created",
        "application",
        application.id,
        after={"type": app_type, "license": lic.license_number if lic else ""},
    )
    return to_draft(session, application)


def to_draft(session: Session, application: Application) -> Draft:
    number = ""
    if application.license_id:
        lic = session.get(License, application.license_id)
        number = lic.license_number if lic else ""
    reason = ""
    if application.status == "returned":
        last = session.exec(
            select(ApplicationTransition)
            .where(
                ApplicationTransition.application_id == application.id,
                ApplicationTransition.to_status == "returned",
            )
            .order_by(ApplicationTransition.id.desc())  # type: ignore[union-attr]
        ).first()
        reason = last.reason if last else ""
    return Draft(
        application_id=application.id or 0,
        app_type=application.app_type,
        license_number=number,
        status=application.status,
        step=application.current_step,
        answers=load_answers(application),
        return_reason=reason,
    )


def save_draft(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    application_id: int,
    answers: dict[str, Any],
    step: int,
) -> None:
    """Store what the applicant has typed so far (kept across sign-outs and devices)."""
    application = _own(session, profile_id, application_id)
    if application.status not in EDITABLE_STATUSES:
        raise ApplicationError("This application can no longer be changed.")
    before = load_answers(application)
    merged = {**before, **answers}
    encoded = json.dumps(merged, sort_keys=True, default=str)
    if encoded == application.answers_json and step == application.current_step:
        return
    application.answers_json = encoded
    application.current_step = max(0, min(step, 20))
    application.updated_at = utcnow()
    session.add(application)
    changed_before, changed_after = audit.changes(before, merged)
    audit.record(
        session,
        actor,
        "application.draft_saved",
        "application",
        application_id,
        before=changed_before,
        after={**changed_after, "step": application.current_step},
    )


# ---------------------------------------------------------------- eligibility and checks


@dataclass(frozen=True)
class Assessment:
    """Everything the wizard needs to say about an application before it is submitted."""

    problems: list[str] = field(default_factory=list)
    question_errors: dict[str, str] = field(default_factory=dict)
    attachment_problems: list[str] = field(default_factory=list)
    attestation_errors: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not (
            self.problems
            or self.question_errors
            or self.attachment_problems
            or self.attestation_errors
        )


def _renewal_progress(
    session: Session, lic: License, rules: Rules, today: date
) -> renewal.RenewalProgress:
    activities = session.exec(select(PDActivity).where(PDActivity.holder_id == lic.holder_id)).all()
    return renewal.evaluate(
        renewal.LicenseFacts.from_row(lic),
        [renewal.ActivityFacts.from_row(a) for a in activities],
        rules,
        today,
    )


def eligibility(
    session: Session,
    definition: ApplicationType,
    lic: License | None,
    answers: dict[str, str],
    today: date,
) -> list[str]:
    rules = load_rules(session)
    progress = (
        _renewal_progress(session, lic, rules, today)
        if definition.code == "renewal" and lic is not None
        else None
    )
    ctx = EligibilityContext(
        today=today,
        rules=rules,
        license=renewal.LicenseFacts.from_row(lic) if lic is not None else None,
        progress=progress,
        answers=answers,
    )
    return definition.eligibility_problems(ctx)


def attestation_errors(attestation: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, _ in CONDUCT_QUESTIONS:
        if attestation.get(key) not in ("yes", "no"):
            errors[key] = "Answer yes or no."
    if (
        any(attestation.get(k) == "yes" for k, _ in CONDUCT_QUESTIONS)
        and not str(attestation.get("conduct_explanation", "")).strip()
    ):
        errors["conduct_explanation"] = "Explain each “yes” answer."
    if attestation.get("sworn") is not True:
        errors["sworn"] = "Confirm the sworn statement to submit."
    return errors


def attached_files(session: Session, application: Application) -> list[EvidenceFile]:
    return list(
        session.exec(
            select(EvidenceFile)
            .where(EvidenceFile.application_id == application.id)
            .order_by(EvidenceFile.id)
        ).all()
    )


def assess(session: Session, application: Application, today: date) -> Assessment:
    definition = TYPES[application.app_type]
    answers = load_answers(application)
    questions = answers.get("questions", {}) if isinstance(answers.get("questions"), dict) else {}
    lic = session.get(License, application.license_id) if application.license_id else None
    problems = eligibility(session, definition, lic, questions, today)
    if definition.code == "renewal" and lic is not None and not problems:
        option_id = answers.get("renewal_option_id")
        progress = _renewal_progress(session, lic, load_rules(session), today)
        if option_id not in progress.met_option_ids:
            problems.append("Choose a renewal option you have met.")
    files = attached_files(session, application)
    reused = answers.get("reused_evidence_ids", [])
    attachment_problems = []
    kinds = {str(answers.get("attachment_kinds", {}).get(str(f.id), "")) for f in files}
    for attachment in definition.attachments:
        if attachment.required and attachment.key not in kinds and not reused:
            attachment_problems.append(f"Attach: {attachment.label}.")
    return Assessment(
        problems=problems,
        question_errors=validate_answers(definition, questions),
        attachment_problems=attachment_problems,
        attestation_errors=attestation_errors(answers.get("attestation", {}) or {}),
    )


def renewal_snapshot(
    session: Session, application: Application, today: date
) -> list[dict[str, Any]]:
    """The activities that count toward the chosen option, frozen at submission."""
    lic = session.get(License, application.license_id) if application.license_id else None
    if lic is None:
        return []
    rules = load_rules(session)
    option_id = load_answers(application).get("renewal_option_id")
    option = next(
        (
            o
            for o in rules.options_for(
                renewal.renewal_category(lic.license_type, lic.license_class)
            )
            if o.id == option_id
        ),
        None,
    )
    if option is None:
        return []
    kinds = {p.kind for p in option.parts}
    activities = session.exec(select(PDActivity).where(PDActivity.holder_id == lic.holder_id)).all()
    facts = renewal.LicenseFacts.from_row(lic)
    snapshot = []
    for a in activities:
        status = renewal.activity_status(renewal.ActivityFacts.from_row(a), facts, rules)
        if status.counts and a.kind in kinds:
            snapshot.append(
                {
                    "activity_id": a.id,
                    "title": a.title,
                    "provider": a.provider,
                    "kind": a.kind,
                    "amount": a.amount,
                    "completed_on": a.completed_on.isoformat(),
                    "verification": a.verification,
                }
            )
    return snapshot


def approver_account_ids(session: Session, district_id: int | None) -> list[int]:
    """The superintendent and the active designees of a district."""
    if district_id is None:
        return []
    ids: set[int] = set()
    district = session.get(District, district_id)
    if district is not None and district.superintendent_account_id:
        ids.add(district.superintendent_account_id)
    ids.update(
        session.exec(
            select(DistrictDesignee.account_id).where(
                DistrictDesignee.district_id == district_id,
                DistrictDesignee.revoked_at.is_(None),  # type: ignore[union-attr]
            )
        ).all()
    )
    ids.update(
        session.exec(
            select(Account.id).where(
                Account.district_id == district_id, Account.role == "district_approver"
            )
        ).all()
    )
    return sorted(i for i in ids if i)


def submit(
    session: Session, actor: audit.Actor, profile_id: int, application_id: int, today: date
) -> Assessment:
    """Submit (or resubmit) once everything is in order. Idempotent: a second call is a no-op."""
    application = _own(session, profile_id, application_id)
    if application.status not in EDITABLE_STATUSES:
        return Assessment()  # already submitted by another click or tab
    assessment = assess(session, application, today)
    if not assessment.ready:
        return assessment
    answers = load_answers(application)
    if application.app_type == "renewal":
        answers["renewal_snapshot"] = renewal_snapshot(session, application, today)
    profile = session.get(EducatorProfile, profile_id)
    to_status = "resubmitted" if application.status == "returned" else "submitted"
    moved = _transition(
        session,
        application,
        EDITABLE_STATUSES,
        to_status,
        actor,
        extra={
            "submitted_at": utcnow(),
            "answers_json": json.dumps(answers, sort_keys=True, default=str),
            "district_id": profile.employing_district_id if profile else application.district_id,
        },
    )
    if moved:
        definition = TYPES[application.app_type]
        name = f"{profile.first_name} {profile.last_name}" if profile else "An educator"
        for account_id in approver_account_ids(session, application.district_id):
            notifications.notify(
                session,
                account_id,
                f"{name} {'resubmitted' if to_status == 'resubmitted' else 'submitted'} "
                f"a {definition.title.lower()} application.",
                f"/approvals?application={application.id}",
            )
    return Assessment()


def withdraw(session: Session, actor: audit.Actor, profile_id: int, application_id: int) -> bool:
    application = _own(session, profile_id, application_id)
    return _transition(
        session,
        application,
        WITHDRAWABLE_STATUSES,
        "withdrawn",
        actor,
        "Withdrawn by the applicant",
    )


# ---------------------------------------------------------------- the applicant's list


@dataclass(frozen=True)
class ApplicationView:
    application_id: int
    type_title: str
    license_number: str
    status: str
    status_label: str
    submitted_on: str
    can_withdraw: bool
    can_continue: bool
    return_reason: str
    timeline: list[dict[str, str]]


def applications_for(session: Session, profile_id: int) -> list[ApplicationView]:
    apps = session.exec(
        select(Application)
        .where(Application.applicant_id == profile_id)
        .order_by(Application.id.desc())  # type: ignore[union-attr]
    ).all()
    if not apps:
        return []
    ids = [a.id for a in apps]
    transitions = session.exec(
        select(ApplicationTransition)
        .where(ApplicationTransition.application_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(ApplicationTransition.id)
    ).all()
    license_numbers = dict(
        session.exec(
            select(License.id, License.license_number).where(
                License.id.in_([a.license_id for a in apps if a.license_id])  # type: ignore[union-attr]
            )
        ).all()
    )
    by_app: dict[int, list[ApplicationTransition]] = {}
    for t in transitions:
        by_app.setdefault(t.application_id, []).append(t)
    views = []
    for a in apps:
        timeline = [
            {
                "at": format_date(t.at.date()) + t.at.strftime(", %H:%M UTC"),
                "status": STATUS_LABELS.get(t.to_status, t.to_status),
                "actor": _role_words(t.actor_role),
                "reason": t.reason,
            }
            for t in by_app.get(a.id or 0, [])
        ]
        returned = [t for t in by_app.get(a.id or 0, []) if t.to_status == "returned"]
        views.append(
            ApplicationView(
                application_id=a.id or 0,
                type_title=TYPES[a.app_type].title if a.app_type in TYPES else a.app_type,
                license_number=license_numbers.get(a.license_id, "") if a.license_id else "",
                status=a.status,
                status_label=STATUS_LABELS.get(a.status, a.status),
                submitted_on=format_date(a.submitted_at.date()) if a.submitted_at else "",
                can_withdraw=a.status in WITHDRAWABLE_STATUSES,
                can_continue=a.status in EDITABLE_STATUSES,
                return_reason=returned[-1].reason if returned and a.status == "returned" else "",
                timeline=timeline,
            )
        )
    return views


def _role_words(role: str) -> str:
    return {
        "educator": "You",
        "district_approver": "District approver",
        "state_staff": "State licensure office",
        "system": "System",
    }.get(role, role)


def version_for(session: Session, profile_id: int) -> str:
    """Changes whenever any of the applicant's applications changes (for live refresh)."""
    latest = session.exec(
        select(Application.updated_at)
        .where(Application.applicant_id == profile_id)
        .order_by(Application.updated_at.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()
    count = len(
        session.exec(select(Application.id).where(Application.applicant_id == profile_id)).all()
    )
    return f"{count}:{latest}"
