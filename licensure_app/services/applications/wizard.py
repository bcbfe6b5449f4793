"""What the application wizard shows at each step, computed from the stored draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from licensure_app.domain import renewal
from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import format_amount, format_date
from licensure_app.models import Application, EvidenceFile, License, PDActivity
from licensure_app.services import applications
from licensure_app.services.pd import evidence
from licensure_app.services.rules import load_rules

STEPS = ("Type and license", "Eligibility", "Questions", "Attachments", "Review", "Declaration")
ELIGIBILITY, QUESTIONS, ATTACHMENTS, REVIEW, DECLARATION = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class WizardView:
    application_id: int
    app_type: str
    type_title: str
    license_number: str
    status: str
    return_reason: str
    problems: list[str]
    questions: list[dict[str, Any]]
    answers: dict[str, str]
    renewal_options: list[dict[str, Any]]
    renewal_option_id: str
    attachments_needed: list[dict[str, str]]
    attached: list[dict[str, str]]
    reusable: list[dict[str, str]]
    reused_ids: list[str]
    attestation: dict[str, Any]
    review: list[dict[str, str]]
    snapshot: list[dict[str, str]]


def type_choices() -> list[dict[str, Any]]:
    return [
        {
            "code": t.code,
            "title": t.title,
            "description": t.description,
            "needs_license": t.needs_license,
        }
        for t in TYPES.values()
    ]


def license_choices(session: Session, profile_id: int) -> list[dict[str, str]]:
    rows = session.exec(
        select(License).where(License.holder_id == profile_id).order_by(License.expires_on)
    ).all()
    return [
        {
            "number": lic.license_number,
            "label": f"{lic.license_number}: {lic.license_type}, Class {lic.license_class} "
            f"({lic.status}, expires {format_date(lic.expires_on)})",
        }
        for lic in rows
    ]


def open_drafts(session: Session, profile_id: int) -> list[dict[str, str]]:
    rows = session.exec(
        select(Application)
        .where(
            Application.applicant_id == profile_id,
            Application.status.in_(applications.EDITABLE_STATUSES),  # type: ignore[attr-defined]
        )
        .order_by(Application.updated_at.desc())  # type: ignore[union-attr]
    ).all()
    result = []
    for app in rows:
        draft = applications.to_draft(session, app)
        title = TYPES[app.app_type].title
        label = f"{title} of license {draft.license_number}" if draft.license_number else title
        if app.status == "returned":
            label += " (returned for correction)"
        result.append({"id": str(app.id), "label": label})
    return result


def view(session: Session, application: Application, today: date) -> WizardView:
    definition = TYPES[application.app_type]
    draft = applications.to_draft(session, application)
    answers = draft.answers
    questions_answers = {k: str(v) for k, v in (answers.get("questions") or {}).items()}
    lic = session.get(License, application.license_id) if application.license_id else None
    problems = applications.eligibility(session, definition, lic, questions_answers, today)

    renewal_options: list[dict[str, Any]] = []
    if definition.code == "renewal" and lic is not None:
        rules = load_rules(session)
        activities = session.exec(
            select(PDActivity).where(PDActivity.holder_id == lic.holder_id)
        ).all()
        progress = renewal.evaluate(
            renewal.LicenseFacts.from_row(lic),
            [renewal.ActivityFacts.from_row(a) for a in activities],
            rules,
            today,
        )
        renewal_options = [
            {"id": str(o.option_id), "label": o.label, "met": o.met} for o in progress.options
        ]

    files = applications.attached_files(session, application)
    kinds = answers.get("attachment_kinds") or {}
    labels = {a.key: a.label for a in definition.attachments}
    attached = [
        {
            "id": str(f.id),
            "name": f.original_name,
            "size": evidence.size_text(f.size_bytes),
            "kind": labels.get(str(kinds.get(str(f.id), "")), "Other document"),
        }
        for f in files
    ]
    reusable_rows = session.exec(
        select(EvidenceFile, PDActivity.title)
        .join(PDActivity, EvidenceFile.activity_id == PDActivity.id)  # type: ignore[arg-type]
        .where(EvidenceFile.owner_id == application.applicant_id)
        .order_by(EvidenceFile.id)
    ).all()
    reusable = [
        {"id": str(f.id), "name": f.original_name, "activity": title} for f, title in reusable_rows
    ]
    reused_ids = [str(i) for i in answers.get("reused_evidence_ids") or []]

    review = [{"label": "Application", "value": definition.title}]
    if draft.license_number:
        review.append({"label": "License", "value": draft.license_number})
    option_id = str(answers.get("renewal_option_id") or "")
    for option in renewal_options:
        if option["id"] == option_id:
            review.append({"label": "Renewal option", "value": option["label"]})
    for q in definition.questions:
        review.append({"label": q.label, "value": questions_answers.get(q.key, "") or "—"})
    review.append(
        {
            "label": "Attachments",
            "value": ", ".join(
                [a["name"] for a in attached]
                + [r["name"] for r in reusable if r["id"] in reused_ids]
            )
            or "None",
        }
    )
    snapshot = []
    if definition.code == "renewal":
        snapshot = [
            {
                "title": s["title"],
                "amount": f"{format_amount(s['amount'])} {renewal.unit_label(s['kind'], s['amount'])}",
                "completed_on": format_date(date.fromisoformat(s["completed_on"])),
            }
            for s in applications.renewal_snapshot(session, application, today)
        ]
    return WizardView(
        application_id=application.id or 0,
        app_type=application.app_type,
        type_title=definition.title,
        license_number=draft.license_number,
        status=application.status,
        return_reason=draft.return_reason,
        problems=problems,
        questions=[
            {
                "key": q.key,
                "label": q.label,
                "kind": q.kind,
                "options": list(q.options),
                "hint": q.hint,
                "required": q.required,
            }
            for q in definition.questions
        ],
        answers=questions_answers,
        renewal_options=renewal_options,
        renewal_option_id=option_id,
        attachments_needed=[
            {"key": a.key, "label": a.label + ("" if a.required else " (optional)")}
            for a in definition.attachments
        ],
        attached=attached,
        reusable=reusable,
        reused_ids=reused_ids,
        attestation=dict(answers.get("attestation") or {}),
        review=review,
        snapshot=snapshot,
    )


def step_errors(
    session: Session, application: Application, step: int, today: date
) -> dict[str, str]:
    """What stops the applicant from leaving `step` (field -> message; "_" for the step)."""
    assessment = applications.assess(session, application, today)
    if step == ELIGIBILITY and assessment.problems:
        return {"_": " ".join(assessment.problems)}
    if step == QUESTIONS:
        if assessment.question_errors:
            return dict(assessment.question_errors)
        # Some eligibility rules (upgrade experience) depend on the answers just given.
        return {"_": " ".join(assessment.problems)} if assessment.problems else {}
    if step == ATTACHMENTS and assessment.attachment_problems:
        return {"_": " ".join(assessment.attachment_problems)}
    if step == DECLARATION:
        return dict(assessment.attestation_errors)
    return {}
