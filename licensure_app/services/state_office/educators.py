"""Finding the educator a state office record is for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import full_name
from licensure_app.models import District, EducatorProfile, License
from licensure_app.services.licensing import normalise_license_number


@dataclass(frozen=True)
class EducatorRef:
    profile_id: int
    name: str
    educator_number: str
    district: str


def find_educator(session: Session, query: str) -> EducatorRef | None:
    """An educator by educator ID (E1234567) or license number."""
    text = query.strip().upper()
    if not text or len(text) > 20:
        return None
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.educator_number == text)
    ).first()
    if profile is None:
        number = normalise_license_number(text)
        profile = session.exec(
            select(EducatorProfile)
            .join(License, col(License.holder_id) == col(EducatorProfile.id))
            .where(License.license_number == number)
        ).first()
    if profile is None:
        return None
    district = (
        session.get(District, profile.employing_district_id)
        if profile.employing_district_id
        else None
    )
    return EducatorRef(
        profile_id=profile.id or 0,
        name=full_name(profile.first_name, profile.middle_name, profile.last_name),
        educator_number=profile.educator_number,
        district=district.name if district else "No district",
    )
