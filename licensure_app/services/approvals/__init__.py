"""District approvals and the state review: the queue, one application's record, decisions.

Who sees what: a district approver (superintendent or designee) sees only applications
whose `district_id` is one of `principal.approver_district_ids`; state staff see every
district. An application out of scope is "not found", exactly like one that does not
exist, and the attempt is written to the audit log as "access.refused".

Every decision is one transaction in the caller's session: a conditional transition of
the application (exactly one row moves, or nothing does), the change to the license, the
audit events and the notifications. Two approvers, two tabs or a double click therefore
approve (and renew) once.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain import renewal
from licensure_app.domain.application_types import DISTRICT, TYPES
from licensure_app.domain.formatting import format_date
from licensure_app.domain.rules import Rules
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
    PDActivity,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.applications import (
    CONDUCT_QUESTIONS,
    STATUS_LABELS,
    attached_files,
    load_answers,
    transition,
)
from licensure_app.services.pd import KIND_LABELS, amount_text, evidence
from licensure_app.services.rules import load_rules

NOT_FOUND = "That application was not found."
REASON_REQUIRED = "Enter the reason: the applicant sees it."
VERIFY_REQUIRED = "Confirm that you have verified the original certificates or transcripts."
MAX_REASON = 2000
QUEUE_LIMIT = 200

# The district decides these; the state office decides what the district forwards.
DISTRICT_STAGE = ("submitted", "resubmitted")
STATE_STAGE = ("state_review",)
# Everything an approver may see: drafts stay private to the applicant until submitted.
VISIBLE_STATUSES = tuple(s for s in STATUS_LABELS if s != "draft")

# What each decided type issues. Class by degree (SPEC §2: A, AA, AAA, AAAA by degree).
NEW_LICENSE_TYPES: dict[str, str] = {
    "initial": "Standard",
    "administrator": "Administrator",
    "student_services": "Student Services",
    "substitute": "Substitute",
    "speech_language_pathologist": "Speech-Language Pathologist",
    "out_of_state": "Standard",
    "provisional": "Provisional",
}
CLASS_BY_DEGREE = {"Bachelor's": "A", "Master's": "AA", "Specialist": "AAA", "Doctorate": "AAAA"}
# Endorsement codes by subject (the state's code list); unknown subjects get OTHER until the
# office assigns a code.
ENDORSEMENT_CODES: dict[str, str] = {
    "elementary education": "0120",
    "mathematics": "0190",
    "biology": "0192",
    "chemistry": "0193",
    "physics": "0195",
    "english": "0154",
    "social studies": "0158",
    "spanish": "0162",
    "french": "0163",
    "music instrumental": "0177",
    "visual art": "0171",
    "physical education": "0181",
    "health": "0182",
    "special education mild/moderate": "0202",
    "early childhood education": "0204",
    "reading specialist": "0221",
    "library media": "0305",
    "school counselor": "0436",
    "educational leadership": "0486",
    "speech-language pathologist": "0912",
    "computer science": "0990",
    "agriculture science": "0943",
    "health sciences": "0951",
}
ROLE_WORDS = {
    ROLE_EDUCATOR: "Applicant",
    ROLE_DISTRICT_APPROVER: "District approver",
    ROLE_STATE_STAFF: "State licensure office",
    "system": "System",
}


# ---------------------------------------------------------------- scope


def is_state(principal: Principal) -> bool:
    return ROLE_STATE_STAFF in principal.roles


def in_scope(principal: Principal, application: Application) -> bool:
    """Whether the principal may see this application at all."""
    if application.status == "draft" or application.submitted_at is None:
        return False
    if is_state(principal):
        return True
    return (
        application.district_id is not None
        and application.district_id in principal.approver_district_ids
    )


def _scope_condition(principal: Principal, district_id: int | None = None) -> list[Any]:
    conditions: list[Any] = [
        col(Application.submitted_at).is_not(None),
        col(Application.status).in_(VISIBLE_STATUSES),
    ]
    if is_state(principal):
        if district_id:
            conditions.append(Application.district_id == district_id)
    else:
        allowed = sorted(principal.approver_district_ids)
        if district_id:
            allowed = [d for d in allowed if d == district_id]
        conditions.append(col(Application.district_id).in_(allowed))
    return conditions


def refuse(session: Session, actor: audit.Actor, application_id: object, action: str) -> None:
    """Record a refused look at (or action on) an application the actor may not reach."""
    audit.record(
        session,
        actor,
        "access.refused",
        "application",
        str(application_id)[:40],
        after={"action": action},
    )


def _visible(
    session: Session, principal: Principal, actor: audit.Actor, application_id: int, action: str
) -> Application | None:
    application = session.get(Application, application_id) if application_id else None
    if application is None or not in_scope(principal, application):
        refuse(session, actor, application_id, action)
        return None
    return application


def stage_of(application: Application) -> str:
    """ "district", "state" or "" (decided, withdrawn, returned to the applicant)."""
    if application.status in DISTRICT_STAGE:
        return "district"
    if application.status in STATE_STAGE:
        return "state"
    return ""


def may_decide(principal: Principal, application: Application) -> bool:
    """District stage: its approvers (and state staff); state stage: state staff only."""
    stage = stage_of(application)
    if stage == "district":
        return principal.may_act_for_district(application.district_id)
    return stage == "state" and is_state(principal)


def waiting_statuses(principal: Principal) -> tuple[str, ...]:
    """The statuses that wait for this principal's decision."""
    return DISTRICT_STAGE + STATE_STAGE if is_state(principal) else DISTRICT_STAGE


