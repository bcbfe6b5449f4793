"""Claiming in tests: one claim, committed, from a given client address."""

from __future__ import annotations

from datetime import date, datetime

from license_world import DOB, NUMBER, educator_actor
from sqlmodel import Session

from licensure_app.models import Account
from licensure_app.services import licensing as svc


def claim(
    session: Session,
    account: Account,
    profile_id: int,
    number: str = NUMBER,
    dob: date | None = DOB,
    now: datetime | None = None,
    address: str = "192.0.2.9",
) -> svc.ClaimResult:
    result = svc.claim_license(
        session,
        educator_actor(account, address),
        account.id or 0,
        profile_id,
        number,
        dob,
        now=now,
    )
    session.commit()
    return result
