"""One educator's whole record for state staff (/admin/educators/[educator_id]): profile,
licenses with their public history, PD with its verification, applications with their
timelines and internal notes, what the office recorded, notifications and e-mails, and
the audit trail of the person. Opening it is itself audited (who looked at whose record)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from licensure_app.domain import status
from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import format_amount, format_date, format_time, full_name
from licensure_app.infra import clock
from licensure_app.models import (
    Account,
    Application,
    ApplicationNote,
    ApplicationTransition,
    AuditEvent,
    District,
    EducatorProfile,
    License,
    Notification,
    OutboxEmail,
    PDActivity,
)
from licensure_app.services import audit
from licensure_app.services.lookup.public_record import lookup_license

from .access import require_staff
from .audit_log import AuditRow, audit_rows
from .office_records import OfficeRecordRow, office_record_rows

SHOWN = 50


@dataclass(frozen=True)
class Line:
    """One dated line of a section: when, what, and the details."""

    on: str
    what: str
    details: str


@dataclass(frozen=True)
class LicenseSection:
    license_number: str
    summary: str  # "Standard AA · Active · 30 Apr 2022 – 29 Apr 2027"
    history: list[Line]


@dataclass(frozen=True)
class ApplicationSection:
    title: str  # "Renewal #12 · Submitted"
    link: str
    steps: list[Line]
    notes: list[Line]


@dataclass(frozen=True)
class EducatorRecord:
    profile_id: int
    educator_number: str
    name: str
    previous_names: str
    email: str
    phone: str
    employing_district: str
    licenses: list[LicenseSection]
    activities: list[Line]
    applications: list[ApplicationSection]
    office_records: list[OfficeRecordRow]
    notifications: list[Line]
    emails: list[Line]
    audit_trail: list[AuditRow]


def _when(moment) -> str:  # noqa: ANN001
    return format_time(clock.local(moment)) if moment else ""


def _licenses(session: Session, profile_id: int) -> tuple[list[int], list[LicenseSection]]:
    found = session.exec(
        select(License).where(License.holder_id == profile_id).order_by(col(License.id))
    ).all()
    sections = []
    for lic in found:
        record = lookup_license(session, lic.license_number)
        shown = status.license_label(
            status.effective_license_status(lic.status, lic.expires_on, clock.today())
        )
        period = f"{format_date(lic.valid_from)} – {format_date(lic.expires_on)}"
        sections.append(
            LicenseSection(
                license_number=lic.license_number,
                summary=f"{lic.license_type} {lic.license_class} · {shown} · {period}",
                history=[
                    Line(h.on, h.event, h.details) for h in (record.history if record else ())
                ],
            )
        )
    return [lic.id or 0 for lic in found], sections


def _activities(session: Session, profile_id: int) -> list[Line]:
    rows = session.exec(
        select(PDActivity)
        .where(PDActivity.holder_id == profile_id)
        .order_by(col(PDActivity.completed_on).desc())
        .limit(SHOWN)
    ).all()
    return [
        Line(
            format_date(a.completed_on),
            f"{a.title} ({format_amount(a.amount)} {a.kind.replace('_', ' ')})",
            "Voided: " + a.void_reason
            if a.voided_at
            else f"{a.provider} · {a.verification}"
            + (f" on {_when(a.verified_at)}" if a.verified_at else "")
            + (f": {a.verification_reason}" if a.verification_reason else ""),
        )
        for a in rows
    ]


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(
        session.exec(select(Account.id, Account.display_name).where(col(Account.id).in_(ids))).all()
    )


def _applications(session: Session, profile_id: int) -> list[ApplicationSection]:
    apps = session.exec(
        select(Application)
        .where(Application.applicant_id == profile_id)
        .order_by(col(Application.id).desc())
        .limit(SHOWN)
    ).all()
    ids = [a.id for a in apps]
    steps = session.exec(
        select(ApplicationTransition)
        .where(col(ApplicationTransition.application_id).in_(ids))
        .order_by(col(ApplicationTransition.id))
    ).all()
    notes = session.exec(
        select(ApplicationNote)
        .where(col(ApplicationNote.application_id).in_(ids))
        .order_by(col(ApplicationNote.id))
    ).all()
    names = _names(
        session, {s.actor_id for s in steps if s.actor_id} | {n.author_id for n in notes}
    )
    sections = []
    for app in apps:
        kind = TYPES[app.app_type].title if app.app_type in TYPES else app.app_type
        sections.append(
            ApplicationSection(
                title=f"{kind} #{app.id} · {status.application_label(app.status)}",
                link=f"/approvals?application={app.id}",
                steps=[
                    Line(
                        _when(s.at),
                        status.application_label(s.to_status),
                        " · ".join(x for x in (names.get(s.actor_id or 0, ""), s.reason) if x),
                    )
                    for s in steps
                    if s.application_id == app.id
                ],
                notes=[
                    Line(_when(n.at), names.get(n.author_id, ""), n.body)
                    for n in notes
                    if n.application_id == app.id
                ],
            )
        )
    return sections


def _messages(session: Session, account: Account | None) -> tuple[list[Line], list[Line]]:
    if account is None:
        return [], []
    notes = session.exec(
        select(Notification)
        .where(Notification.recipient_id == account.id)
        .order_by(col(Notification.id).desc())
        .limit(SHOWN)
    ).all()
    mails = session.exec(
        select(OutboxEmail)
        .where(OutboxEmail.to_address == account.email)
        .order_by(col(OutboxEmail.id).desc())
        .limit(SHOWN)
    ).all()
    return (
        [Line(_when(n.created_at), n.text, n.link) for n in notes],
        [Line(_when(m.sent_at or m.created_at), m.subject, m.status) for m in mails],
    )


def _audit_trail(session: Session, entities: list[tuple[str, list[int]]]) -> list[AuditRow]:
    """The newest events about the person's profile, account, licenses, applications and
    activities (each (entity_type, entity_id) pair is the audit table's index)."""
    conditions = [
        (col(AuditEvent.entity_type) == kind) & col(AuditEvent.entity_id).in_([str(i) for i in ids])
        for kind, ids in entities
        if ids
    ]
    found = session.exec(
        select(AuditEvent, Account.email)
        .join(Account, col(Account.id) == col(AuditEvent.actor_id), isouter=True)
        .where(or_(*conditions))
        .order_by(col(AuditEvent.id).desc())
        .limit(SHOWN)
    ).all()
    return audit_rows(session, list(found))


def educator_record(
    session: Session, actor: audit.Actor, educator_number: str
) -> EducatorRecord | None:
    """The record of the educator with this educator ID, or None; the look is audited in
    the caller's transaction (the caller commits)."""
    require_staff(actor)
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.educator_number == educator_number.upper())
    ).first()
    if profile is None or profile.id is None:
        return None
    pid = profile.id
    account = session.get(Account, profile.account_id) if profile.account_id else None
    district = (
        session.get(District, profile.employing_district_id)
        if profile.employing_district_id
        else None
    )
    license_ids, licenses = _licenses(session, pid)
    app_ids = [
        a for a in session.exec(select(Application.id).where(Application.applicant_id == pid)) if a
    ]
    activity_ids = [
        a for a in session.exec(select(PDActivity.id).where(PDActivity.holder_id == pid)) if a
    ]
    notifications, emails = _messages(session, account)
    trail = _audit_trail(
        session,
        [
            ("educator_profile", [pid]),
            ("account", [account.id or 0] if account else []),
            ("license", license_ids),
            ("application", app_ids),
            ("pd_activity", activity_ids),
        ],
    )
    audit.record(session, actor, "educator.record_viewed", "educator_profile", pid)
    return EducatorRecord(
        profile_id=pid,
        educator_number=profile.educator_number,
        name=full_name(profile.first_name, profile.middle_name, profile.last_name),
        previous_names=profile.previous_names or "None",
        email=account.email if account else "No account yet",
        phone=profile.phone,
        employing_district=district.name if district else "No district",
        licenses=licenses,
        activities=_activities(session, pid),
        applications=_applications(session, pid),
        office_records=office_record_rows(session, pid),
        notifications=notifications,
        emails=emails,
        audit_trail=trail,
    )
