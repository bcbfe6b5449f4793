"""State staff decide legal-name change requests (see name_changes for the request side).

Only state staff decide, never about their own profile. A decision is one conditional
UPDATE of a pending request (two staff members, or a double click, decide it once); an
approval changes the profile's legal name, keeps the name it replaces and records the
change on each of the holder's licenses ("license.name_changed", for the public history).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_date, full_name, sorted_name
from licensure_app.domain.names import name_key
from licensure_app.domain.notices import Notice
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_STATE_STAFF,
    EducatorProfile,
    EvidenceFile,
    License,
    NameChangeRequest,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.accounts.name_changes import (
    MAX_PREVIOUS_NAMES,
    MAX_REASON,
    NameChangeResult,
)

NOT_FOUND = "That name-change request was not found."
NOT_STAFF = "Only state staff decide name changes."
OWN_REQUEST = "You cannot decide a request to change your own name: another staff member must."
REJECT_REASON_REQUIRED = "Enter the reason: the educator sees it."
LIST_LIMIT = 200


@dataclass(frozen=True)
class NameChangeRow:
    """A pending request as the state office's "Name changes" panel shows it."""

    request_id: int
    educator_number: str
    current_name: str
    requested_name: str
    previous_names: str
    reason: str
    requested_on: str
    document_name: str
    document_href: str
    document_kind: str  # "pdf" or "image"
    own: bool  # about the staff member's own profile: another must decide it


def with_previous_name(previous_names: str, name: str) -> str:
    """The profile's list of previous names ("; "-separated, oldest first) with `name`
    added; the oldest are dropped to fit the column (every request keeps its own)."""
    names = [n for n in previous_names.split("; ") if n]
    if name and name not in names:
        names.append(name)
    while names and len("; ".join(names)) > MAX_PREVIOUS_NAMES:
        names.pop(0)
    return "; ".join(names)


def _is_own(principal: Principal, request: NameChangeRequest, profile: EducatorProfile) -> bool:
    return principal.account_id in (profile.account_id, request.requested_by_id) or (
        principal.profile_id == request.profile_id
    )


def pending_requests(session: Session, principal: Principal) -> list[NameChangeRow]:
    """Requests waiting for a decision, oldest first (state staff only)."""
    if ROLE_STATE_STAFF not in principal.roles:
        return []
    rows = session.exec(
        select(NameChangeRequest, EducatorProfile, EvidenceFile)
        .join(EducatorProfile, col(EducatorProfile.id) == col(NameChangeRequest.profile_id))
        .join(EvidenceFile, col(EvidenceFile.id) == col(NameChangeRequest.evidence_id))
        .where(NameChangeRequest.status == "pending")
        .order_by(col(NameChangeRequest.requested_at), col(NameChangeRequest.id))
        .limit(LIST_LIMIT)
    ).all()
    return [
        NameChangeRow(
            request_id=request.id or 0,
            educator_number=profile.educator_number,
            current_name=full_name(profile.first_name, profile.middle_name, profile.last_name),
            requested_name=full_name(request.first_name, request.middle_name, request.last_name),
            previous_names=profile.previous_names or "None",
            reason=request.reason,
            requested_on=format_date(clock.local(request.requested_at).date()),
            document_name=document.original_name,
            document_href=f"/api/evidence/{document.id}",
            document_kind="pdf" if document.content_type == "application/pdf" else "image",
            own=_is_own(principal, request, profile),
        )
        for request, profile, document in rows
    ]


def _refuse(session: Session, actor: audit.Actor, request_id: int, action: str, why: str) -> None:
    audit.record(
        session,
        actor,
        "access.refused",
        "name_change_request",
        request_id,
        after={"action": action, "why": why},
    )


def _decidable(
    session: Session, principal: Principal, actor: audit.Actor, request_id: int, action: str
) -> tuple[NameChangeRequest, EducatorProfile] | NameChangeResult:
    """The pending request and its profile if this principal may decide it, else the
    refusal (audited when it is not theirs to decide)."""
    if ROLE_STATE_STAFF not in principal.roles:
        _refuse(session, actor, request_id, action, "not state staff")
        return NameChangeResult(False, NOT_STAFF)
    request = session.get(NameChangeRequest, request_id) if request_id else None
    profile = session.get(EducatorProfile, request.profile_id) if request else None
    if request is None or profile is None:
        return NameChangeResult(False, NOT_FOUND)
    if _is_own(principal, request, profile):
        _refuse(session, actor, request_id, action, "own name change")
        return NameChangeResult(False, OWN_REQUEST)
    if request.status != "pending":
        return NameChangeResult(False, f"This request was already {request.status}.")
    return request, profile


