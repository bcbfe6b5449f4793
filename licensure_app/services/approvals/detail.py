"""One application as the approver's page shows it: `detail` and the parts it is built from
(applicant, license, answers, attestation, renewal evidence, attachments, history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import format_date, full_name
from licensure_app.domain.rules import Rules
from licensure_app.domain.status import application_label, license_label
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    Application,
    ApplicationTransition,
    District,
    EducatorProfile,
    Endorsement,
    EvidenceFile,
    License,
)
from licensure_app.models._base import utcnow
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.pd import evidence
from licensure_app.services.rules import rules_for_license

from ..applications import CONDUCT_QUESTIONS, attached_files
from ..applications.answers import Answers
from .counted import CountedRow, FileRow, file_row, renewal_parts
from .queue import age_days, submitted_text, waiting_text
from .scope import conflict, in_scope, may_decide, stage_of

ROLE_WORDS = {
    ROLE_EDUCATOR: "Applicant",
    ROLE_DISTRICT_APPROVER: "District approver",
    ROLE_STATE_STAFF: "State licensure office",
    "system": "System",
}


@dataclass(frozen=True)
class LabelValue:
    label: str
    value: str


@dataclass(frozen=True)
class ApplicantView:
    name: str
    previous_names: str
    educator_number: str
    email: str
    phone: str
    address: str
    district: str


@dataclass(frozen=True)
class LicenseSummary:
    number: str
    license_type: str
    license_class: str
    status: str
    valid_from: str
    expires_on: str
    first_issued: str
    endorsements: list[str]


@dataclass(frozen=True)
class TimelineRow:
    at: str
    status: str
    actor: str
    reason: str


@dataclass(frozen=True)
class EarlierRow:
    type_title: str
    status: str
    submitted_on: str


@dataclass(frozen=True)
class ApplicationDetail:
    """One application as the approver's page shows it (plain values only)."""

    application_id: int
    type_code: str
    type_title: str
    status: str
    status_label: str
    stage: str
    can_decide: bool
    decision_note: str  # why no decision waits from this approver ("" when one does)
    needs_verification: bool
    approve_effect: str
    submitted_on: str
    age_text: str
    district_name: str
    applicant: ApplicantView
    license: LicenseSummary | None
    answers: list[LabelValue]
    attestation: list[LabelValue]
    renewal_option: str
    counted: list[CountedRow]
    counted_totals: list[str]
    attachments: list[FileRow]
    earlier: list[EarlierRow]
    timeline: list[TimelineRow]
    # Each counted activity can be accepted or not accepted (a renewal waiting for the
    # district, decided by this approver).
    can_review: bool = False


# ---------------------------------------------------------------- the applicant and license


def _license_summary(session: Session, lic: License | None) -> LicenseSummary | None:
    if lic is None:
        return None
    endorsements = session.exec(
        select(Endorsement).where(Endorsement.license_id == lic.id).order_by(Endorsement.code)
    ).all()
    return LicenseSummary(
        number=lic.license_number,
        license_type=lic.license_type,
        license_class=lic.license_class,
        status=license_label(lic.status),
        valid_from=format_date(lic.valid_from),
        expires_on=format_date(lic.expires_on),
        first_issued=format_date(lic.first_issued),
        endorsements=[f"{e.code} {e.subject} ({e.grade_span})" for e in endorsements],
    )


def _applicant(session: Session, profile: EducatorProfile) -> ApplicantView:
    account = session.get(Account, profile.account_id) if profile.account_id else None
    district = (
        session.get(District, profile.employing_district_id)
        if profile.employing_district_id
        else None
    )
    address = ", ".join(
        p
        for p in (profile.street, profile.city, f"{profile.state} {profile.zip_code}".strip())
        if p
    )
    return ApplicantView(
        name=full_name(profile.first_name, profile.middle_name, profile.last_name),
        previous_names=profile.previous_names or "None",
        educator_number=profile.educator_number,
        email=account.email if account else "No account",
        phone=profile.phone or "Not given",
        address=address or "Not given",
        district=district.name if district else "Not given",
    )


# ---------------------------------------------------------------- what the applicant answered


def _answers(application: Application, answers: Answers) -> list[LabelValue]:
    return [
        LabelValue(q.label, answers.question(q.key) or "Not answered")
        for q in TYPES[application.app_type].questions
    ]


def _attestation(answers: Answers) -> list[LabelValue]:
    given = answers.attestation
    words = {"yes": "Yes", "no": "No"}
    rows = [
        LabelValue(label, words.get(str(given.get(key, "")), "Not answered"))
        for key, label in CONDUCT_QUESTIONS
    ]
    explanation = str(given.get("conduct_explanation", "") or "").strip()
    if explanation:
        rows.append(LabelValue("Explanation", explanation))
    rows.append(
        LabelValue(
            "Sworn statement", "Confirmed" if given.get("sworn") is True else "Not confirmed"
        )
    )
    return rows


