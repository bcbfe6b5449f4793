"""Holders for the look-up tests: people with private details the look-up must never show."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta

from sqlmodel import Session

from licensure_app.domain.names import name_key
from licensure_app.models import EducatorProfile, Endorsement, License
from licensure_app.services import lookup

TODAY = date(2026, 11, 24)
_numbers = itertools.count(500_000)


def person(
    session: Session,
    first: str,
    last: str,
    *,
    middle: str = "",
    licenses: int = 1,
    status: str = "active",
    expires_on: date | None = None,
    date_of_birth: date = date(1988, 4, 12),
    phone: str = "662-555-0187",
) -> tuple[EducatorProfile, list[License]]:
    """A holder (with private details the look-up must never show) and their licenses."""
    profile = EducatorProfile(
        educator_number=f"E{uuid.uuid4().hex[:9]}",
        first_name=first,
        middle_name=middle,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
        date_of_birth=date_of_birth,
        phone=phone,
        street="27 Pine Ridge Road",
        city="Tupelo",
        state="MS",
        zip_code="38801",
    )
    session.add(profile)
    session.flush()
    expires = expires_on or TODAY + timedelta(days=400)
    made = []
    for _ in range(licenses):
        lic = License(
            license_number=str(next(_numbers)),
            holder_id=profile.id,
            license_type="Standard",
            license_class="AA",
            first_issued=expires - timedelta(days=3000),
            valid_from=expires - timedelta(days=1826),
            expires_on=expires,
            status=status,
        )
        session.add(lic)
        session.flush()
        session.add(
            Endorsement(
                license_id=lic.id, code="0120", subject="Elementary Education", grade_span="K-6"
            )
        )
        made.append(lic)
    session.flush()
    return profile, made


def search(session: Session, query: str, **kwargs: object) -> lookup.LookupPage:
    assert lookup.query_problem(query) is None, query
    return lookup.search_licenses(session, query, today=TODAY, **kwargs)  # type: ignore[arg-type]


def names(page: lookup.LookupPage) -> list[str]:
    return [r.name for r in page.rows]
