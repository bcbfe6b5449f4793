"""Every application type as data: who may file it, what it asks, what it needs, who decides.

Eligibility reads the rule tables (through `Rules`) and `renewal.py`; no number is written here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_amount, format_date
from licensure_app.domain.rules import Rules

DISTRICT = "district"
DISTRICT_THEN_STATE = "district_then_state"


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str = "text"  # text | textarea | number | date | select | yesno
    required: bool = True
    options: tuple[str, ...] = ()
    hint: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Attachment:
    key: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class EligibilityContext:
    """What the eligibility checks may look at."""

    today: date
    rules: Rules
    license: renewal.LicenseFacts | None
    progress: renewal.RenewalProgress | None  # for renewal: the tracker's verdict
    answers: dict[str, str] = field(default_factory=dict)


Check = Callable[[EligibilityContext], list[str]]


@dataclass(frozen=True)
class ApplicationType:
    code: str
    title: str
    description: str
    needs_license: bool
    decided_by: str
    # What approving it does to the applicant's licenses: the name of an effect in
    # `services.licensing.effects` ("renew", "upgrade", "issue_license", ...).
    effect: str
    questions: tuple[Question, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    checks: tuple[Check, ...] = ()
    license_types: tuple[str, ...] = ()  # empty: any type

    def eligibility_problems(self, ctx: EligibilityContext) -> list[str]:
        """Everything that stands in the way, in plain words; empty when eligible."""
        problems: list[str] = []
        if self.needs_license and ctx.license is None:
            return ["Choose the license this application is for."]
        if (
            ctx.license is not None
            and self.license_types
            and ctx.license.license_type not in self.license_types
        ):
            problems.append(
                f"This application is for {' or '.join(self.license_types)} licenses; "
                f"license {ctx.license.license_number} is {ctx.license.license_type}."
            )
        for check in self.checks:
            problems.extend(check(ctx))
        return problems


# ---------------------------------------------------------------- checks


def _renewable(ctx: EligibilityContext) -> list[str]:
    if ctx.progress is None:
        return ["Choose the license to renew."]
    return [ctx.progress.renewable_problem] if ctx.progress.renewable_problem else []


def _active(ctx: EligibilityContext) -> list[str]:
    lic = ctx.license
    if lic is None:
        return []
    if lic.status != "active" or lic.expires_on < ctx.today:
        return [f"License {lic.license_number} must be active (it is {lic.status})."]
    return []


def _expired(ctx: EligibilityContext) -> list[str]:
    lic = ctx.license
    if lic is None:
        return []
    if lic.status == "expired" or lic.expires_on < ctx.today:
        return []
    return [
        f"License {lic.license_number} has not expired (it is valid until "
        f"{format_date(lic.expires_on)}): renew it instead of reactivating it."
    ]


def _provisional(ctx: EligibilityContext) -> list[str]:
    lic = ctx.license
    if lic is None or renewal.is_provisional(lic, ctx.rules):
        return []
    return [f"License {lic.license_number} is not a provisional license, so it cannot be extended."]


def _upgrade_window(ctx: EligibilityContext) -> list[str]:
    lic = ctx.license
    if lic is None:
        return []
    opens, closes = renewal.upgrade_window(lic.expires_on, ctx.rules)
    if opens <= ctx.today <= closes:
        return []
    return [
        "An upgrade may be filed from "
        f"{format_date(opens)} to {format_date(closes)} "
        f"({int(ctx.rules.setting('upgrade_window_max_days'))} to "
        f"{int(ctx.rules.setting('upgrade_window_min_days'))} days before the license expires)."
    ]


def _number(answers: dict[str, str], key: str) -> float:
    try:
        return float(answers.get(key, "") or 0)
    except ValueError:
        return 0.0


def _upgrade_experience(ctx: EligibilityContext) -> list[str]:
    """Checked against what the applicant entered and attests to in the wizard."""
    if not ctx.answers:
        return []
    needs = (
        ("years_experience", "upgrade_min_years_experience", "years of experience in the area"),
        ("years_mentoring", "upgrade_min_years_mentoring", "years of mentoring"),
        (
            "pd_contact_hours",
            "upgrade_min_pd_contact_hours",
            "professional development contact hours",
        ),
    )
    problems = []
    for key, setting, words in needs:
        need = ctx.rules.setting(setting)
        if _number(ctx.answers, key) < need:
            problems.append(f"An upgrade needs at least {format_amount(need)} {words}.")
    return problems


# ---------------------------------------------------------------- questions used by several types

_DEGREE = Question(
    "highest_degree",
    "Highest degree earned",
    "select",
    options=("Bachelor's", "Master's", "Specialist", "Doctorate"),
)
_INSTITUTION = Question("institution", "Institution that granted it")
_PROGRAM = Question("program", "Educator preparation program", required=False)
_TRANSCRIPT = Attachment("transcript", "Official transcript")

_UPGRADE_QUESTIONS = (
    Question(
        "years_experience", "Years of experience in the area", "number", minimum=0, maximum=60
    ),
    Question("years_mentoring", "Years of mentoring", "number", minimum=0, maximum=60),
    Question(
        "pd_contact_hours",
        "Professional development contact hours",
        "number",
        minimum=0,
        maximum=2000,
        hint="Contact hours completed for this upgrade.",
    ),
    Question("target_class", "Class applied for", "select", options=("AA", "AAA", "AAAA")),
)

TYPES: dict[str, ApplicationType] = {
    t.code: t
    for t in (
        ApplicationType(
            "renewal",
            "Renewal",
            "Renew an active standard license with the professional development of this cycle.",
            needs_license=True,
            decided_by=DISTRICT,
            effect="renew",
            checks=(_renewable,),
        ),
        ApplicationType(
            "initial",
            "Initial license",
            "A first license for a graduate of an approved educator preparation program.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(_DEGREE, _INSTITUTION, _PROGRAM, Question("subject_area", "Subject area")),
            attachments=(_TRANSCRIPT, Attachment("test_scores", "Licensure test score report")),
        ),
        ApplicationType(
            "upgrade",
            "Upgrade",
            "Move an active license to a higher class.",
            needs_license=True,
            decided_by=DISTRICT_THEN_STATE,
            effect="upgrade",
            questions=_UPGRADE_QUESTIONS,
            attachments=(_TRANSCRIPT,),
            checks=(_active, _upgrade_window, _upgrade_experience),
        ),
        ApplicationType(
            "additional_endorsement",
            "Additional endorsement",
            "Add a subject area and grade span to an active license.",
            needs_license=True,
            decided_by=DISTRICT_THEN_STATE,
            effect="add_endorsement",
            questions=(
                Question("endorsement_subject", "Subject area of the endorsement"),
                Question(
                    "grade_span", "Grade span", "select", options=("K-6", "4-8", "7-12", "K-12")
                ),
                Question(
                    "endorsement_basis",
                    "Qualified by",
                    "select",
                    options=("Licensure test", "21 semester hours of coursework", "National Board"),
                ),
            ),
            attachments=(Attachment("qualifying_evidence", "Test score report or transcript"),),
            checks=(_active,),
        ),
        ApplicationType(
            "administrator",
            "Administrator license",
            "A license for principals and other school administrators.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(
                _DEGREE,
                _INSTITUTION,
                Question(
                    "years_teaching",
                    "Years of teaching experience",
                    "number",
                    minimum=0,
                    maximum=60,
                ),
            ),
            attachments=(_TRANSCRIPT,),
        ),
        ApplicationType(
            "student_services",
            "Student services",
            "Counsellors, psychometrists and other student services personnel.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(_DEGREE, _INSTITUTION, Question("specialty", "Specialty")),
            attachments=(_TRANSCRIPT,),
        ),
        ApplicationType(
            "substitute",
            "Substitute license",
            "A license to serve as a substitute teacher.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(
                Question(
                    "education",
                    "Highest education completed",
                    "select",
                    options=(
                        "High school diploma",
                        "Associate degree",
                        "Bachelor's degree or higher",
                    ),
                ),
            ),
            attachments=(Attachment("diploma", "Diploma or transcript"),),
        ),
        ApplicationType(
            "speech_language_pathologist",
            "Speech-language pathologist",
            "A license for speech-language pathologists serving schools.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(
                _DEGREE,
                _INSTITUTION,
                Question("asha_number", "ASHA number", required=False),
            ),
            attachments=(_TRANSCRIPT,),
        ),
        ApplicationType(
            "career_technical_upgrade",
            "Career & Technical upgrade",
            "Upgrade a Career & Technical license.",
            needs_license=True,
            decided_by=DISTRICT_THEN_STATE,
            effect="upgrade",
            questions=_UPGRADE_QUESTIONS,
            attachments=(_TRANSCRIPT,),
            checks=(_active, _upgrade_window, _upgrade_experience),
            license_types=("Career & Technical",),
        ),
        ApplicationType(
            "reactivation",
            "Reactivation",
            "Restore an expired license.",
            needs_license=True,
            decided_by=DISTRICT_THEN_STATE,
            effect="reactivate",
            questions=(
                Question(
                    "reason_lapsed",
                    "Why did the license lapse?",
                    "textarea",
                    required=False,
                ),
            ),
            attachments=(Attachment("pd_evidence", "Professional development completed"),),
            checks=(_expired,),
        ),
        ApplicationType(
            "out_of_state",
            "Out-of-state (non-resident graduate)",
            "A license for an educator licensed or trained in another state.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(
                Question("other_state", "State that issued your license"),
                Question("other_license_number", "License number in that state"),
                _DEGREE,
            ),
            attachments=(
                Attachment("other_license", "Copy of the out-of-state license"),
                _TRANSCRIPT,
            ),
        ),
        ApplicationType(
            "provisional",
            "Provisional license",
            "A provisional license while completing an alternate-route program.",
            needs_license=False,
            decided_by=DISTRICT_THEN_STATE,
            effect="issue_license",
            questions=(_DEGREE, _INSTITUTION, Question("program", "Alternate-route program")),
            attachments=(Attachment("program_letter", "Program enrolment letter"),),
        ),
        ApplicationType(
            "extension",
            "Extension",
            "Extend a provisional license.",
            needs_license=True,
            decided_by=DISTRICT_THEN_STATE,
            effect="extend",
            questions=(Question("extension_reason", "Why is an extension needed?", "textarea"),),
            checks=(_active, _provisional),
        ),
    )
}


def validate_answers(app_type: ApplicationType, answers: dict[str, str]) -> dict[str, str]:
    """Field -> message for the type's questions."""
    errors: dict[str, str] = {}
    for q in app_type.questions:
        value = (answers.get(q.key) or "").strip()
        if not value:
            if q.required:
                errors[q.key] = f"Answer “{q.label}”."
            continue
        if len(value) > 2000:
            errors[q.key] = "Use at most 2000 characters."
        elif q.kind == "number":
            try:
                number = float(value)
            except ValueError:
                errors[q.key] = "Enter a number."
                continue
            if not math.isfinite(number):  # "nan" passes every comparison below
                errors[q.key] = "Enter a number."
                continue
            if (q.minimum is not None and number < q.minimum) or (
                q.maximum is not None and number > q.maximum
            ):
                errors[q.key] = f"Enter a number from {q.minimum:g} to {q.maximum:g}."
        elif q.kind == "select" and value not in q.options:
            errors[q.key] = "Choose one of the options."
        elif q.kind == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                errors[q.key] = "Enter a date."
    return errors
