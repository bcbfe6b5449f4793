"""An educator with an active license, activity forms and tiny evidence files for the PD tests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from licensure_app.models import ROLE_EDUCATOR, EducatorProfile, License
from licensure_app.services import audit, pd

TODAY = date(2026, 11, 24)
PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20
ACTOR = audit.Actor(None, ROLE_EDUCATOR)


def form(**overrides: str) -> pd.ActivityForm:
    values = {
        "title": "Literacy workshop",
        "provider": "MDE",
        "kind": "ceu",
        "amount": "1.5",
        "completed_on": "2026-10-01",
    }
    values.update(overrides)
    return pd.ActivityForm(**values)


def educator(session: Session, number: str = "E0000001", with_license: bool = True) -> int:
    profile = EducatorProfile(educator_number=number, first_name="Avery", last_name="Thompson")
    session.add(profile)
    session.flush()
    if with_license:
        session.add(
            License(
                license_number=number[1:],
                holder_id=profile.id,
                license_type="Standard",
                license_class="AA",
                first_issued=date(2012, 7, 1),
                valid_from=date(2022, 4, 24),
                expires_on=TODAY + timedelta(days=150),
                status="active",
            )
        )
    session.commit()
    return profile.id or 0
