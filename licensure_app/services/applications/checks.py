"""What stands between an application and its submission: eligibility, questions,
attachments and the declaration; and the renewal activities frozen at submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from ...domain import renewal
from ...domain.application_types import (
    TYPES,
    ApplicationType,
    EligibilityContext,
    validate_answers,
)
from ...domain.rules import RenewalOptionRule, Rules
from ...models import Application, EvidenceFile, License, PDActivity
from ..rules import rules_for_license
from .answers import Answers
from .declaration import attestation_errors


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


def renewal_progress(
    session: Session, lic: License, rules: Rules, today: date
) -> renewal.RenewalProgress:
    """The holder's progress toward renewing this license (every option)."""
    activities = session.exec(select(PDActivity).where(PDActivity.holder_id == lic.holder_id)).all()
    return renewal.evaluate(
        renewal.LicenseFacts.from_row(lic),
        [renewal.ActivityFacts.from_row(a) for a in activities],
        rules,
        today,
    )


def target_license(session: Session, application: Application) -> License | None:
    return session.get(License, application.license_id) if application.license_id else None


def eligibility(
    session: Session,
    definition: ApplicationType,
    lic: License | None,
    answers: dict[str, str],
    today: date,
) -> list[str]:
    """Why the applicant may not file this type now ([] when eligible); `answers` are the
    type's questions."""
    rules = rules_for_license(session, lic)
    progress = (
        renewal_progress(session, lic, rules, today)
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


def attached_files(session: Session, application: Application) -> list[EvidenceFile]:
    return list(
        session.exec(
            select(EvidenceFile)
            .where(EvidenceFile.application_id == application.id)
            .order_by(EvidenceFile.id)
        ).all()
    )


def _attachment_problems(
    definition: ApplicationType, answers: Answers, files: list[EvidenceFile]
) -> list[str]:
    kinds = {answers.attachment_kind(f.id) for f in files}
    return [
        f"Attach: {attachment.label}."
        for attachment in definition.attachments
        if attachment.required and attachment.key not in kinds and not answers.reused_evidence_ids
    ]


def assess(session: Session, application: Application, today: date) -> Assessment:
    definition = TYPES[application.app_type]
    answers = Answers.of(application)
    lic = target_license(session, application)
    problems = eligibility(session, definition, lic, answers.questions, today)
    if definition.code == "renewal" and lic is not None and not problems:
        progress = renewal_progress(session, lic, rules_for_license(session, lic), today)
        if answers.renewal_option_id not in progress.met_option_ids:
            problems.append("Choose a renewal option you have met.")
    return Assessment(
        problems=problems,
        question_errors=validate_answers(definition, answers.questions),
        attachment_problems=_attachment_problems(
            definition, answers, attached_files(session, application)
        ),
        attestation_errors=attestation_errors(answers.attestation),
    )


def _chosen_option(rules: Rules, lic: License, option_id: int | None) -> RenewalOptionRule | None:
    category = renewal.renewal_category(lic.license_type, lic.license_class)
    return next((o for o in rules.options_for(category) if o.id == option_id), None)


def renewal_snapshot(
    session: Session, application: Application, today: date
) -> list[dict[str, Any]]:
    """The activities that count toward the chosen option, frozen at submission."""
    lic = target_license(session, application)
    if lic is None:
        return []
    rules = rules_for_license(session, lic)
    option = _chosen_option(rules, lic, Answers.of(application).renewal_option_id)
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
