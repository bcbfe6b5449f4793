"""Public disciplinary notices on a license: state staff record them, with an effective date
and whether the public may see them, and may hide or show one later.

Each change is audited in the caller's transaction. The public verification page reads the
notices through `services.lookup` (only visible ones whose effective date has come).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_date
from licensure_app.models import NOTICE_MAX_CHARACTERS, DisciplinaryNotice, License
from licensure_app.services import audit

from ..licensing.license_facts import LICENSE_NUMBER_MAX, normalise_license_number
from .access import require_staff

NOTICE_RECORDED = "Disciplinary notice recorded"


@dataclass(frozen=True)
class StaffNoticeRow:
    """One notice as the state office's panel lists it."""

    notice_id: int
    effective_on: str
    body: str
    public: bool
    # "Shown publicly", "Shown publicly from 1 March 2027" or "Hidden from the public".
    visibility: str


def find_license(session: Session, number: str) -> License | None:
    number = normalise_license_number(number)
    if not number or len(number) > LICENSE_NUMBER_MAX:
        return None
    return session.exec(select(License).where(License.license_number == number)).first()


def _clean(body: str) -> str:
    return " ".join(body.split())


def record_notice(
    session: Session,
    actor: audit.Actor,
    license_number: str,
    body: str,
    effective_on: date | None,
    public: bool,
) -> dict[str, str]:
    """Record a notice on a license; field -> message errors (nothing written if any).

    The effective date may lie ahead: the notice shows publicly from that day on.
    """
    require_staff(actor)
    body = _clean(body)
    errors: dict[str, str] = {}
    lic = find_license(session, license_number)
    if lic is None:
        errors["notice_license"] = "No license has that number."
    if not body:
        errors["notice_body"] = "Enter the notice as the public should read it."
    elif len(body) > NOTICE_MAX_CHARACTERS:
        errors["notice_body"] = f"Use at most {NOTICE_MAX_CHARACTERS} characters."
    if effective_on is None:
        errors["notice_effective"] = "Enter the date the notice takes effect."
    if errors:
        return errors
    assert lic is not None and effective_on is not None
    notice = DisciplinaryNotice(
        license_id=lic.id or 0,
        body=body,
        effective_on=effective_on,
        public=public,
        recorded_by_id=actor.account_id,
    )
    session.add(notice)
    session.flush()
    audit.record(
        session,
        actor,
        "disciplinary_notice.recorded",
        "disciplinary_notice",
        notice.id,
        after={
            "license_id": lic.id,
            "license_number": lic.license_number,
            "body": body,
            "effective_on": effective_on,
            "public": public,
        },
    )
    return {}


def set_notice_visibility(
    session: Session, actor: audit.Actor, notice_id: int, public: bool
) -> bool:
    """Show or hide a notice on the public page; False if there is no such notice or no change."""
    require_staff(actor)
    notice = session.get(DisciplinaryNotice, notice_id)
    if notice is None or notice.public == public:
        return False
    notice.public = public
    session.add(notice)
    audit.record(
        session,
        actor,
        "disciplinary_notice.shown" if public else "disciplinary_notice.hidden",
        "disciplinary_notice",
        notice_id,
        before={"public": not public},
        after={"public": public, "license_id": notice.license_id},
    )
    return True


def _visibility(notice: DisciplinaryNotice, today: date) -> str:
    if not notice.public:
        return "Hidden from the public"
    if notice.effective_on > today:
        return f"Shown publicly from {format_date(notice.effective_on)}"
    return "Shown publicly"


def notices_for_staff(session: Session, license_number: str, today: date) -> list[StaffNoticeRow]:
    """Every notice on the license, newest effective date first (staff see hidden ones)."""
    lic = find_license(session, license_number)
    if lic is None:
        return []
    notices = session.exec(
        select(DisciplinaryNotice)
        .where(DisciplinaryNotice.license_id == lic.id)
        .order_by(col(DisciplinaryNotice.effective_on).desc(), col(DisciplinaryNotice.id).desc())
    ).all()
    return [
        StaffNoticeRow(
            notice_id=n.id or 0,
            effective_on=format_date(n.effective_on),
            body=n.body,
            public=n.public,
            visibility=_visibility(n, today),
        )
        for n in notices
    ]