# ---------------------------------------------------------------- the queue


@dataclass(frozen=True)
class QueueFilters:
    district_id: int | None = None
    app_type: str = ""
    # "waiting" (for my decision), "all", or one status.
    status: str = "waiting"
    # "oldest" (waiting longest first) or "newest".
    sort: str = "oldest"


@dataclass(frozen=True)
class QueueRow:
    application_id: int
    applicant_name: str
    type_title: str
    is_renewal: bool
    license_number: str
    district_name: str
    status: str
    status_label: str
    submitted_on: str
    age_days: int
    age_text: str
    overdue: bool
    can_bulk_approve: bool


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class QueueView:
    rows: list[QueueRow]
    counts: list[StatusCount]
    waiting: int
    badge_days: int
    truncated: bool


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns (stored in UTC).
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _days_text(days: int) -> str:
    if days <= 0:
        return "today"
    return "1 day" if days == 1 else f"{days} days"


def full_name(profile: EducatorProfile) -> str:
    return " ".join(p for p in (profile.first_name, profile.middle_name, profile.last_name) if p)


def queue(
    session: Session, principal: Principal, filters: QueueFilters, now: datetime | None = None
) -> QueueView:
    """The applications this principal may see, filtered, with counts per status."""
    now = now or utcnow()
    rules = load_rules(session)
    badge_days = int(rules.setting("queue_age_badge_days"))
    scope = _scope_condition(principal, filters.district_id)
    typed = [*scope, Application.app_type == filters.app_type] if filters.app_type else scope
    count_rows = session.exec(
        select(Application.status, func.count()).where(*typed).group_by(Application.status)
    ).all()
    by_status = dict(count_rows)
    counts = [
        StatusCount(s, STATUS_LABELS[s], int(by_status.get(s, 0)))
        for s in VISIBLE_STATUSES
        if by_status.get(s)
    ]
    waiting_for_me = waiting_statuses(principal)
    waiting = sum(int(by_status.get(s, 0)) for s in waiting_for_me)

    conditions = list(typed)
    if filters.status == "waiting":
        conditions.append(col(Application.status).in_(waiting_for_me))
    elif filters.status in VISIBLE_STATUSES:
        conditions.append(Application.status == filters.status)
    order = (
        col(Application.submitted_at).desc()
        if filters.sort == "newest"
        else col(Application.submitted_at).asc()
    )
    found = session.exec(
        select(Application, EducatorProfile, License.license_number, District.name)
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .join(License, col(License.id) == col(Application.license_id), isouter=True)
        .join(District, col(District.id) == col(Application.district_id), isouter=True)
        .where(*conditions)
        .order_by(order, col(Application.id))
        .limit(QUEUE_LIMIT + 1)
    ).all()
    rows = []
    for application, profile, number, district_name in found[:QUEUE_LIMIT]:
        submitted = _aware(application.submitted_at or now)
        days = max(0, (now - submitted).days)
        open_ = bool(stage_of(application))
        rows.append(
            QueueRow(
                application_id=application.id or 0,
                applicant_name=full_name(profile),
                type_title=TYPES[application.app_type].title,
                is_renewal=application.app_type == "renewal",
                license_number=number or "",
                district_name=district_name or "No district",
                status=application.status,
                status_label=STATUS_LABELS[application.status],
                submitted_on=format_date(submitted.date()),
                age_days=days,
                age_text=f"Waiting {_days_text(days)}" if open_ else "",
                overdue=open_ and days > badge_days,
                can_bulk_approve=application.app_type == "renewal"
                and application.status in DISTRICT_STAGE
                and may_decide(principal, application),
            )
        )
    return QueueView(
        rows=rows,
        counts=counts,
        waiting=waiting,
        badge_days=badge_days,
        truncated=len(found) > QUEUE_LIMIT,
    )


