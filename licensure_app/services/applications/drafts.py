"""Drafts: start or resume an application, and keep what the applicant typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ...domain.application_types import TYPES
from ...domain.status import DRAFT, RETURNED, application_label, is_editable
from ...models import (
    OPEN_STATUSES,
    Application,
    ApplicationTransition,
    EducatorProfile,
    EvidenceFile,
    License,
)
from ...models._base import utcnow
from .. import audit
from .answers import Answers, audit_changes
from .errors import ApplicationError

# The wizard's steps are numbered from 0; a stored step is kept within these bounds.
MAX_STEP = 20


@dataclass(frozen=True)
class Draft:
    application_id: int
    app_type: str
    license_number: str
    status: str
    step: int
    answers: Answers
    return_reason: str = ""


def own_application(session: Session, profile_id: int, application_id: int) -> Application:
    """The applicant's own application, or the refusal (someone else's reads as not found)."""
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


def _open_application(
    session: Session, profile_id: int, app_type: str, license_key: int
) -> Application | None:
    return session.exec(
        select(Application).where(
            Application.applicant_id == profile_id,
            Application.app_type == app_type,
            Application.license_key == license_key,
            Application.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
        )
    ).first()


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
    existing = _open_application(session, profile_id, app_type, key or 0)
    if existing is not None:
        if not is_editable(existing.status):
            raise ApplicationError(
                f"You already have a {definition.title.lower()} application in progress "
                f"({application_label(existing.status).lower()}). See your applications."
            )
        return to_draft(session, existing)
    profile = session.get(EducatorProfile, profile_id)
    application = Application(
        applicant_id=profile_id,
        app_type=app_type,
        license_id=lic.id if lic else None,
        license_key=key,
        district_id=profile.employing_district_id if profile else None,
        status="draft",
    )
    Answers(renewal_option_id=renewal_option_id or None).store(application)
    session.add(application)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        # Another tab created the same draft a moment ago: resume that one.
        session.expunge(application)
        existing = _open_application(session, profile_id, app_type, key or 0)
        assert existing is not None
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


def last_return(session: Session, application: Application) -> ApplicationTransition | None:
    """The move that last returned the application for correction (None if never returned)."""
    return session.exec(
        select(ApplicationTransition)
        .where(
            ApplicationTransition.application_id == application.id,
            ApplicationTransition.to_status == RETURNED,
        )
        .order_by(ApplicationTransition.id.desc())  # type: ignore[union-attr]
    ).first()


def _return_reason(session: Session, application: Application) -> str:
    """Why the application was last returned (shown while it waits for corrections)."""
    if application.status != RETURNED:
        return ""
    last = last_return(session, application)
    return last.reason if last else ""


def to_draft(session: Session, application: Application) -> Draft:
    number = ""
    if application.license_id:
        lic = session.get(License, application.license_id)
        number = lic.license_number if lic else ""
    return Draft(
        application_id=application.id or 0,
        app_type=application.app_type,
        license_number=number,
        status=application.status,
        step=application.current_step,
        answers=Answers.of(application),
        return_reason=_return_reason(session, application),
    )


def save_draft(
    session: Session,
    actor: audit.Actor,
    profile_id: int,
    application_id: int,
    changes: dict[str, Any],
    step: int,
) -> None:
    """Store what the applicant has typed so far (kept across sign-outs and devices).

    `changes` holds stored keys of `Answers` ("questions", "attestation", ...); the keys
    it names are replaced, the others kept. Answers over the size limits are refused
    (ApplicationError) and nothing is written."""
    application = own_application(session, profile_id, application_id)
    if not is_editable(application.status):
        raise ApplicationError("This application can no longer be changed.")
    before = Answers.of(application)
    after = before.updated(changes)
    if after.to_json() == application.answers_json and step == application.current_step:
        return
    labels = {q.key: q.label for q in TYPES[application.app_type].questions}
    problem = after.size_problem(labels)
    if problem:
        raise ApplicationError(problem)
    after.store(application)
    application.current_step = max(0, min(step, MAX_STEP))
    application.updated_at = utcnow()
    session.add(application)
    # Only what changed, shortened: never a whole long answer copied into the audit log.
    changed_before, changed_after = audit_changes(before.to_dict(), after.to_dict())
    audit.record(
        session,
        actor,
        "application.draft_saved",
        "application",
        application_id,
        before=changed_before,
        after={**changed_after, "step": application.current_step},
    )


def discard(session: Session, actor: audit.Actor, profile_id: int, application_id: int) -> None:
    """Delete the applicant's own draft that was never submitted, audited in the same
    transaction. Files uploaded with it stay with their owner, detached (like a deleted
    PD activity's)."""
    application = own_application(session, profile_id, application_id)
    if application.status != DRAFT:
        raise ApplicationError(
            "Only a draft that has not been submitted can be discarded. "
            "A submitted application can be withdrawn from your applications."
        )
    lic = session.get(License, application.license_id) if application.license_id else None
    session.exec(
        update(EvidenceFile)
        .where(EvidenceFile.application_id == application_id)  # type: ignore[arg-type]
        .values(application_id=None)
    )
    # Conditional: a submission from another tab a moment ago wins, and nothing is deleted.
    result = session.exec(
        delete(Application).where(
            Application.id == application_id,  # type: ignore[arg-type]
            Application.applicant_id == profile_id,  # type: ignore[arg-type]
            Application.status == DRAFT,  # type: ignore[arg-type]
        )
    )
    if result.rowcount != 1:
        raise ApplicationError("This application can no longer be discarded.")
    session.expunge(application)
    audit.record(
        session,
        actor,
        "application.draft_discarded",
        "application",
        application_id,
        before={
            "type": application.app_type,
            "license": lic.license_number if lic else "",
            "status": DRAFT,
            "answers": sorted(Answers.of(application).to_dict()),
        },
    )
