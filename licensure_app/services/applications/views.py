"""The applicant's list of applications: status, timeline, what they may do next.
Dates and times are shown in the state's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from ...domain.application_types import TYPES
from ...domain.formatting import format_date
from ...domain.status import DRAFT, RETURNED, application_label, is_editable, is_withdrawable
from ...infra import clock
from ...models import (
    ROLE_STATE_STAFF,
    Application,
    ApplicationTransition,
    District,
    EducatorProfile,
    License,
)
from . import timeline as ahead
from .timeline import UpcomingStep

# Who made a move, as the applicant reads it.
ROLE_WORDS = {
    "educator": "You",
    "district_approver": "District approver",
    "state_staff": "State licensure office",
    "system": "System",
}


@dataclass(frozen=True)
class TimelineEntry:
    at: str = ""
    status: str = ""
    actor: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ApplicationView:
    application_id: int = 0
    type_title: str = ""
    license_number: str = ""
    status: str = ""
    status_label: str = ""
    submitted_on: str = ""
    can_withdraw: bool = False
    can_continue: bool = False
    # An unsubmitted draft is discarded (deleted), not withdrawn.
    can_discard: bool = False
    return_reason: str = ""
    timeline: list[TimelineEntry] = field(default_factory=list)
    # What is still to come (the current step marked), who holds it now, and the stated
    # processing time against the application's age.
    upcoming: list[UpcomingStep] = field(default_factory=list)
    holder: str = ""
    processing: str = ""


def role_words(role: str) -> str:
    return ROLE_WORDS.get(role, role)


def _entry(t: ApplicationTransition) -> TimelineEntry:
    return TimelineEntry(
        at=clock.show(t.at),
        status=application_label(t.to_status),
        actor=role_words(t.actor_role),
        reason=t.reason,
    )


def _returned_by_state(moves: list[ApplicationTransition]) -> bool:
    returned = [t for t in moves if t.to_status == RETURNED]
    return bool(returned) and returned[-1].actor_role == ROLE_STATE_STAFF


def _view(
    a: Application,
    moves: list[ApplicationTransition],
    license_numbers: dict[int, str],
    district_name: str,
    today: date,
) -> ApplicationView:
    returned = [t for t in moves if t.to_status == RETURNED]
    by_state = _returned_by_state(moves)
    submitted_on = clock.local(a.submitted_at).date() if a.submitted_at else None
    return ApplicationView(
        application_id=a.id or 0,
        type_title=TYPES[a.app_type].title if a.app_type in TYPES else a.app_type,
        license_number=license_numbers.get(a.license_id, "") if a.license_id else "",
        status=a.status,
        status_label=application_label(a.status),
        submitted_on=format_date(submitted_on) if submitted_on else "",
        can_withdraw=is_withdrawable(a.status),
        can_continue=is_editable(a.status),
        can_discard=a.status == DRAFT,
        return_reason=returned[-1].reason if returned and a.status == RETURNED else "",
        timeline=[_entry(t) for t in moves],
        upcoming=ahead.upcoming_steps(a.app_type, a.status, district_name, by_state),
        holder=ahead.holder(a.status, district_name),
        processing=ahead.processing_text(a.app_type, a.status, submitted_on, today, by_state),
    )


def district_names(session: Session, district_ids: list[int]) -> dict[int, str]:
    if not district_ids:
        return {}
    rows = session.exec(
        select(District.id, District.name).where(col(District.id).in_(district_ids))
    ).all()
    return {i: name for i, name in rows if i is not None}


def applications_for(
    session: Session, profile_id: int, today: date | None = None
) -> list[ApplicationView]:
    today = today or clock.today()
    apps = session.exec(
        select(Application)
        .where(Application.applicant_id == profile_id)
        .order_by(Application.id.desc())  # type: ignore[union-attr]
    ).all()
    if not apps:
        return []
    transitions = session.exec(
        select(ApplicationTransition)
        .where(ApplicationTransition.application_id.in_([a.id for a in apps]))  # type: ignore[attr-defined]
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
    profile = session.get(EducatorProfile, profile_id)
    # A draft goes to the district the applicant works in when it is submitted.
    employer = profile.employing_district_id if profile else None
    wanted = {a.district_id for a in apps if a.district_id} | ({employer} if employer else set())
    districts = district_names(session, sorted(wanted))

    def district_of(a: Application) -> str:
        district_id = a.district_id or (employer if a.status == DRAFT else None)
        return districts.get(district_id or 0, "")

    return [
        _view(a, by_app.get(a.id or 0, []), license_numbers, district_of(a), today) for a in apps
    ]


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