def queue_version(session: Session, principal: Principal) -> str:
    """Changes whenever an application this principal can see changes (for live refresh)."""
    count, latest = session.exec(
        select(func.count(), func.max(Application.updated_at)).where(*_scope_condition(principal))
    ).one()
    return f"{count}:{latest}"


def districts(session: Session) -> list[tuple[int, str]]:
    """(id, "code name") of every district, for the state staff's filter."""
    return [
        (d.id or 0, f"{d.code} {d.name}")
        for d in session.exec(select(District).order_by(District.code)).all()
    ]


# ---------------------------------------------------------------- one application


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
    needs_verification: bool
    approve_effect: str
    submitted_on: str
    age_text: str
    district_name: str
    applicant: dict[str, str]
    license: dict[str, Any]
    answers: list[dict[str, str]]
    attestation: list[dict[str, str]]
    renewal_option: str
    counted: list[dict[str, Any]]
    counted_totals: list[str]
    attachments: list[dict[str, str]]
    earlier: list[dict[str, str]]
    timeline: list[dict[str, str]]


def _license_dict(session: Session, lic: License | None) -> dict[str, Any]:
    if lic is None:
        return {}
    endorsements = session.exec(
        select(Endorsement).where(Endorsement.license_id == lic.id).order_by(Endorsement.code)
    ).all()
    return {
        "number": lic.license_number,
        "license_type": lic.license_type,
        "license_class": lic.license_class,
        "status": lic.status.capitalize(),
        "valid_from": format_date(lic.valid_from),
        "expires_on": format_date(lic.expires_on),
        "first_issued": format_date(lic.first_issued),
        "endorsements": [f"{e.code} {e.subject} ({e.grade_span})" for e in endorsements],
    }


def _applicant_dict(session: Session, profile: EducatorProfile) -> dict[str, str]:
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
    return {
        "name": full_name(profile),
        "previous_names": profile.previous_names or "None",
        "educator_number": profile.educator_number,
        "email": account.email if account else "No account",
        "phone": profile.phone or "Not given",
        "address": address or "Not given",
        "district": district.name if district else "Not given",
    }


def _answers(application: Application, answers: dict[str, Any]) -> list[dict[str, str]]:
    definition = TYPES[application.app_type]
    questions = answers.get("questions")
    questions = questions if isinstance(questions, dict) else {}
    return [
        {"label": q.label, "value": str(questions.get(q.key, "") or "Not answered")}
        for q in definition.questions
    ]


def _attestation(answers: dict[str, Any]) -> list[dict[str, str]]:
    given = answers.get("attestation")
    given = given if isinstance(given, dict) else {}
    words = {"yes": "Yes", "no": "No"}
    rows = [
        {"label": label, "value": words.get(str(given.get(key, "")), "Not answered")}
        for key, label in CONDUCT_QUESTIONS
    ]
    explanation = str(given.get("conduct_explanation", "") or "").strip()
    if explanation:
        rows.append({"label": "Explanation", "value": explanation})
    rows.append(
        {
            "label": "Sworn statement",
            "value": "Confirmed" if given.get("sworn") is True else "Not confirmed",
        }
    )
    return rows


def _file_dict(row: evidence.EvidenceInfo, label: str = "") -> dict[str, str]:
    return {
        "id": str(row.evidence_id),
        "name": row.name,
        "size": row.size_text,
        "kind": "pdf" if row.content_type == "application/pdf" else "image",
        "href": f"/api/evidence/{row.evidence_id}",
        "label": label,
    }


