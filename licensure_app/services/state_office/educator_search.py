"""Finding an educator's record: by name or previous name, email, educator ID or license
number. Each form of query is one indexed look-up (names by the *_key prefix indexes,
previous names in the small table of approved name changes), capped at SEARCH_CAP."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import sorted_name
from licensure_app.domain.names import name_key
from licensure_app.models import Account, District, EducatorProfile, License, NameChangeRequest
from licensure_app.services.licensing import normalise_license_number

SEARCH_CAP = 25
MAX_QUERY = 100
_EDUCATOR_ID = re.compile(r"^E\d{4,12}$", re.IGNORECASE)
_LICENSE_NUMBER = re.compile(r"^[\d\s-]{4,16}$")


@dataclass(frozen=True)
class EducatorHit:
    educator_number: str
    name: str
    previous_names: str
    email: str
    district: str
    licenses: str  # "100200 Standard AA (active)", comma separated


def _prefix(key: str):  # noqa: ANN202
    """`column` between key and key + the highest character: an index range, not LIKE."""
    return key, key + "\U0010ffff"


def _by_name(session: Session, words: list[str]) -> list[int]:
    keys = [name_key(w) for w in words if name_key(w)]
    if not keys:
        return []
    last_lo, last_hi = _prefix(keys[0] if len(keys) == 1 else keys[-1])
    query = select(EducatorProfile.id).where(
        col(EducatorProfile.last_name_key) >= last_lo, col(EducatorProfile.last_name_key) < last_hi
    )
    if len(keys) > 1:  # "Avery Thompson": first then last
        first_lo, first_hi = _prefix(keys[0])
        query = query.where(
            col(EducatorProfile.first_name_key) >= first_lo,
            col(EducatorProfile.first_name_key) < first_hi,
        )
    found = list(session.exec(query.limit(SEARCH_CAP)).all())
    if len(keys) == 2 and len(found) < SEARCH_CAP:  # "Thompson, Avery" or "Thompson Avery"
        lo, hi = _prefix(keys[0])
        f_lo, f_hi = _prefix(keys[1])
        found += session.exec(
            select(EducatorProfile.id)
            .where(
                col(EducatorProfile.last_name_key) >= lo, col(EducatorProfile.last_name_key) < hi
            )
            .where(
                col(EducatorProfile.first_name_key) >= f_lo,
                col(EducatorProfile.first_name_key) < f_hi,
            )
            .limit(SEARCH_CAP)
        ).all()
    return [i for i in found if i is not None]


def _by_previous_name(session: Session, words: list[str]) -> list[int]:
    # Approved name changes are few; their previous names are compared case-insensitively.
    last = words[-1].casefold()
    rows = session.exec(
        select(NameChangeRequest.profile_id, NameChangeRequest.previous_last_name)
        .where(NameChangeRequest.status == "approved")
        .limit(5000)
    ).all()
    return [pid for pid, previous in rows if name_key(previous).startswith(name_key(last))]


def _profile_ids(session: Session, text: str) -> list[int]:
    if "@" in text:
        return [
            pid
            for pid in session.exec(
                select(EducatorProfile.id)
                .join(Account, col(Account.id) == col(EducatorProfile.account_id))
                .where(Account.email == text.lower())
            ).all()
            if pid is not None
        ]
    if _EDUCATOR_ID.match(text):
        return [
            pid
            for pid in session.exec(
                select(EducatorProfile.id).where(EducatorProfile.educator_number == text.upper())
            ).all()
            if pid is not None
        ]
    if _LICENSE_NUMBER.match(text):
        number = normalise_license_number(text)
        return list(session.exec(select(License.holder_id).where(License.license_number == number)))
    words = [w for w in re.split(r"[\s,]+", text) if w]
    ids = _by_name(session, words)
    return ids + [i for i in _by_previous_name(session, words) if i not in ids]


def search_educators(session: Session, query: str) -> list[EducatorHit]:
    """The educators the query names, by name (at most SEARCH_CAP)."""
    text = query.strip()
    if not text or len(text) > MAX_QUERY:
        return []
    ids = list(dict.fromkeys(_profile_ids(session, text)))[:SEARCH_CAP]
    if not ids:
        return []
    profiles = session.exec(select(EducatorProfile).where(col(EducatorProfile.id).in_(ids))).all()
    emails = dict(
        session.exec(
            select(Account.id, Account.email).where(
                col(Account.id).in_([p.account_id for p in profiles if p.account_id])
            )
        ).all()
    )
    districts = dict(session.exec(select(District.id, District.name)).all())
    licenses: dict[int, list[str]] = {}
    for lic in session.exec(select(License).where(col(License.holder_id).in_(ids))):
        licenses.setdefault(lic.holder_id, []).append(
            f"{lic.license_number} {lic.license_type} {lic.license_class} ({lic.status})"
        )
    hits = [
        EducatorHit(
            educator_number=p.educator_number,
            name=sorted_name(p.first_name, p.middle_name, p.last_name),
            previous_names=p.previous_names,
            email=emails.get(p.account_id or 0, ""),
            district=districts.get(p.employing_district_id or 0, "No district"),
            licenses=", ".join(licenses.get(p.id or 0, [])),
        )
        for p in profiles
    ]
    return sorted(hits, key=lambda h: (h.name.casefold(), h.educator_number))
