"""How long each review stage usually takes, as the agency states it to applicants.

Plain numbers of working days (Monday to Friday), quoted in the receipt an applicant gets
on submission. A renewal is decided by the district alone; every other type is reviewed
by the district and then decided by the state licensure office.
"""

from __future__ import annotations

from datetime import date, timedelta

DISTRICT = "district"
STATE = "state"

# (stage, application type) -> working days; "" stands for every other type.
REVIEW_WORKING_DAYS: dict[tuple[str, str], int] = {
    (DISTRICT, "renewal"): 10,
    (DISTRICT, ""): 30,
    (STATE, ""): 30,
}


def review_days(app_type: str, stage: str) -> int:
    """The working days the stage usually takes for this type of application."""
    return REVIEW_WORKING_DAYS.get((stage, app_type), REVIEW_WORKING_DAYS[(stage, "")])


def processing_time(app_type: str, stages: tuple[str, ...]) -> str:
    """The stated processing time of the stages still ahead, in one sentence:
    "The district usually decides within 10 working days." """
    if stages == (STATE,):
        return (
            "The state licensure office usually decides within "
            f"{review_days(app_type, STATE)} working days."
        )
    if stages == (DISTRICT,):
        return (
            f"The district usually decides within {review_days(app_type, DISTRICT)} working days."
        )
    return (
        f"The district usually reviews it within {review_days(app_type, DISTRICT)} working days, "
        f"then the state licensure office decides within {review_days(app_type, STATE)} "
        "working days."
    )


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`: 0 on the
    day itself, 1 the next working day."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def stated_days(app_type: str, stages: tuple[str, ...]) -> int:
    """The working days the stages usually take together."""
    return sum(review_days(app_type, stage) for stage in stages)