def _renewal_parts(
    session: Session, lic: License | None, answers: dict[str, Any], rules: Rules
) -> tuple[str, list[dict[str, Any]], list[str]]:
    if lic is None:
        return "", [], []
    option_id = answers.get("renewal_option_id")
    category = renewal.renewal_category(lic.license_type, lic.license_class)
    option = next((o for o in rules.options_for(category) if o.id == option_id), None)
    option_text = renewal.option_label(option) if option else "An option no longer offered"
    snapshot = answers.get("renewal_snapshot")
    snapshot = snapshot if isinstance(snapshot, list) else []
    ids = [int(s["activity_id"]) for s in snapshot if isinstance(s, dict) and "activity_id" in s]
    files = evidence.evidence_for_activities(session, ids)
    current = {
        a.id: a for a in session.exec(select(PDActivity).where(col(PDActivity.id).in_(ids))).all()
    }
    counted, totals = [], {}
    for item in snapshot:
        if not isinstance(item, dict):
            continue
        activity_id = int(item.get("activity_id", 0))
        kind = str(item.get("kind", ""))
        amount = float(item.get("amount", 0))
        totals[kind] = totals.get(kind, 0.0) + amount
        row = current.get(activity_id)
        verification = row.verification if row is not None else "deleted"
        completed = str(item.get("completed_on", ""))
        with contextlib.suppress(ValueError):
            completed = format_date(date.fromisoformat(completed))
        counted.append(
            {
                "activity_id": activity_id,
                "title": str(item.get("title", "")),
                "provider": str(item.get("provider", "")),
                "kind": KIND_LABELS.get(kind, kind),
                "amount": amount_text(kind, amount),
                "completed_on": completed,
                "verification": {
                    "unverified": "Not yet verified",
                    "verified": "Verified",
                    "not_accepted": "Not accepted",
                    "deleted": "Deleted by the applicant since",
                }.get(verification, verification),
                "evidence": [_file_dict(f) for f in files.get(activity_id, [])],
            }
        )
    total_texts = [f"{amount_text(k, v)} counted" for k, v in totals.items()]
    return option_text, counted, total_texts


def _attachments(
    session: Session, application: Application, answers: dict[str, Any]
) -> list[dict[str, str]]:
    definition = TYPES[application.app_type]
    labels = {a.key: a.label for a in definition.attachments}
    kinds = answers.get("attachment_kinds")
    kinds = kinds if isinstance(kinds, dict) else {}
    rows = list(attached_files(session, application))
    reused = answers.get("reused_evidence_ids")
    if isinstance(reused, list) and reused:
        ids = [int(i) for i in reused if str(i).isdigit()]
        rows += session.exec(
            select(EvidenceFile).where(
                col(EvidenceFile.id).in_(ids),
                EvidenceFile.owner_id == application.applicant_id,
            )
        ).all()
    seen: set[int] = set()
    result = []
    for row in rows:
        if row.id in seen:
            continue
        seen.add(row.id or 0)
        label = labels.get(str(kinds.get(str(row.id), "")), "Attachment")
        result.append(_file_dict(evidence.info(row), label))
    return result


def _actor_words(session: Session, transition_row: ApplicationTransition) -> str:
    words = ROLE_WORDS.get(transition_row.actor_role, transition_row.actor_role)
    if transition_row.actor_role in (ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF):
        account = session.get(Account, transition_row.actor_id) if transition_row.actor_id else None
        if account is not None and account.display_name:
            words = f"{words} ({account.display_name})"
    return words


def _timeline(session: Session, application_id: int) -> list[dict[str, str]]:
    rows = session.exec(
        select(ApplicationTransition)
        .where(ApplicationTransition.application_id == application_id)
        .order_by(col(ApplicationTransition.id))
    ).all()
    return [
        {
            "at": format_date(_aware(t.at).date()) + _aware(t.at).strftime(", %H:%M UTC"),
            "status": STATUS_LABELS.get(t.to_status, t.to_status),
            "actor": _actor_words(session, t),
            "reason": t.reason,
        }
        for t in rows
    ]


def _earlier(session: Session, application: Application) -> list[dict[str, str]]:
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
        {
            "type_title": TYPES[a.app_type].title,
            "status": STATUS_LABELS.get(a.status, a.status),
            "submitted_on": format_date(_aware(a.submitted_at).date()) if a.submitted_at else "",
        }
        for a in rows
    ]


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
    answers = load_answers(application)
    rules = load_rules(session)
    district = session.get(District, application.district_id) if application.district_id else None
    option_text, counted, totals = ("", [], [])
    if application.app_type == "renewal":
        option_text, counted, totals = _renewal_parts(session, lic, answers, rules)
    submitted = _aware(application.submitted_at or now)
    stage = stage_of(application)
    return ApplicationDetail(
        application_id=application.id or 0,
        type_code=application.app_type,
        type_title=TYPES[application.app_type].title,
        status=application.status,
        status_label=STATUS_LABELS[application.status],
        stage=stage,
        can_decide=may_decide(principal, application),
        needs_verification=application.app_type == "renewal" and stage == "district",
        approve_effect=_approve_effect(application, lic, rules),
        submitted_on=format_date(submitted.date()),
        age_text=f"Waiting {_days_text((now - submitted).days)}" if stage else "",
        district_name=district.name if district else "No district",
        applicant=_applicant_dict(session, profile),
        license=_license_dict(session, lic),
        answers=_answers(application, answers),
        attestation=_attestation(answers),
        renewal_option=option_text,
        counted=counted,
        counted_totals=totals,
        attachments=_attachments(session, application, answers),
        earlier=_earlier(session, application),
        timeline=_timeline(session, application.id or 0),
    )


