"""What the applicant (and the state office) is told about each decision.

Each function returns a `Notice`: a subject with nothing private in it (no names, license
numbers or reasons: subjects show on lock screens and in mail logs), what happened (the
in-app line, which may carry the reason), what to do next and where.
"""

from __future__ import annotations

from datetime import date

from licensure_app import routes
from licensure_app.domain.formatting import article, format_date
from licensure_app.domain.notices import Notice

DISTRICT_WORDS = "Your district"
STATE_WORDS = "The state licensure office"


def _decider(by_state: bool) -> str:
    return STATE_WORDS if by_state else DISTRICT_WORDS


def renewal_approved(license_number: str, expires_on: date) -> Notice:
    return Notice(
        subject="Your license renewal was approved",
        what_happened=(
            f"Your renewal was approved: license {license_number} is renewed and now valid "
            f"until {format_date(expires_on)}."
        ),
        next_step=(
            "Nothing more is needed. Your licenses page and the public license look-up show "
            "the new dates, and you can print the renewed license from your licenses page."
        ),
        link=routes.LICENSES,
        link_text="See your licenses",
    )


def forwarded_to_state(title: str) -> Notice:
    return Notice(
        subject="Your application is with the state licensure office",
        what_happened=(
            f"Your district approved your {title} application and forwarded it to the state "
            "licensure office, which now holds it for the final decision."
        ),
        next_step=(
            "Nothing is needed from you now. You will get a message when the state licensure "
            "office decides."
        ),
        link=routes.APPLICATIONS,
        link_text="See your applications",
    )


def approved_by_state(title: str, summary: str) -> Notice:
    return Notice(
        subject="Your application was approved",
        what_happened=f"{STATE_WORDS} approved your {title} application. {summary}".strip(),
        next_step="Nothing more is needed. Your licenses page shows the change.",
        link=routes.LICENSES,
        link_text="See your licenses",
    )


def returned(title: str, reason: str, *, by_state: bool) -> Notice:
    return Notice(
        subject="Your application needs a correction",
        what_happened=(
            f"{_decider(by_state)} returned your {title} application for correction: {reason}"
        ),
        next_step=(
            "Open the application from your applications page, correct what the reason asks "
            "for and submit it again. Nothing more happens with it until you resubmit it."
        ),
        link=routes.APPLICATIONS,
        link_text="Open your applications",
    )


def rejected(title: str, reason: str, *, by_state: bool) -> Notice:
    return Notice(
        subject="A decision on your application",
        what_happened=f"{_decider(by_state)} rejected your {title} application: {reason}",
        next_step=(
            "If you think the decision is wrong, contact the state licensure office. You may "
            "file a new application once you meet what the reason says is missing."
        ),
        link=routes.APPLICATIONS,
        link_text="See your applications",
    )


def waiting_for_state_review(title: str, applicant_name: str, application_id: int) -> Notice:
    """For the state office's staff: a district forwarded an application."""
    kind = article(title)
    return Notice(
        subject="An application is waiting for state review",
        what_happened=(
            f"{kind[:1].upper()}{kind[1:]} application from {applicant_name} is waiting for "
            "state review."
        ),
        next_step="Open it in the approvals queue to review and decide it.",
        link=f"{routes.APPROVALS}?application={application_id}",
        link_text="Open the application",
    )
