"""Every status has a tone (issue 16.6), and a badge that only knows the words it shows
finds the same tone as the status value gives."""

from __future__ import annotations

import pytest

from licensure_app.domain import status
from licensure_app.models.application import APPLICATION_STATUSES
from licensure_app.models.license import LICENSE_STATUSES


@pytest.mark.parametrize(
    "value,tone",
    [
        ("active", status.POSITIVE),
        ("expired", status.NEUTRAL),
        ("suspended", status.CAUTION),
        ("revoked", status.NEGATIVE),
        ("pending", status.PROGRESS),
    ],
)
def test_license_statuses_have_their_colours(value: str, tone: str):
    assert status.license_tone(value) == tone


@pytest.mark.parametrize(
    "value,tone",
    [
        ("draft", status.NEUTRAL),
        ("submitted", status.PROGRESS),
        ("returned", status.CAUTION),
        ("resubmitted", status.PROGRESS),
        ("district_approved", status.PROGRESS),
        ("state_review", status.PROGRESS),
        ("approved", status.POSITIVE),
        ("rejected", status.NEGATIVE),
        ("withdrawn", status.NEUTRAL),
    ],
)
def test_application_statuses_have_their_colours(value: str, tone: str):
    assert status.application_tone(value) == tone


def test_every_status_has_a_known_tone_and_every_tone_is_used():
    tones = {status.application_tone(s) for s in APPLICATION_STATUSES}
    tones |= {status.license_tone(s) for s in LICENSE_STATUSES}
    assert tones == set(status.TONES)


def test_the_words_shown_give_the_same_tone_as_the_value():
    for value in APPLICATION_STATUSES:
        label = status.application_label(value)
        assert status.tone_of_label(label) == status.application_tone(value), value
    for value in LICENSE_STATUSES:
        label = status.license_label(value)
        assert status.tone_of_label(label) == status.license_tone(value), value


def test_unknown_values_and_words_are_neutral():
    assert status.license_tone("archived") == status.NEUTRAL
    assert status.application_tone("lost") == status.NEUTRAL
    assert status.tone_of_label("Archived") == status.NEUTRAL
