"""How dates, amounts, names and counts are written for people, defined once."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime


def aware(moment: datetime) -> datetime:
    """`moment` with its UTC zone: SQLite hands back naive datetimes for timezone-aware
    columns, and every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=8192)
def format_date(day: date) -> str:
    """ "30 June 2027": unambiguous for every reader (portable spelling of "%-d %B %Y")."""
    return f"{day.day} {day.strftime('%B %Y')}"


def format_amount(x: float) -> str:
    """An amount for people: 3.0 -> "3", 4.5 -> "4.5", 0.1 + 0.2 -> "0.3" (2 decimals)."""
    rounded = round(x, 2)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def plural(n: int, word: str) -> str:
    """ "1 day", "3 days"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def full_name(first: str, middle: str | None, last: str) -> str:
    """ "Avery J Thompson": the name as it is read aloud."""
    return " ".join(p for p in (first, middle, last) if p)


def sorted_name(first: str, middle: str | None, last: str) -> str:
    """ "Thompson, Avery J": the name as lists sort it."""
    given = f"{first} {middle or ''}".strip()
    return f"{last}, {given}" if given else last


def format_time(moment: datetime) -> str:
    """ "1 December 2026 at 11:06 PM CST": `moment` already in the state's time zone."""
    zone = moment.tzname() or ""
    text = f"{format_date(moment.date())} at {moment.strftime('%I:%M %p').lstrip('0')}"
    return f"{text} {zone}".rstrip()


def article(noun: str) -> str:
    """ "an additional endorsement", "a renewal": the indefinite article for `noun`."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def format_short_date(day: date) -> str:
    """ "30 Apr 2022": a date inside a compact line such as a validity period."""
    return f"{day.day} {day.strftime('%b %Y')}"
