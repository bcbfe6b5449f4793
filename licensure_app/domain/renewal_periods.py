"""Renewal dates: validity periods, the renewal and upgrade windows, provisional licenses.

Pure functions; every number comes from `Rules` (the rule tables).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from .rules import Rules

if TYPE_CHECKING:
    from .renewal import LicenseFacts

PROVISIONAL_TYPE = "Provisional"


def _anniversary(d: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls on 1 March in common years, so
    a period starting on 29 February still ends on the last day of February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return date(d.year + years, 3, 1)


def _validity_years(rules: Rules) -> int:
    return int(rules.setting("standard_validity_years"))


def is_provisional(license: LicenseFacts, rules: Rules) -> bool:
    """Provisional by type, or issued for less than the standard number of years.

    The period is inclusive (1 July 2022 to 30 June 2027 is five full years), so it is short
    when the anniversary of valid_from falls after the day following expires_on.
    """
    if license.license_type == PROVISIONAL_TYPE:
        return True
    end_of_full_period = _anniversary(license.valid_from, _validity_years(rules))
    return end_of_full_period > license.expires_on + timedelta(days=1)


def renewal_window_opens(expires_on: date, rules: Rules) -> date:
    """The first day a renewal may be filed."""
    return expires_on - timedelta(days=int(rules.setting("renewal_window_days")))


def upgrade_window(expires_on: date, rules: Rules) -> tuple[date, date]:
    """First and last day (inclusive) an upgrade may be filed."""
    return (
        expires_on - timedelta(days=int(rules.setting("upgrade_window_max_days"))),
        expires_on - timedelta(days=int(rules.setting("upgrade_window_min_days"))),
    )


def next_validity_period(expires_on: date, rules: Rules) -> tuple[date, date]:
    """The period a renewal grants: from the day after expiry, for the standard years."""
    valid_from = expires_on + timedelta(days=1)
    return valid_from, _anniversary(valid_from, _validity_years(rules)) - timedelta(days=1)
