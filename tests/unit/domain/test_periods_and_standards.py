"""The period shown after an early renewal, the short date, and working-day ages."""

from __future__ import annotations

from datetime import date

import pytest

from licensure_app.domain.formatting import format_short_date
from licensure_app.domain.renewal_periods import shown_period
from licensure_app.domain.service_standards import stated_days, working_days_between

PRIOR = (date(2022, 4, 30), date(2027, 4, 29))
RENEWED = (date(2027, 4, 30), date(2032, 4, 29))


def test_short_date() -> None:
    assert format_short_date(date(2022, 4, 30)) == "30 Apr 2022"
    assert format_short_date(date(2032, 1, 5)) == "5 Jan 2032"


def test_an_early_renewal_shows_the_current_period_and_the_renewed_one() -> None:
    period = shown_period(*RENEWED, *PRIOR, today=date(2026, 12, 2))
    assert period.renewed_early
    assert (period.current_from, period.current_to) == PRIOR
    assert period.text == "Current: 30 Apr 2022 – 29 Apr 2027 · Renewed through 29 Apr 2032"


@pytest.mark.parametrize(
    ("prior", "today"),
    [
        (PRIOR, date(2027, 4, 30)),  # the renewed period has begun
        (PRIOR, date(2030, 1, 1)),
        ((None, None), date(2026, 12, 2)),  # no early renewal recorded
    ],
)
def test_otherwise_the_stored_period_is_the_one_in_force(
    prior: tuple[date | None, date | None], today: date
) -> None:
    period = shown_period(*RENEWED, *prior, today=today)
    assert not period.renewed_early and period.renewed_through is None
    assert (period.current_from, period.current_to) == RENEWED
    assert period.text == "30 Apr 2027 – 29 Apr 2032"


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 12, 2), date(2026, 12, 2), 0),  # Wednesday, same day
        (date(2026, 12, 2), date(2026, 12, 3), 1),
        (date(2026, 12, 4), date(2026, 12, 7), 1),  # Friday to Monday
        (date(2026, 12, 5), date(2026, 12, 6), 0),  # a weekend
        (date(2026, 12, 2), date(2026, 12, 16), 10),  # two weeks
        (date(2026, 12, 2), date(2026, 11, 30), 0),  # backwards
    ],
)
def test_working_days_between(start: date, end: date, days: int) -> None:
    assert working_days_between(start, end) == days


def test_stated_days_add_the_stages() -> None:
    assert stated_days("renewal", ("district",)) == 10
    assert stated_days("initial", ("district", "state")) == 60
