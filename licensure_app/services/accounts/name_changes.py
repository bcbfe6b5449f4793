"""Legal-name changes: an educator requests one (new name, reason, a document such as a
marriage certificate); state staff approve or reject it. Only an approved request changes
the legal name, on the profile, the public look-up and the printed license; the name it
replaces is kept (on the request, and in the profile's `previous_names`).

Every step is audited: "name_change.requested" here; the decisions (name_change_review) write
"name_change.approved" (with "profile.name_changed" on the profile and
"license.name_changed" on each of the holder's licenses, for their public history) and
"name_change.rejected". State staff are told of a new request, the educator of the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_date, full_name
from licensure_app.domain.names import clean_name
from licensure_app.domain.notices import Notice
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_STATE_STAFF,
    Account,
    EducatorProfile,
    EvidenceFile,
    NameChangeRequest,
)
from licensure_app.services import audit, notifications

MAX_NAME = 100
MAX_REASON = 500
# The profile's `previous_names` column holds at most this many characters.
MAX_PREVIOUS_NAMES = 500

ALREADY_PENDING = "You already have a name-change request waiting for review."
DOCUMENT_REQUIRED = "Attach a document that shows the new name, such as a marriage certificate."
SAME_NAME = "The new name is the name already on your record."


@dataclass(frozen=True)
class NameChangeForm:
    """The request as typed."""

    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    reason: str = ""


@dataclass(frozen=True)
class NameChangeResult:
    ok: bool
    message: str = ""
    # field -> message, for the form control it belongs to
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NameChangeStatus:
    """The educator's latest request, as their profile page shows it."""

    request_id: int = 0
    requested_name: str = ""
    requested_on: str = ""
    status: str = ""  # pending, approved, rejected
    decision_reason: str = ""


def validate(form: NameChangeForm) -> tuple[NameChangeForm, dict[str, str]]:
    """The cleaned request and field -> message for what is wrong."""
    cleaned = NameChangeForm(
        first_name=clean_name(form.first_name),
        middle_name=clean_name(form.middle_name),
        last_name=clean_name(form.last_name),
        reason=" ".join(clean_name(form.reason).split()),
    )
    errors: dict[str, str] = {}
    if not cleaned.first_name:
        errors["new_first_name"] = "Enter the new first name."
    if not cleaned.last_name:
        errors["new_last_name"] = "Enter the new last name."
    for key, value in (
        ("new_first_name", cleaned.first_name),
        ("new_middle_name", cleaned.middle_name),
        ("new_last_name", cleaned.last_name),
    ):
        if len(value) > MAX_NAME:
            errors[key] = f"Use at most {MAX_NAME} characters."
    if not cleaned.reason:
        errors["name_change_reason"] = "Say why your name changed, such as marriage."
    elif len(cleaned.reason) > MAX_REASON:
        errors["name_change_reason"] = f"Use at most {MAX_REASON} characters."
    return cleaned, errors


def _pending(session: Session, profile_id: int) -> NameChangeRequest | None:
    return session.exec(
        select(NameChangeRequest).where(
            NameChangeRequest.profile_id == profile_id, NameChangeRequest.status == "pending"
        )
    ).first()


def _usable_document(session: Session, profile_id: int, evidence_id: int) -> bool:
    """The educator's own upload, not attached to anything else."""
    document = session.get(EvidenceFile, evidence_id) if evidence_id else None
    if document is None or document.owner_id != profile_id:
        return False
    if document.activity_id is not None or document.application_id is not None:
        return False
    used = session.exec(
        select(NameChangeRequest.id).where(NameChangeRequest.evidence_id == evidence_id)
    ).first()
    return used is None


def request_name_change(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    form: NameChangeForm,
    evidence_id: int,
) -> NameChangeResult:
    """File the educator's request (nothing about the legal name changes yet)."""
    cleaned, errors = validate(form)
    profile = session.get(EducatorProfile, profile_id)
    if profile is None:
        raise LookupError("profile not found")
    if not errors and (cleaned.first_name, cleaned.middle_name, cleaned.last_name) == (
        profile.first_name,
        profile.middle_name,
        profile.last_name,
    ):
        errors["new_first_name"] = SAME_NAME
    if not _usable_document(session, profile_id, evidence_id):
        errors["name_change_document"] = DOCUMENT_REQUIRED
    if errors:
        return NameChangeResult(False, next(iter(errors.values())), errors)
    if _pending(session, profile_id) is not None:
        return NameChangeResult(False, ALREADY_PENDING)
    request = NameChangeRequest(
        profile_id=profile_id,
        requested_by_id=actor.account_id or 0,
        first_name=cleaned.first_name,
        middle_name=cleaned.middle_name,
        last_name=cleaned.last_name,
        previous_first_name=profile.first_name,
        previous_middle_name=profile.middle_name,
        previous_last_name=profile.last_name,
        reason=cleaned.reason,
        evidence_id=evidence_id,
    )
    try:
        with session.begin_nested():
            session.add(request)
            session.flush()
    except IntegrityError:  # a request filed at the same moment (another tab) won
        return NameChangeResult(False, ALREADY_PENDING)
    audit.record(
        session,
        actor,
        "name_change.requested",
        "name_change_request",
        request.id,
        after={
            "profile_id": profile_id,
            "name": full_name(request.first_name, request.middle_name, request.last_name),
            "reason": request.reason,
            "evidence_id": evidence_id,
        },
    )
    _tell_state_staff(session)
    return NameChangeResult(
        True, "Your request is sent. The state licensure office will review it."
    )


def _tell_state_staff(session: Session) -> None:
    notice = Notice(
        subject="A name-change request is waiting for review",
        what_happened="An educator asked to change their legal name.",
        next_step="Review the request and its document on the Name changes tab.",
        link="/admin",
        link_text="Open the state office administration",
    )
    staff = session.exec(
        select(Account).where(Account.role == ROLE_STATE_STAFF, col(Account.is_active).is_(True))
    ).all()
    for account in staff:
        notifications.send_notice(
            session, account.id or 0, notice, email=account.queue_mail == "immediate"
        )


def latest_request(session: Session, profile_id: int) -> NameChangeStatus | None:
    """The educator's most recent request, if any."""
    row = session.exec(
        select(NameChangeRequest)
        .where(NameChangeRequest.profile_id == profile_id)
        .order_by(col(NameChangeRequest.requested_at).desc(), col(NameChangeRequest.id).desc())
    ).first()
    if row is None:
        return None
    return NameChangeStatus(
        request_id=row.id or 0,
        requested_name=full_name(row.first_name, row.middle_name, row.last_name),
        requested_on=format_date(clock.local(row.requested_at).date()),
        status=row.status,
        decision_reason=row.decision_reason,
    )