# ---------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """The outcome of a decision; `field` names the form control an error belongs to."""

    ok: bool
    message: str
    field: str = ""


class _Undo(Exception):
    """Raised inside a savepoint to undo a half-made decision; carries the refusal."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _applicant_account(session: Session, application: Application) -> int | None:
    profile = session.get(EducatorProfile, application.applicant_id)
    return profile.account_id if profile is not None else None


def _notify_applicant(session: Session, application: Application, text: str, link: str) -> None:
    account_id = _applicant_account(session, application)
    if account_id:
        notifications.notify(session, account_id, text, link)


def _state_staff_ids(session: Session) -> list[int]:
    return [
        i
        for i in session.exec(
            select(Account.id).where(
                Account.role == ROLE_STATE_STAFF, col(Account.is_active).is_(True)
            )
        ).all()
        if i
    ]


def _clean_reason(reason: str) -> str:
    return " ".join(reason.split())[:MAX_REASON] if reason else ""


def _already(application: Application) -> Decision:
    label = STATUS_LABELS.get(application.status, application.status).lower()
    return Decision(False, f"This application is already {label}.")


def _decidable(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    action: str,
) -> Application | Decision:
    """The application if this principal may decide it now, else the Decision refusing."""
    application = _visible(session, principal, actor, application_id, action)
    if application is None:
        return Decision(False, NOT_FOUND)
    if not stage_of(application):
        return _already(application)
    if not may_decide(principal, application):
        # Visible (own district) but with the state office now: not a refusal of access.
        return Decision(False, "This application is with the state licensure office for review.")
    return application


def approve_application(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    verified: bool,
    today: date,
) -> Decision:
    """Approve at the application's stage: a renewal renews the license at once; any other
    type goes from the district to the state review, and the state's approval applies it."""
    found = _decidable(session, principal, actor, application_id, "approve")
    if isinstance(found, Decision):
        return found
    application = found
    stage = stage_of(application)
    if application.app_type == "renewal" and stage == "district" and not verified:
        return Decision(False, VERIFY_REQUIRED, field="verified")
    try:
        with session.begin_nested():
            if stage == "district" and TYPES[application.app_type].decided_by == DISTRICT:
                message = _approve_renewal(session, application, actor, today)
            elif stage == "district":
                message = _forward_to_state(session, application, actor)
            else:
                message = _approve_at_state(session, application, actor, today)
    except _Undo as undo:
        session.expire_all()
        return Decision(False, undo.message)
    return Decision(True, message)


