"""The state's calendar day: deadlines and completion dates use it, not the server's UTC date."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from licensure_app import settings
from licensure_app.models._base import utcnow


def today() -> date:
    """Today in the state's time zone (an educator at 11 pm must not see tomorrow's date)."""
    try:
        zone = ZoneInfo(settings.state_timezone())
    except ZoneInfoNotFoundError:
        zone = ZoneInfo("UTC")
    return utcnow().astimezone(zone).date()


def now_text() -> str:
    """The state's wall-clock time, for "Draft saved 10:42 PM"."""
    try:
        zone = ZoneInfo(settings.state_timezone())
    except ZoneInfoNotFoundError:
        zone = ZoneInfo("UTC")
    return utcnow().astimezone(zone).strftime("%-I:%M %p")
