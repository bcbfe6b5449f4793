"""What the application wizard shows at each step, computed from the stored draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from ... import routes
from ...domain import renewal
from ...domain.application_types import TYPES, ApplicationType
from ...domain.formatting import format_amount, format_date
from ...models import Application, EvidenceFile, License, PDActivity
from ..pd import evidence
from ..rules import rules_for_license
from .answers import Answers
from .checks import (
    assess,
    attached_files,
    eligibility,
    renewal_progress,
    renewal_snapshot,
    target_license,
)
from .drafts import to_draft

STEPS = ("Type and license", "Eligibility", "Questions", "Attachments", "Review", "Declaration")
ELIGIBILITY, QUESTIONS, ATTACHMENTS, REVIEW, DECLARATION = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class EligibilityProblem:
    """Why the applicant may not file this application now, and where to fix it."""

    text: str = ""
    fix_href: str = ""  # "" when nothing in the app fixes it
    fix_text: str = ""


# Where a problem is fixed, by the words it uses (first match wins): the link names the
# fix in plain words; "{license}" stands for the license number.
_FIXES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("reactivation application",), f"{routes.APPLY}?type=reactivation&license={{license}}",
     "Apply for reactivation"),
    (("converted or extended",), f"{routes.APPLY}?type=extension&license={{license}}",
     "Apply for an extension"),
    (("renew it instead",), routes.PD, "See your renewal tracker"),
    (("you can file your renewal from",), routes.PD, "See your renewal tracker"),
    (
        ("renewal option", "professional development", "ceu", "semester hour"),
        routes.PD,
        "Log professional development",
    ),
    (("choose the license",), f"{routes.LICENSES}#claim-heading",
     "Claim your license if it is not listed"),
    (("employing district", "profile"), routes.PROFILE, "Update your profile"),
    (("license", "renew", "upgrade"), routes.LICENSES, "See your licenses"),
)  # fmt: skip


def eligibility_problem(text: str, license_number: str = "") -> EligibilityProblem:
    """The problem with the link to where it is fixed (none when nothing in the app fixes
    it, such as a window that has not opened)."""
    lowered = text.lower()
    if lowered.startswith("an upgrade needs"):
        return EligibilityProblem(text)  # answered in the wizard's own questions
    for words, href, link_text in _FIXES:
        if any(w in lowered for w in words):
            return EligibilityProblem(text, href.replace("{license}", license_number), link_text)
    return EligibilityProblem(text)


@dataclass(frozen=True)
class QuestionField:
    key: str = ""
    label: str = ""
    kind: str = ""
    options: list[str] = field(default_factory=list)
    hint: str = ""
    required: bool = False


@dataclass(frozen=True)
class RenewalOptionChoice:
    id: str = ""
    label: str = ""
    met: bool = False


@dataclass(frozen=True)
class NeededAttachment:
    key: str = ""
    label: str = ""


@dataclass(frozen=True)
class AttachedFile:
    id: str = ""
    name: str = ""
    size: str = ""
    kind: str = ""


@dataclass(frozen=True)
class ReusableFile:
    """Evidence already uploaded with a PD activity, offered as an attachment."""

    id: str = ""
    name: str = ""
    activity: str = ""


@dataclass(frozen=True)
class ReviewRow:
    label: str = ""
    value: str = ""


@dataclass(frozen=True)
class SnapshotRow:
    title: str = ""
    amount: str = ""
    completed_on: str = ""


@dataclass(frozen=True)
class WizardView:
    application_id: int = 0
    app_type: str = ""
    type_title: str = ""
    license_number: str = ""
    status: str = ""
    return_reason: str = ""
    # Eligibility: False when `problems` says why the applicant may not file it now.
    eligible: bool = True
    problems: list[EligibilityProblem] = field(default_factory=list)
    questions: list[QuestionField] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    renewal_options: list[RenewalOptionChoice] = field(default_factory=list)
    renewal_option_id: str = ""
    attachments_needed: list[NeededAttachment] = field(default_factory=list)
    attached: list[AttachedFile] = field(default_factory=list)
    reusable: list[ReusableFile] = field(default_factory=list)
    reused_ids: list[str] = field(default_factory=list)
    # The conduct answers and explanation; the sworn statement is `sworn`.
    attestation: dict[str, str] = field(default_factory=dict)
    sworn: bool = False
    review: list[ReviewRow] = field(default_factory=list)
    snapshot: list[SnapshotRow] = field(default_factory=list)


def _renewal_options(
    session: Session, definition: ApplicationType, lic: License | None, today: date
) -> list[RenewalOptionChoice]:
    if definition.code != "renewal" or lic is None:
        return []
    progress = renewal_progress(session, lic, rules_for_license(session, lic), today)
    return [RenewalOptionChoice(str(o.option_id), o.label, o.met) for o in progress.options]


def _attached(
    session: Session, application: Application, definition: ApplicationType, answers: Answers
) -> list[AttachedFile]:
    labels = {a.key: a.label for a in definition.attachments}
    return [
        AttachedFile(
            id=str(f.id),
            name=f.original_name,
            size=evidence.size_text(f.size_bytes),
            kind=labels.get(answers.attachment_kind(f.id), "Other document"),
        )
        for f in attached_files(session, application)
    ]


def _reusable(session: Session, application: Application) -> list[ReusableFile]:
    rows = session.exec(
        select(EvidenceFile, PDActivity.title)
        .join(PDActivity, EvidenceFile.activity_id == PDActivity.id)  # type: ignore[arg-type]
        .where(EvidenceFile.owner_id == application.applicant_id)
        .order_by(EvidenceFile.id)
    ).all()
    return [ReusableFile(str(f.id), f.original_name, title) for f, title in rows]


def _review(
    definition: ApplicationType,
    license_number: str,
    answers: Answers,
    options: list[RenewalOptionChoice],
    files: list[str],
) -> list[ReviewRow]:
    review = [ReviewRow("Application", definition.title)]
    if license_number:
        review.append(ReviewRow("License", license_number))
    option_id = str(answers.renewal_option_id or "")
    review += [ReviewRow("Renewal option", o.label) for o in options if o.id == option_id]
    review += [ReviewRow(q.label, answers.question(q.key) or "—") for q in definition.questions]
    review.append(ReviewRow("Attachments", ", ".join(files) or "None"))
    return review


def _snapshot(session: Session, application: Application, today: date) -> list[SnapshotRow]:
    if application.app_type != "renewal":
        return []
    return [
        SnapshotRow(
            title=s["title"],
            amount=f"{format_amount(s['amount'])} {renewal.unit_label(s['kind'], s['amount'])}",
            completed_on=format_date(date.fromisoformat(s["completed_on"])),
        )
        for s in renewal_snapshot(session, application, today)
    ]


def _questions(definition: ApplicationType) -> list[QuestionField]:
    return [
        QuestionField(q.key, q.label, q.kind, list(q.options), q.hint, q.required)
        for q in definition.questions
    ]


def view(session: Session, application: Application, today: date) -> WizardView:
    definition = TYPES[application.app_type]
    draft = to_draft(session, application)
    answers = draft.answers
    lic = target_license(session, application)
    options = _renewal_options(session, definition, lic, today)
    attached = _attached(session, application, definition, answers)
    reusable = _reusable(session, application)
    reused_ids = [str(i) for i in answers.reused_evidence_ids]
    files = [a.name for a in attached] + [r.name for r in reusable if r.id in reused_ids]
    attestation = {k: str(v) for k, v in answers.attestation.items() if k != "sworn"}
    problems = eligibility(session, definition, lic, answers.questions, today)
    return WizardView(
        application_id=application.id or 0,
        app_type=application.app_type,
        type_title=definition.title,
        license_number=draft.license_number,
        status=application.status,
        return_reason=draft.return_reason,
        eligible=not problems,
        problems=[eligibility_problem(p, draft.license_number) for p in problems],
        questions=_questions(definition),
        answers=dict(answers.questions),
        renewal_options=options,
        renewal_option_id=str(answers.renewal_option_id or ""),
        attachments_needed=[
            NeededAttachment(a.key, a.label + ("" if a.required else " (optional)"))
            for a in definition.attachments
        ],
        attached=attached,
        reusable=reusable,
        reused_ids=reused_ids,
        attestation=attestation,
        sworn=answers.attestation.get("sworn") is True,
        review=_review(definition, draft.license_number, answers, options, files),
        snapshot=_snapshot(session, application, today),
    )


def step_errors(
    session: Session, application: Application, step: int, today: date
) -> dict[str, str]:
    """What stops the applicant from leaving `step` (field -> message; "_" for the step)."""
    assessment = assess(session, application, today)
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