def _attachments(session: Session, application: Application, answers: Answers) -> list[FileRow]:
    labels = {a.key: a.label for a in TYPES[application.app_type].attachments}
    rows = list(attached_files(session, application))
    if answers.reused_evidence_ids:
        rows += session.exec(
            select(EvidenceFile).where(
                col(EvidenceFile.id).in_(answers.reused_evidence_ids),
                EvidenceFile.owner_id == application.applicant_id,
            )
        ).all()
    seen: set[int] = set()
    result = []
    for row in rows:
        if row.id in seen:
            continue
        seen.add(row.id or 0)
        label = labels.get(answers.attachment_kinds.get(str(row.id), ""), "Attachment")
        result.append(file_row(evidence.info(row), label))
    return result


# ---------------------------------------------------------------- history


def _actor_words(session: Session, transition_row: ApplicationTransition) -> str:
    words = ROLE_WORDS.get(transition_row.actor_role, transition_row.actor_role)
    if transition_row.actor_role in (ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF):
        account = session.get(Account, transition_row.actor_id) if transition_row.actor_id else None
        if account is not None and account.display_name:
            words = f"{words} ({account.display_name})"
    return words


def _timeline(session: Session, application_id: int) -> list[TimelineRow]:
    rows = session.exec(
        select(ApplicationTransition)
        .where(ApplicationTransition.application_id == application_id)
        .order_by(col(ApplicationTransition.id))
    ).all()
    return [
        TimelineRow(
            at=clock.show(t.at),
            status=application_label(t.to_status),
            actor=_actor_words(session, t),
            reason=t.reason,
        )
        for t in rows
    ]


def _earlier(session: Session, application: Application) -> list[EarlierRow]:
    rows = session.exec(
        select(Application)
        .where(
            Application.applicant_id == application.applicant_id,
            Application.id != application.id,
            col(Application.submitted_at).is_not(None),
        )
        .order_by(col(Application.submitted_at).desc())
        .limit(20)
    ).all()
    return [
        EarlierRow(
            type_title=TYPES[a.app_type].title,
            status=application_label(a.status),
            submitted_on=submitted_text(a.submitted_at) if a.submitted_at else "",
        )
        for a in rows
    ]


# ---------------------------------------------------------------- the whole record


def _approve_effect(application: Application, lic: License | None, rules: Rules) -> str:
    """What pressing "Approve" will do, said before it is pressed."""
    stage = stage_of(application)
    if application.app_type == "renewal" and stage == "district":
        if lic is None:
            return ""
        _, new_expiry = renewal.next_validity_period(lic.expires_on, rules)
        return (
            f"Approving renews license {lic.license_number} at once: it will be valid until "
            f"{format_date(new_expiry)}."
        )
    if stage == "district":
        return "Approving forwards the application to the state licensure office for its decision."
    if stage == "state":
        return "Approving makes the final decision and updates the applicant's licenses."
    return ""


def _decision_note(session: Session, principal: Principal, application: Application) -> str:
    if may_decide(session, principal, application):
        return ""
    barred = conflict(session, principal, application)
    label = application_label(application.status).lower()
    return barred or f"No decision is waiting from you: this application is {label}."


def detail(
    session: Session, principal: Principal, application_id: int, now: datetime | None = None
) -> ApplicationDetail | None:
    """The record of one application, or None if the principal may not see it (read only:
    the caller records the refusal with `refuse`)."""
    now = now or utcnow()
    application = session.get(Application, application_id) if application_id else None
    if application is None or not in_scope(principal, application):
        return None
    profile = session.get(EducatorProfile, application.applicant_id)
    if profile is None:
        return None
    lic = session.get(License, application.license_id) if application.license_id else None
    answers = Answers.of(application)
    rules = rules_for_license(session, lic)
    district = session.get(District, application.district_id) if application.district_id else None
    option_text, counted, totals = ("", [], [])
    if application.app_type == "renewal":
        option_text, counted, totals = renewal_parts(session, lic, answers, rules)
    submitted = application.submitted_at or now
    stage = stage_of(application)
    can_decide = may_decide(session, principal, application)
    return ApplicationDetail(
        application_id=application.id or 0,
        type_code=application.app_type,
        type_title=TYPES[application.app_type].title,
        status=application.status,
        status_label=application_label(application.status),
        stage=stage,
        can_decide=can_decide,
        decision_note=_decision_note(session, principal, application),
        needs_verification=application.app_type == "renewal" and stage == "district",
        approve_effect=_approve_effect(application, lic, rules),
        submitted_on=submitted_text(submitted),
        age_text=waiting_text(age_days(submitted, now)) if stage else "",
        district_name=district.name if district else "No district",
        applicant=_applicant(session, profile),
        license=_license_summary(session, lic),
        answers=_answers(application, answers),
        attestation=_attestation(answers),
        renewal_option=option_text,
        counted=counted,
        counted_totals=totals,
        attachments=_attachments(session, application, answers),
        earlier=_earlier(session, application),
        timeline=_timeline(session, application.id or 0),
        can_review=can_decide and application.app_type == "renewal" and stage == "district",
    )
