"""Renewal dates: validity periods, the renewal and upgrade windows, provisional licenses.

Pure functions; every number comes from `Rules` (the rule tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .formatting import format_short_date
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


@dataclass(frozen=True)
class ShownPeriod:
    """The validity period people should read today.

    After an early renewal (approved before the current period ended) the stored period is
    the renewed one, which has not begun yet: the license is valid now under the prior
    period, and `renewed_through` is the end of the renewed one.
    """

    current_from: date
    current_to: date
    renewed_from: date | None = None
    renewed_through: date | None = None

    @property
    def renewed_early(self) -> bool:
        return self.renewed_through is not None

    @property
    def text(self) -> str:
        """ "Current: 30 Apr 2022 – 29 Apr 2027 · Renewed through 29 Apr 2032"; without an
        early renewal, "30 Apr 2022 – 29 Apr 2027"."""
        current = f"{format_short_date(self.current_from)} – {format_short_date(self.current_to)}"
        if self.renewed_through is None:
            return current
        return f"Current: {current} · Renewed through {format_short_date(self.renewed_through)}"


def shown_period(
    valid_from: date,
    expires_on: date,
    prior_valid_from: date | None,
    prior_expires_on: date | None,
    today: date,
) -> ShownPeriod:
    """The period in force today: the prior one while an early renewal waits to begin."""
    if (
        prior_valid_from is not None
        and prior_expires_on is not None
        and today < valid_from
        and prior_expires_on < valid_from
    ):
        return ShownPeriod(prior_valid_from, prior_expires_on, valid_from, expires_on)
    return ShownPeriod(valid_from, expires_on)