def _claim(
    session: Session, principal: Principal, request_id: int, status: str, reason: str
) -> bool:
    """Move the request from pending to `status`: True for the one decision that did."""
    result = session.exec(
        update(NameChangeRequest)
        .where(col(NameChangeRequest.id) == request_id, NameChangeRequest.status == "pending")
        .values(
            status=status,
            decided_by_id=principal.account_id,
            decided_at=utcnow(),
            decision_reason=reason,
        )
    )
    return result.rowcount == 1


def _tell_educator(session: Session, profile: EducatorProfile, notice: Notice) -> None:
    if profile.account_id:
        notifications.send_notice(session, profile.account_id, notice)


def approve(
    session: Session, principal: Principal, actor: audit.Actor, request_id: int
) -> NameChangeResult:
    """Change the profile's legal name to the requested one, keeping the previous name."""
    found = _decidable(session, principal, actor, request_id, "approve_name_change")
    if isinstance(found, NameChangeResult):
        return found
    request, profile = found
    if not _claim(session, principal, request_id, "approved", ""):
        return NameChangeResult(False, "This request was already decided.")
    session.refresh(request)
    old = (profile.first_name, profile.middle_name, profile.last_name)
    new = (request.first_name, request.middle_name, request.last_name)
    # The name it replaced, as it was at the decision (the record may have changed since).
    request.previous_first_name, request.previous_middle_name, request.previous_last_name = old
    session.add(request)
    _rename(session, actor, profile, old, new)
    audit.record(
        session,
        actor,
        "name_change.approved",
        "name_change_request",
        request_id,
        before={"status": "pending", "name": full_name(*old)},
        after={"status": "approved", "name": full_name(*new)},
    )
    _tell_educator(
        session,
        profile,
        Notice(
            subject="Your name-change request is approved",
            what_happened=f"Your legal name is now {full_name(*new)}: on your profile, your "
            "licenses and the public license look-up.",
            next_step="Print your license again to have a copy with your new name.",
            link="/licenses",
            link_text="See your licenses",
        ),
    )
    return NameChangeResult(True, f"Approved. The legal name is now {full_name(*new)}.")


def _rename(
    session: Session,
    actor: audit.Actor,
    profile: EducatorProfile,
    old: tuple[str, str, str],
    new: tuple[str, str, str],
) -> None:
    """Write the new legal name on the profile and record it on each of its licenses."""
    profile.first_name, profile.middle_name, profile.last_name = new
    profile.first_name_key = name_key(profile.first_name)
    profile.last_name_key = name_key(profile.last_name)
    profile.previous_names = with_previous_name(profile.previous_names, full_name(*old))
    profile.updated_at = utcnow()
    session.add(profile)
    names = ("first_name", "middle_name", "last_name")
    audit.record(
        session,
        actor,
        "profile.name_changed",
        "educator_profile",
        profile.id,
        before=dict(zip(names, old, strict=True)),
        after=dict(zip(names, new, strict=True)),
    )
    license_ids = session.exec(select(License.id).where(License.holder_id == profile.id)).all()
    for license_id in license_ids:
        audit.record(
            session,
            actor,
            "license.name_changed",
            "license",
            license_id,
            before={"holder_name": sorted_name(*old)},
            after={"holder_name": sorted_name(*new)},
        )


def reject(
    session: Session, principal: Principal, actor: audit.Actor, request_id: int, reason: str
) -> NameChangeResult:
    """Refuse the request, with the reason the educator reads; the legal name stays."""
    found = _decidable(session, principal, actor, request_id, "reject_name_change")
    if isinstance(found, NameChangeResult):
        return found
    _, profile = found
    reason = " ".join((reason or "").split())
    if not reason:
        return NameChangeResult(False, REJECT_REASON_REQUIRED, {"reason": REJECT_REASON_REQUIRED})
    if len(reason) > MAX_REASON:
        message = f"Use at most {MAX_REASON} characters."
        return NameChangeResult(False, message, {"reason": message})
    if not _claim(session, principal, request_id, "rejected", reason):
        return NameChangeResult(False, "This request was already decided.")
    audit.record(
        session,
        actor,
        "name_change.rejected",
        "name_change_request",
        request_id,
        before={"status": "pending"},
        after={"status": "rejected", "reason": reason},
    )
    _tell_educator(
        session,
        profile,
        Notice(
            subject="Your name-change request was not approved",
            what_happened=f"Your name-change request was not approved: {reason}",
            next_step="Your legal name stays as it is. You can send a new request with "
            "another document.",
            link="/profile",
            link_text="Open your profile",
        ),
    )
    return NameChangeResult(True, "Rejected. The educator has been told why.")
