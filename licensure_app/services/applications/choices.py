"""What the wizard's first step offers: the types, the applicant's licenses, open drafts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ...domain.application_types import TYPES
from ...domain.formatting import format_date
from ...domain.status import EDITABLE, RETURNED
from ...models import Application, License
from .drafts import to_draft


@dataclass(frozen=True)
class TypeChoice:
    code: str = ""
    title: str = ""
    description: str = ""
    needs_license: bool = False


@dataclass(frozen=True)
class LicenseChoice:
    number: str = ""
    label: str = ""


@dataclass(frozen=True)
class DraftLink:
    """An application the applicant may continue (a draft, or one returned for correction)."""

    id: str = ""
    label: str = ""


def type_choices() -> list[TypeChoice]:
    return [TypeChoice(t.code, t.title, t.description, t.needs_license) for t in TYPES.values()]


def license_choices(session: Session, profile_id: int) -> list[LicenseChoice]:
    rows = session.exec(
        select(License).where(License.holder_id == profile_id).order_by(License.expires_on)
    ).all()
    return [
        LicenseChoice(
            number=lic.license_number,
            label=f"{lic.license_number}: {lic.license_type}, Class {lic.license_class} "
            f"({lic.status}, expires {format_date(lic.expires_on)})",
        )
        for lic in rows
    ]


def open_drafts(session: Session, profile_id: int) -> list[DraftLink]:
    rows = session.exec(
        select(Application)
        .where(
            Application.applicant_id == profile_id,
            Application.status.in_(EDITABLE),  # type: ignore[attr-defined]
        )
        .order_by(Application.updated_at.desc())  # type: ignore[union-attr]
    ).all()
    result = []
    for app in rows:
        draft = to_draft(session, app)
        title = TYPES[app.app_type].title
        label = f"{title} of license {draft.license_number}" if draft.license_number else title
        if app.status == RETURNED:
            label += " (returned for correction)"
        result.append(DraftLink(id=str(app.id), label=label))
    return result
