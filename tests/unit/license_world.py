"""An educator's licenses for tests: a state record holding a license, a registered
educator, and the actors who act on them."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from licensure_app.models import (
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    EducatorProfile,
    Endorsement,
    License,
)
from licensure_app.services import accounts, audit

TODAY = date(2026, 3, 2)
DOB = date(1988, 4, 12)
NUMBER = "100200"


def state_record(
    session: Session,
    first: str = "Jordan",
    last: str = "Rivera",
    dob: date | None = DOB,
    number: str = NUMBER,
    expires_on: date = date(2029, 6, 30),
    status: str = "active",
    **contact: str,
) -> tuple[EducatorProfile, License]:
    """A state record (profile without an account) holding one license."""
    profile = EducatorProfile(
        educator_number=f"S{number}",
        first_name=first,
        last_name=last,
        first_name_key=first.lower(),
        last_name_key=last.lower(),
        date_of_birth=dob,
        **contact,
    )
    session.add(profile)
    session.flush()
    license = License(
        license_number=number,
        holder_id=profile.id,
        license_type="Standard",
        license_class="A",
        first_issued=date(2019, 7, 1),
        valid_from=date(2024, 7, 1),
        expires_on=expires_on,
        status=status,
    )
    session.add(license)
    session.flush()
    session.add(
        Endorsement(license_id=license.id, code="0154", subject="English", grade_span="7-12")
    )
    session.commit()
    return profile, license


def register(
    session: Session, email: str = "jordan@example.org", first: str = "Jordan", last: str = "Rivera"
) -> tuple[Account, EducatorProfile]:
    account = accounts.register_educator(session, first, last, email, "x")
    session.commit()
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    ).one()
    return account, profile


def educator_actor(account: Account, address: str = "192.0.2.9") -> audit.Actor:
    return audit.Actor(account.id, ROLE_EDUCATOR, address)


def staff_actor(session: Session) -> audit.Actor:
    staff = Account(email="office@example.org", password_hash="x", role=ROLE_STATE_STAFF)
    session.add(staff)
    session.commit()
    return audit.Actor(staff.id, ROLE_STATE_STAFF)
