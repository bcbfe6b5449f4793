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


def _first_last(session: Session, first: str, last: str) -> list[int]:
    """Profiles whose last name starts with `last` (and first name with `first`, if given):
    a range on the name index."""
    last_lo, last_hi = _prefix(name_key(last))
    query = select(EducatorProfile.id).where(
        col(EducatorProfile.last_name_key) >= last_lo, col(EducatorProfile.last_name_key) < last_hi
    )
    if first:
        first_lo, first_hi = _prefix(name_key(first))
        query = query.where(
            col(EducatorProfile.first_name_key) >= first_lo,
            col(EducatorProfile.first_name_key) < first_hi,
        )
    return [i for i in session.exec(query.limit(SEARCH_CAP)).all() if i is not None]


def _name_splits(text: str) -> list[tuple[str, str]]:
    """(first, last) readings of a name as typed: "Last, First" is unambiguous; "Billy Ray
    Luson" may be first name "Billy Ray" or "Billy", and "Luson Billy" last name first."""
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return [(first, last)] if last else []
    words = text.split()
    if len(words) == 1:
        return [("", words[0])]
    return [
        (" ".join(words[:-1]), words[-1]),
        (words[0], " ".join(words[1:])),
        (" ".join(words[1:]), words[0]),
    ]


def _by_name(session: Session, text: str) -> list[int]:
    found: list[int] = []
    for first, last in _name_splits(text):
        if name_key(last):
            found += [i for i in _first_last(session, first, last) if i not in found]
        if len(found) >= SEARCH_CAP:
            break
    return found


def _by_previous_name(session: Session, text: str) -> list[int]:
    # Approved name changes are few; their previous last names are compared by key.
    readings = _name_splits(text)
    lasts = {name_key(last) for _, last in readings if name_key(last)}
    rows = session.exec(
        select(NameChangeRequest.profile_id, NameChangeRequest.previous_last_name)
        .where(NameChangeRequest.status == "approved")
        .limit(5000)
    ).all()
    return [pid for pid, previous in rows if any(name_key(previous).startswith(k) for k in lasts)]


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
    ids = _by_name(session, text)
    return ids + [i for i in _by_previous_name(session, text) if i not in ids]


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
