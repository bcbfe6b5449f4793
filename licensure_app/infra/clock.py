"""The state's calendar and clock: deadlines, completion dates and every time shown to people
use the state's time zone (`LICENSURE_TIMEZONE`), not the server's UTC."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from licensure_app import settings
from licensure_app.domain.formatting import aware, format_time
from licensure_app.models._base import utcnow

__all__ = ["aware", "local", "now_text", "show", "state_zone", "today"]


def state_zone() -> tzinfo:
    try:
        return ZoneInfo(settings.state_timezone())
    except ZoneInfoNotFoundError:
        return ZoneInfo("UTC")


def local(moment: datetime) -> datetime:
    """A stored (UTC) time in the state's time zone."""
    return aware(moment).astimezone(state_zone())


def show(moment: datetime) -> str:
    """A stored time as people read it: "30 November 2026 at 11:06 PM CST"."""
    return format_time(local(moment))


def today() -> date:
    """Today in the state's time zone (an educator at 11 pm must not see tomorrow's date)."""
    return local(utcnow()).date()


def now_text() -> str:
    """The state's wall-clock time, for "Draft saved 10:42 PM"."""
    return local(utcnow()).strftime("%-I:%M %p")
