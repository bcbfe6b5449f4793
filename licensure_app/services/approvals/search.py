"""The work queue's "Search applicants": a name, an email or a license number, on indexes.

Each kind of match is one small statement selecting educator profile ids through an index:
- a license number: `license.license_number` (unique index) -> its holder;
- an email (anything with an "@"): a prefix range on `account.email` (unique index) -> the
  profile of that account (`educator_profile.account_id`, unique);
- a name: prefix ranges on the normalised name keys (`ix_educator_profile_name_sort` for
  "last" or "last, first", `ix_educator_profile_first_last_key` for "first last" and for
  one word as a first name).
The queue keeps the applications whose applicant is one of those profiles
(`applicant_id IN (...)`), inside the principal's scope as always: a search never widens it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, false, union
from sqlmodel import col, select

from licensure_app.domain.names import clean_name, name_key
from licensure_app.models import Account, Application, EducatorProfile, License

MAX_SEARCH_CHARACTERS = 100
_NUMBER = re.compile(r"[0-9][0-9 \-]*")


def _prefix(column: Any, prefix: str) -> list[Any]:
    """`column` starts with `prefix`, as one index range (prefix <= column < next)."""
    high = prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))
    return [column >= prefix, column < high]


def _name_statements(text: str) -> list[Select[Any]]:
    if "," in text:
        last, first = (name_key(p).strip(" ,") for p in text.split(",", 1))
        if not last:
            return []
        conditions = _prefix(col(EducatorProfile.last_name_key), last)
        if first:
            conditions += _prefix(col(EducatorProfile.first_name_key), first)
        return [select(EducatorProfile.id).where(*conditions)]
    words = name_key(text).split()
    if not words:
        return []
    # The whole text as a last name ("De la Cruz"), then "first last" at each split.
    statements = [
        select(EducatorProfile.id).where(
            *_prefix(col(EducatorProfile.last_name_key), " ".join(words))
        )
    ]
    if len(words) == 1:  # a first name alone ("Avery")
        statements.append(
            select(EducatorProfile.id).where(
                *_prefix(col(EducatorProfile.first_name_key), words[0])
            )
        )
    for i in range(1, min(len(words), 5)):
        statements.append(
            select(EducatorProfile.id).where(
                *_prefix(col(EducatorProfile.first_name_key), " ".join(words[:i])),
                *_prefix(col(EducatorProfile.last_name_key), " ".join(words[i:])),
            )
        )
    return statements


def match_statements(query: str) -> list[Select[Any]]:
    """The statements selecting the ids of the profiles a search matches (none: no text)."""
    text = clean_name(query or "")[:MAX_SEARCH_CHARACTERS]
    if not text:
        return []
    if "@" in text:
        email = text.lower().replace(" ", "")
        return [
            select(EducatorProfile.id)
            .join(Account, col(Account.id) == col(EducatorProfile.account_id))
            .where(*_prefix(col(Account.email), email))
        ]
    if _NUMBER.fullmatch(text):
        number = re.sub(r"[ \-]", "", text)
        return [select(License.holder_id).where(License.license_number == number)]
    return _name_statements(text)


def search_conditions(query: str) -> list[Any]:
    """WHERE conditions keeping the applications whose applicant the search matches ([] when
    there is no search; a search that can match nobody matches no application)."""
    if not clean_name(query or ""):
        return []
    statements = match_statements(query)
    if not statements:
        return [false()]
    matched = statements[0] if len(statements) == 1 else union(*statements)
    return [col(Application.applicant_id).in_(matched)]
