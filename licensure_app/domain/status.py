"""The status vocabulary of applications and licenses: values, labels, tones, groups,
predicates.

The values themselves are the tables' check constraints (`models`); everything people
read about a status, and every group of statuses a rule depends on, is defined here once.
"""

from __future__ import annotations

from datetime import date

from ..models.application import APPLICATION_STATUSES, OPEN_STATUSES
from ..models.license import LICENSE_STATUSES

# ---------------------------------------------------------------- applications

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
RESUBMITTED = "resubmitted"
DISTRICT_APPROVED = "district_approved"
STATE_REVIEW = "state_review"
APPROVED = "approved"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

APPLICATION_STATUS_LABELS: dict[str, str] = {
    DRAFT: "Draft",
    SUBMITTED: "Submitted",
    RETURNED: "Returned for correction",
    RESUBMITTED: "Resubmitted",
    DISTRICT_APPROVED: "Approved by the district",
    STATE_REVIEW: "In state review",
    APPROVED: "Approved",
    REJECTED: "Rejected",
    WITHDRAWN: "Withdrawn",
}
assert tuple(APPLICATION_STATUS_LABELS) == APPLICATION_STATUSES

# The applicant may still change these.
EDITABLE = (DRAFT, RETURNED)
# The applicant may withdraw before a decision (SPEC §2).
WITHDRAWABLE = OPEN_STATUSES
# The district decides these; the state office decides what the district forwards.
DISTRICT_STAGE = (SUBMITTED, RESUBMITTED)
STATE_STAGE = (STATE_REVIEW,)
# The district's decision ends its stage: an approval, a forward to the state or a rejection.
DISTRICT_DECISIONS = (APPROVED, DISTRICT_APPROVED, REJECTED)
# Everything an approver may see: drafts stay private to the applicant until submitted.
VISIBLE_TO_APPROVERS = tuple(s for s in APPLICATION_STATUSES if s != DRAFT)


def application_label(status: str) -> str:
    """ "Returned for correction" for "returned"; an unknown value as it is."""
    return APPLICATION_STATUS_LABELS.get(status, status)


def is_editable(status: str) -> bool:
    return status in EDITABLE


def is_withdrawable(status: str) -> bool:
    return status in WITHDRAWABLE


# ---------------------------------------------------------------- licenses

LICENSE_ACTIVE = "active"
LICENSE_EXPIRED = "expired"

LICENSE_STATUS_LABELS: dict[str, str] = {
    "active": "Active",
    "expired": "Expired",
    "suspended": "Suspended",
    "revoked": "Revoked",
    "pending": "Pending",
}
assert tuple(LICENSE_STATUS_LABELS) == LICENSE_STATUSES


def license_label(status: str) -> str:
    return LICENSE_STATUS_LABELS.get(status, status.capitalize())


def effective_license_status(status: str, expires_on: date, today: date) -> str:
    """The stored status, except that an active license past its expiry date is expired.

    The stored status is updated by batch jobs; holders and the public must not see a
    lapsed license as active whatever the nightly run has done yet."""
    if status == LICENSE_ACTIVE and expires_on < today:
        return LICENSE_EXPIRED
    return status


# ---------------------------------------------------------------- tones (issue 16.6)

# Every status is shown with its word and a colour (`components.status.status_badge`); the
# colour is one of these tones, styled once in assets/styles.css at 4.5:1 or more.
POSITIVE = "positive"  # green
PROGRESS = "progress"  # blue: on its way, nothing wrong
CAUTION = "caution"  # amber: needs attention
NEGATIVE = "negative"  # red
NEUTRAL = "neutral"  # grey: over, or not yet anything
TONES = (POSITIVE, PROGRESS, CAUTION, NEGATIVE, NEUTRAL)

APPLICATION_STATUS_TONES: dict[str, str] = {
    DRAFT: NEUTRAL,
    SUBMITTED: PROGRESS,
    RETURNED: CAUTION,
    RESUBMITTED: PROGRESS,
    DISTRICT_APPROVED: PROGRESS,
    STATE_REVIEW: PROGRESS,
    APPROVED: POSITIVE,
    REJECTED: NEGATIVE,
    WITHDRAWN: NEUTRAL,
}
assert tuple(APPLICATION_STATUS_TONES) == APPLICATION_STATUSES

LICENSE_STATUS_TONES: dict[str, str] = {
    "active": POSITIVE,
    "expired": NEUTRAL,
    "suspended": CAUTION,
    "revoked": NEGATIVE,
    "pending": PROGRESS,
}
assert tuple(LICENSE_STATUS_TONES) == LICENSE_STATUSES

# A badge is given the words it shows (every page row already carries them); the words of
# the two vocabularies are all different, so they name the tone as well as the value does.
TONE_BY_LABEL: dict[str, str] = {
    **{APPLICATION_STATUS_LABELS[s]: t for s, t in APPLICATION_STATUS_TONES.items()},
    **{LICENSE_STATUS_LABELS[s]: t for s, t in LICENSE_STATUS_TONES.items()},
}
assert len(TONE_BY_LABEL) == len(APPLICATION_STATUSES) + len(LICENSE_STATUSES)


def application_tone(status: str) -> str:
    return APPLICATION_STATUS_TONES.get(status, NEUTRAL)


def license_tone(status: str) -> str:
    return LICENSE_STATUS_TONES.get(status, NEUTRAL)


def tone_of_label(label: str) -> str:
    """The tone of a status shown as `label` ("Returned for correction" -> caution);
    neutral for words that are no status."""
    return TONE_BY_LABEL.get(label, NEUTRAL)
