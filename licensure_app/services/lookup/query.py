"""Reading a look-up query: what may be searched, and how (a number, or name prefixes).

Also the index ranges a name prefix becomes (`key >= 'smi' AND key < 'smj'`) and the
keyset cursor that continues a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Integer, String, bindparam, func

from licensure_app.domain.names import clean_name, name_key

MIN_QUERY_CHARACTERS = 2
MAX_QUERY_CHARACTERS = 100
# "First Last" is tried at every split of the words; more words than this are not split.
MAX_NAME_WORDS = 5

SEARCH_HELP = (
    "a license number, exactly as printed (for example 1234567)",
    "a last name, or its first letters (Thomp finds Thompson)",
    "last name, comma, first name, each as much as you know (Thompson, Av)",
    "first name then last name (Avery Thompson, or Av Thom)",
)


@dataclass(frozen=True)
class NamePattern:
    """Name keys that must start with these prefixes (an empty first prefix matches any)."""

    last_prefix: str
    first_prefix: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    kind: Literal["number", "name"]
    number: str = ""
    patterns: tuple[NamePattern, ...] = ()


_NUMBER = re.compile(r"[0-9][0-9 \-]*")


def query_problem(query: str) -> str | None:
    """Why the query cannot be searched (too short or too long), or None if it can."""
    text = clean_name(query or "")
    # Counted in the key: accents typed on their own ("\u0301") are not letters to search by.
    letters = sum(1 for ch in name_key(text) if ch not in " ,")
    if letters < MIN_QUERY_CHARACTERS:
        return (
            f"Type at least {MIN_QUERY_CHARACTERS} letters of a name, or a license number, "
            "then search."
        )
    if len(text) > MAX_QUERY_CHARACTERS:
        return f"Type at most {MAX_QUERY_CHARACTERS} characters."
    if "," in text and not name_key(text.split(",", 1)[0]):
        return "Type the last name before the comma, like Thompson, Avery."
    return None


def parse_query(query: str) -> ParsedQuery:
    """How a query is searched. Call query_problem first: this assumes a valid query."""
    text = clean_name(query)
    if _NUMBER.fullmatch(text):
        return ParsedQuery(kind="number", number=re.sub(r"[ \-]", "", text))
    if "," in text:
        last, first = text.split(",", 1)
        return ParsedQuery(
            kind="name", patterns=(NamePattern(name_key(last), name_key(first).strip(" ,")),)
        )
    # A mark typed after a space leaves a space in the key ("ab \u0301" -> "ab "): no word
    # may be empty, since an empty prefix has no range.
    words = name_key(text).split()
    key = " ".join(words)
    # The whole text as a last name ("Van der Berg", "De la Cruz"), then "First Last" at
    # each split ("Billy Ray Smith" is first "billy ray", last "smith").
    patterns = [NamePattern(key)]
    if 1 < len(words) <= MAX_NAME_WORDS:
        patterns += [
            NamePattern(" ".join(words[i:]), " ".join(words[:i])) for i in range(1, len(words))
        ]
    return ParsedQuery(kind="name", patterns=tuple(patterns))


def _prefix_bounds(prefix: str) -> tuple[str, str | None]:
    """[low, high) holding exactly the strings that start with `prefix` in code-point order."""
    last = ord(prefix[-1])
    if last >= 0x10FFFF:  # nothing sorts after it: no upper bound (never typed in practice)
        return prefix, None
    return prefix, prefix[:-1] + chr(last + 1)


@dataclass(frozen=True)
class _Range:
    """`column` starts with a prefix, as one index range: >= low, and < high (the prefix's
    own bound) or <= ceiling (a page cursor, when narrower) or neither. A prefix with no
    upper bound of its own (it ends in the last code point) is also checked by substr()."""

    low: str
    upper: Literal["high", "ceiling"] | None
    bound: str | None  # the value of the upper bound
    prefix: str
    checks_prefix: bool

    @property
    def shape(self) -> tuple[str | None, bool]:
        return self.upper, self.checks_prefix


def _range(prefix: str, *, floor: str | None = None, ceiling: str | None = None) -> _Range:
    """floor / ceiling narrow the range to keys >= floor / <= ceiling (a page cursor): the
    narrowed bound replaces the prefix's own, because SQLite seeks on one bound per side."""
    low, high = _prefix_bounds(prefix)
    if floor is not None and floor > low:
        low = floor
    if ceiling is not None and (high is None or ceiling < high):
        return _Range(low, "ceiling", ceiling, prefix, checks_prefix=high is None)
    if high is not None:
        return _Range(low, "high", high, prefix, checks_prefix=False)
    return _Range(low, None, None, prefix, checks_prefix=True)


def _range_conditions(
    column: Any, name: str, shape: tuple[str | None, bool]
) -> list[ColumnElement[bool]]:
    """The conditions of a _Range of this shape on `column`, its values as bound parameters."""
    upper, checks_prefix = shape
    conditions = [column >= bindparam(f"{name}_low")]
    if upper == "ceiling":
        conditions.append(column <= bindparam(f"{name}_bound"))
    elif upper == "high":
        conditions.append(column < bindparam(f"{name}_bound"))
    if checks_prefix:
        conditions.append(
            func.substr(column, 1, bindparam(f"{name}_length", type_=Integer))
            == bindparam(f"{name}_prefix", type_=String)
        )
    return conditions


def _range_values(name: str, found: _Range) -> dict[str, Any]:
    values: dict[str, Any] = {f"{name}_low": found.low}
    if found.upper is not None:
        values[f"{name}_bound"] = found.bound
    if found.checks_prefix:
        values |= {f"{name}_length": len(found.prefix), f"{name}_prefix": found.prefix}
    return values


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort key of its last holder.

    holder_id is an internal id, the tie-breaker that lets the name index alone give the
    order: a cursor stays on the server (a backend-only state var), never in the page, the
    URL or the state sent to the browser.
    """

    last_key: str
    first_key: str
    holder_id: int
