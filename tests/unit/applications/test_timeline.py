"""What is still ahead of an application, who holds it, and its age against the stated
processing time (issue 16, item 2): derived from the type's data, not written per page."""

from __future__ import annotations

from datetime import date

import pytest

from licensure_app.services.applications.timeline import (
    UpcomingStep,
    holder,
    processing_text,
    review_stages,
    upcoming_steps,
)

MAGNOLIA = "Magnolia County School District"
DISTRICT_STEP = f"District review — {MAGNOLIA}"


def test_stages_follow_who_decides_the_type() -> None:
    assert review_stages("renewal") == ("district",)
    for code in ("initial", "upgrade", "reactivation", "extension"):
        assert review_stages(code) == ("district", "state")


@pytest.mark.parametrize(
    ("app_type", "status", "by_state", "steps"),
    [
        ("renewal", "submitted", False, [UpcomingStep(DISTRICT_STEP, True)]),
        (
            "initial",
            "submitted",
            False,
            [UpcomingStep(DISTRICT_STEP, True), UpcomingStep("State review", False)],
        ),
        (
            "upgrade",
            "draft",
            False,
            [
                UpcomingStep("Submit your application", True),
                UpcomingStep(DISTRICT_STEP, False),
                UpcomingStep("State review", False),
            ],
        ),
        (
            "renewal",
            "returned",
            False,
            [UpcomingStep("Correct and resubmit (you)", True), UpcomingStep(DISTRICT_STEP, False)],
        ),
        (
            "initial",
            "returned",
            True,
            [UpcomingStep("Correct and resubmit (you)", True), UpcomingStep("State review", False)],
        ),
        ("initial", "state_review", False, [UpcomingStep("State review", True)]),
        ("initial", "district_approved", False, [UpcomingStep("State review", True)]),
        ("renewal", "approved", False, []),
        ("initial", "rejected", False, []),
        ("initial", "withdrawn", False, []),
    ],
)
def test_upcoming_steps(
    app_type: str, status: str, by_state: bool, steps: list[UpcomingStep]
) -> None:
    assert upcoming_steps(app_type, status, MAGNOLIA, by_state) == steps


def test_without_a_district_the_state_office_reviews() -> None:
    (step,) = upcoming_steps("renewal", "submitted", "")
    assert step.label.startswith("District review — the state licensure office")
    assert holder("submitted", "") == "State licensure office"


@pytest.mark.parametrize(
    ("status", "who"),
    [
        ("draft", "You (not submitted yet)"),
        ("submitted", MAGNOLIA),
        ("resubmitted", MAGNOLIA),
        ("returned", "Returned to you"),
        ("district_approved", "State licensure office"),
        ("state_review", "State licensure office"),
        ("approved", ""),
        ("withdrawn", ""),
    ],
)
def test_holder(status: str, who: str) -> None:
    assert holder(status, MAGNOLIA) == who


def test_processing_time_against_the_age() -> None:
    wednesday = date(2026, 12, 2)
    assert processing_text("renewal", "submitted", wednesday, date(2026, 12, 7)) == (
        "The district usually decides within 10 working days. Submitted 3 working days ago."
    )
    assert processing_text("renewal", "submitted", wednesday, wednesday).endswith(
        "Submitted today."
    )
    assert processing_text("initial", "state_review", wednesday, date(2026, 12, 3)) == (
        "The state licensure office usually decides within 30 working days. "
        "Submitted 1 working day ago."
    )
    late = processing_text("renewal", "submitted", wednesday, date(2027, 1, 6))
    assert late.endswith("That is longer than the usual 10 working days in all.")
    assert processing_text("renewal", "approved", wednesday, wednesday) == ""
    assert processing_text("renewal", "draft", None, wednesday) == ""
