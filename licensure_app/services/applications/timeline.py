"""What is still ahead of an application, who holds it now, and how long it usually takes.

Pure functions over the application type's data (`domain.application_types`: who decides)
and the stated processing times (`domain.service_standards`): no step is written per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...domain import service_standards as standards
from ...domain.application_types import DISTRICT_THEN_STATE, TYPES
from ...domain.formatting import plural
from ...domain.status import (
    DISTRICT_APPROVED,
    DISTRICT_STAGE,
    DRAFT,
    RETURNED,
    STATE_REVIEW,
)

STATE_OFFICE = "State licensure office"
RETURNED_TO_YOU = "Returned to you"
NOT_SUBMITTED = "You (not submitted yet)"
# Who holds the district stage when the applicant has no employing district on file (or is
# an approver filing their own application): the state office sees every application.
NO_DISTRICT = "the state licensure office (no employing district on file)"


@dataclass(frozen=True)
class UpcomingStep:
    """A step still to come; `current` marks the one the application is at now."""

    label: str = ""
    current: bool = False


def review_stages(app_type: str) -> tuple[str, ...]:
    """The review stages the type goes through: the district, then (for every type the state
    office decides) the state."""
    definition = TYPES.get(app_type)
    if definition is not None and definition.decided_by == DISTRICT_THEN_STATE:
        return (standards.DISTRICT, standards.STATE)
    return (standards.DISTRICT,)


def _stage_label(stage: str, district_name: str) -> str:
    if stage == standards.STATE:
        return "State review"
    return f"District review — {district_name or NO_DISTRICT}"


def stages_ahead(app_type: str, status: str, returned_by_state: bool = False) -> tuple[str, ...]:
    """The review stages not finished yet (the current one first)."""
    stages = review_stages(app_type)
    if status in (DISTRICT_APPROVED, STATE_REVIEW) or (status == RETURNED and returned_by_state):
        return tuple(s for s in stages if s == standards.STATE)
    if status in (DRAFT, RETURNED, *DISTRICT_STAGE):
        return stages
    return ()  # decided or withdrawn


def upcoming_steps(
    app_type: str, status: str, district_name: str, returned_by_state: bool = False
) -> list[UpcomingStep]:
    """The steps still to come, the current one marked."""
    ahead = stages_ahead(app_type, status, returned_by_state)
    steps: list[UpcomingStep] = []
    if status == DRAFT:
        steps.append(UpcomingStep("Submit your application", current=True))
    elif status == RETURNED:
        steps.append(UpcomingStep("Correct and resubmit (you)", current=True))
    waiting = status in (DRAFT, RETURNED)
    for n, stage in enumerate(ahead):
        steps.append(
            UpcomingStep(_stage_label(stage, district_name), current=n == 0 and not waiting)
        )
    return steps


def holder(status: str, district_name: str) -> str:
    """Who holds the application now ("" once it is decided or withdrawn)."""
    if status == DRAFT:
        return NOT_SUBMITTED
    if status == RETURNED:
        return RETURNED_TO_YOU
    if status in DISTRICT_STAGE:
        return district_name or STATE_OFFICE
    if status in (DISTRICT_APPROVED, STATE_REVIEW):
        return STATE_OFFICE
    return ""


def processing_text(
    app_type: str,
    status: str,
    submitted_on: date | None,
    today: date,
    returned_by_state: bool = False,
) -> str:
    """The stated processing time of what is ahead against the application's age:
    "The district usually decides within 10 working days. Submitted 3 working days ago." """
    ahead = stages_ahead(app_type, status, returned_by_state)
    if not ahead or submitted_on is None:
        return ""
    stated = standards.processing_time(app_type, ahead)
    age = standards.working_days_between(submitted_on, today)
    aged = "Submitted today." if age == 0 else f"Submitted {plural(age, 'working day')} ago."
    total = standards.stated_days(app_type, review_stages(app_type))
    if age > total:
        aged += f" That is longer than the usual {total} working days in all."
    return f"{stated} {aged}"