def _move(
    session: Session,
    application: Application,
    from_statuses: tuple[str, ...],
    to_status: str,
    actor: audit.Actor,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    if not transition(session, application, from_statuses, to_status, actor, reason, extra):
        # Another approver (or a second click) decided it first: nothing happens twice.
        session.refresh(application)
        raise _Undo(_already(application).message)


def _approve_renewal(
    session: Session, application: Application, actor: audit.Actor, today: date
) -> str:
    lic = session.get(License, application.license_id) if application.license_id else None
    if lic is None:
        raise _Undo("The license of this application no longer exists.")
    if lic.status not in ("active", "expired"):
        raise _Undo(f"License {lic.license_number} is {lic.status}, so it cannot be renewed.")
    rules = load_rules(session)
    _move(session, application, DISTRICT_STAGE, "approved", actor, extra={"decided_at": utcnow()})
    before = {"valid_from": lic.valid_from, "expires_on": lic.expires_on, "status": lic.status}
    valid_from, expires_on = renewal.next_validity_period(lic.expires_on, rules)
    # Guarded by the old expiry: of two renewals of one license at once, exactly one applies.
    renewed = session.exec(
        update(License)
        .where(col(License.id) == lic.id, col(License.expires_on) == before["expires_on"])
        .values(valid_from=valid_from, expires_on=expires_on, status="active")
        .execution_options(synchronize_session=False)
    )
    if renewed.rowcount != 1:
        raise _Undo(f"License {lic.license_number} changed meanwhile. Reload and try again.")
    session.expire(lic)
    after = {"valid_from": valid_from, "expires_on": expires_on, "status": "active"}
    audit.record(
        session,
        actor,
        "license.renewed",
        "license",
        lic.id,
        before=before,
        after={**after, "application_id": application.id},
    )
    _verify_counted(session, application, actor)
    new_expiry = format_date(expires_on)
    _notify_applicant(
        session,
        application,
        f"Your renewal was approved: license {lic.license_number} is now valid until {new_expiry}.",
        routes.LICENSES,
    )
    return f"Approved. License {lic.license_number} is renewed until {new_expiry}."


def _verify_counted(session: Session, application: Application, actor: audit.Actor) -> None:
    """The approver checked the originals: the counted activities become verified."""
    snapshot = load_answers(application).get("renewal_snapshot")
    ids = [
        int(s["activity_id"])
        for s in (snapshot if isinstance(snapshot, list) else [])
        if isinstance(s, dict) and "activity_id" in s
    ]
    if not ids:
        return
    now = utcnow()
    verified = session.exec(
        update(PDActivity)
        .where(
            col(PDActivity.id).in_(ids),
            PDActivity.holder_id == application.applicant_id,
            PDActivity.verification == "unverified",
        )
        .values(verification="verified", verified_by_id=actor.account_id, verified_at=now)
        .execution_options(synchronize_session=False)
    )
    if verified.rowcount:
        audit.record(
            session,
            actor,
            "pd_activity.verified",
            "application",
            application.id,
            after={"activity_ids": ids, "count": verified.rowcount},
        )


def _forward_to_state(session: Session, application: Application, actor: audit.Actor) -> str:
    _move(session, application, DISTRICT_STAGE, "district_approved", actor)
    _move(
        session,
        application,
        ("district_approved",),
        "state_review",
        audit.SYSTEM,
        "Forwarded to the state licensure office",
    )
    title = TYPES[application.app_type].title.lower()
    _notify_applicant(
        session,
        application,
        f"Your district approved your {title} application and forwarded it to the state "
        "licensure office for its decision.",
        routes.APPLICATIONS,
    )
    profile = session.get(EducatorProfile, application.applicant_id)
    name = full_name(profile) if profile else "An educator"
    for account_id in _state_staff_ids(session):
        notifications.notify(
            session,
            account_id,
            f"A {title} application from {name} is waiting for state review.",
            f"{routes.APPROVALS}?application={application.id}",
        )
    return "Approved by the district and forwarded to the state licensure office."


def _approve_at_state(
    session: Session, application: Application, actor: audit.Actor, today: date
) -> str:
    _move(session, application, STATE_STAGE, "approved", actor, extra={"decided_at": utcnow()})
    summary = _apply_effect(session, application, actor, today)
    title = TYPES[application.app_type].title.lower()
    _notify_applicant(
        session,
        application,
        f"Your {title} application was approved. {summary}",
        routes.LICENSES,
    )
    return f"Approved. {summary}"


# ---------------------------------------------------------------- effects of a state approval


def _questions(application: Application) -> dict[str, str]:
    questions = load_answers(application).get("questions")
    return {str(k): str(v) for k, v in questions.items()} if isinstance(questions, dict) else {}


def _target_license(session: Session, application: Application) -> License:
    lic = session.get(License, application.license_id) if application.license_id else None
    if lic is None:
        raise _Undo("The license of this application no longer exists.")
    return lic


def _guarded_license_update(
    session: Session, lic: License, guard: dict[str, Any], values: dict[str, Any]
) -> None:
    """UPDATE the license only if it still holds `guard` (no lost update)."""
    conditions = [col(License.id) == lic.id] + [getattr(License, k) == v for k, v in guard.items()]
    result = session.exec(
        update(License)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _Undo(f"License {lic.license_number} changed meanwhile. Reload and try again.")
    session.expire(lic)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def _period_from(start: date, years: int) -> tuple[date, date]:
    return start, _years_after(start, years) - timedelta(days=1)


def _apply_effect(
    session: Session, application: Application, actor: audit.Actor, today: date
) -> str:
    """Apply what the approved type grants; returns a sentence saying what changed."""
    rules = load_rules(session)
    code = application.app_type
    answers = _questions(application)
    if code == "additional_endorsement":
        return _add_endorsement(session, application, actor, answers)
    if code in ("upgrade", "career_technical_upgrade"):
        lic = _target_license(session, application)
        target = answers.get("target_class", "")
        if target not in CLASS_BY_DEGREE.values():
            raise _Undo("The application does not name a valid class to upgrade to.")
        before = {"license_class": lic.license_class}
        _guarded_license_update(session, lic, before, {"license_class": target})
        audit.record(
            session,
            actor,
            "license.upgraded",
            "license",
            lic.id,
            before=before,
            after={"license_class": target, "application_id": application.id},
        )
        return f"License {lic.license_number} is now Class {target}."
    if code == "reactivation":
        lic = _target_license(session, application)
        years = int(rules.setting("standard_validity_years"))
        valid_from, expires_on = _period_from(today, years)
        before = {"valid_from": lic.valid_from, "expires_on": lic.expires_on, "status": lic.status}
        _guarded_license_update(
            session,
            lic,
            {"expires_on": lic.expires_on},
            {"valid_from": valid_from, "expires_on": expires_on, "status": "active"},
        )
        audit.record(
            session,
            actor,
            "license.reactivated",
            "license",
            lic.id,
            before=before,
            after={
                "valid_from": valid_from,
                "expires_on": expires_on,
                "status": "active",
                "application_id": application.id,
            },
        )
        return (
            f"License {lic.license_number} is active again, valid until {format_date(expires_on)}."
        )
    if code == "extension":
        lic = _target_license(session, application)
        new_expiry = _years_after(lic.expires_on, int(rules.setting("extension_years")))
        before = {"expires_on": lic.expires_on}
        _guarded_license_update(session, lic, before, {"expires_on": new_expiry})
        audit.record(
            session,
            actor,
            "license.extended",
            "license",
            lic.id,
            before=before,
            after={"expires_on": new_expiry, "application_id": application.id},
        )
        return f"License {lic.license_number} is extended until {format_date(new_expiry)}."
    if code in NEW_LICENSE_TYPES:
        return _issue_license(session, application, actor, answers, rules, today)
    raise _Undo(f"Approving a {TYPES[code].title.lower()} application is not supported.")


def _add_endorsement(
    session: Session, application: Application, actor: audit.Actor, answers: dict[str, str]
) -> str:
    lic = _target_license(session, application)
    subject = " ".join(answers.get("endorsement_subject", "").split())[:120]
    span = answers.get("grade_span", "")[:20]
    if not subject or not span:
        raise _Undo("The application does not name the endorsement's subject and grade span.")
    exists = session.exec(
        select(Endorsement.id).where(
            Endorsement.license_id == lic.id,
            func.lower(Endorsement.subject) == subject.lower(),
            Endorsement.grade_span == span,
        )
    ).first()
    if exists:
        return f"License {lic.license_number} already has the endorsement {subject} ({span})."
    code = ENDORSEMENT_CODES.get(subject.lower(), "OTHER")
    row = Endorsement(license_id=lic.id or 0, code=code, subject=subject, grade_span=span)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "license.endorsement_added",
        "license",
        lic.id,
        after={
            "endorsement": f"{code} {subject} ({span})",
            "endorsement_id": row.id,
            "application_id": application.id,
        },
    )
    return f"License {lic.license_number} now carries the endorsement {subject} ({span})."


def new_license_number(session: Session) -> str:
    """A random unused 7-digit number (the unique index settles any race)."""
    while True:
        candidate = str(1_000_000 + secrets.randbelow(9_000_000))
        if not session.exec(select(License.id).where(License.license_number == candidate)).first():
            return candidate


def _issue_license(
    session: Session,
    application: Application,
    actor: audit.Actor,
    answers: dict[str, str],
    rules: Rules,
    today: date,
) -> str:
    license_type = NEW_LICENSE_TYPES[application.app_type]
    license_class = CLASS_BY_DEGREE.get(answers.get("highest_degree", ""), "A")
    key = (
        "provisional_validity_years" if license_type == "Provisional" else "standard_validity_years"
    )
    valid_from, expires_on = _period_from(today, int(rules.setting(key)))
    for _ in range(5):
        lic = License(
            license_number=new_license_number(session),
            holder_id=application.applicant_id,
            license_type=license_type,
            license_class=license_class,
            first_issued=valid_from,
            valid_from=valid_from,
            expires_on=expires_on,
            status="active",
        )
        try:
            with session.begin_nested():
                session.add(lic)
                session.flush()
            break
        except IntegrityError:  # the number was taken a moment ago: draw another
            continue
    else:  # pragma: no cover - five collisions in a row
        raise _Undo("No license number could be assigned. Try again.")
    subject = " ".join(answers.get("subject_area", "").split())[:120]
    if subject:
        session.add(
            Endorsement(
                license_id=lic.id or 0,
                code=ENDORSEMENT_CODES.get(subject.lower(), "OTHER"),
                subject=subject,
                grade_span="",
            )
        )
    session.exec(
        update(Application)
        .where(col(Application.id) == application.id)
        .values(license_id=lic.id)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        session,
        actor,
        "license.issued",
        "license",
        lic.id,
        after={
            "license_number": lic.license_number,
            "license_type": license_type,
            "license_class": license_class,
            "valid_from": valid_from,
            "expires_on": expires_on,
            "status": "active",
            "application_id": application.id,
        },
    )
    return (
        f"{license_type} license {lic.license_number} (Class {license_class}) is issued, valid "
        f"until {format_date(expires_on)}."
    )


# ---------------------------------------------------------------- return and reject


def return_application(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    reason: str,
) -> Decision:
    """Send the application back to the applicant with what to correct (reason required)."""
    return _decide_with_reason(
        session,
        principal,
        actor,
        application_id,
        reason,
        action="return",
        to_status="returned",
        told="was returned for correction",
        done="Returned to the applicant for correction.",
    )


def reject_application(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    reason: str,
) -> Decision:
    """Refuse the application (reason required); the applicant is told why."""
    return _decide_with_reason(
        session,
        principal,
        actor,
        application_id,
        reason,
        action="reject",
        to_status="rejected",
        told="was rejected",
        done="Rejected. The applicant has been told why.",
        extra={"decided_at": utcnow()},
    )


def _decide_with_reason(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_id: int,
    reason: str,
    *,
    action: str,
    to_status: str,
    told: str,
    done: str,
    extra: dict | None = None,
) -> Decision:
    """Return or reject, at either stage: both need a reason and tell the applicant it."""
    found = _decidable(session, principal, actor, application_id, action)
    if isinstance(found, Decision):
        return found
    reason = _clean_reason(reason)
    if not reason:
        return Decision(False, REASON_REQUIRED, field="reason")
    application = found
    try:
        with session.begin_nested():
            _move(
                session,
                application,
                DISTRICT_STAGE + STATE_STAGE,
                to_status,
                actor,
                reason,
                extra,
            )
    except _Undo as undo:
        return Decision(False, undo.message)
    title = TYPES[application.app_type].title.lower()
    _notify_applicant(
        session, application, f"Your {title} application {told}: {reason}", routes.APPLICATIONS
    )
    return Decision(True, done)


# ---------------------------------------------------------------- bulk approval


@dataclass(frozen=True)
class BulkCandidate:
    application_id: int
    applicant_name: str
    license_number: str


@dataclass(frozen=True)
class BulkResult:
    approved: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def bulk_candidates(
    session: Session, principal: Principal, application_ids: list[int]
) -> list[BulkCandidate]:
    """The renewals among `application_ids` this principal may approve now (for the
    confirmation that lists them)."""
    if not application_ids:
        return []
    found = session.exec(
        select(Application, EducatorProfile, License.license_number)
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .join(License, col(License.id) == col(Application.license_id), isouter=True)
        .where(
            col(Application.id).in_(application_ids[:QUEUE_LIMIT]),
            Application.app_type == "renewal",
            col(Application.status).in_(DISTRICT_STAGE),
        )
        .order_by(col(Application.submitted_at))
    ).all()
    return [
        BulkCandidate(a.id or 0, full_name(p), number or "")
        for a, p, number in found
        if in_scope(principal, a) and may_decide(principal, a)
    ]


def bulk_approve_renewals(
    session: Session,
    principal: Principal,
    actor: audit.Actor,
    application_ids: list[int],
    verified: bool,
    today: date,
) -> BulkResult:
    """Approve several renewals; each is its own all-or-nothing decision."""
    if not verified:
        return BulkResult(problems=[VERIFY_REQUIRED])
    approved, problems = [], []
    for application_id in application_ids[:QUEUE_LIMIT]:
        application = session.get(Application, application_id)
        if application is not None and application.app_type != "renewal":
            problems.append(f"Application {application_id} is not a renewal.")
            continue
        decision = approve_application(session, principal, actor, application_id, True, today)
        (approved if decision.ok else problems).append(
            decision.message if decision.ok else f"Application {application_id}: {decision.message}"
        )
    return BulkResult(approved=approved, problems=problems)
