"""The demo's approval queues (issue 15 #9): both districts get a queue worth looking at.

About a dozen submitted applications of several types, filed 0 to 70 days ago, by educators
who hold (or, for a first license, seek) a license in the district: in Magnolia one is
assigned to its superintendent, one carries internal notes and one was returned to its
applicant for correction, so a first look at /approvals shows the work queue's tools at
work. The demo teacher (Avery) and Jordan's unclaimed license are left as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from licensure_app.domain.names import clean_name, name_key
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    Account,
    Application,
    ApplicationNote,
    ApplicationTransition,
    District,
    EducatorProfile,
    Endorsement,
    License,
    PDActivity,
)
from licensure_app.models._base import utcnow
from licensure_app.services.rules import load_rules

from .demo_lookup import VALIDITY_YEARS, validity_start

ATTESTATION = {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True}
FIRST_NUMBER = 300100
RETURN_REASON = "Upload the certificate for the summer literacy institute."
ENDORSEMENTS = (
    ("0120", "Elementary Education", "K-6"),
    ("0190", "Mathematics", "7-12"),
    ("0154", "English", "7-12"),
    ("0140", "Biology", "7-12"),
)
NOTES = (
    "Called the provider: the literacy institute certificate is genuine.",
    "Transcript from Mississippi College still on its way; check again next week.",
)


@dataclass(frozen=True)
class DemoApplication:
    first: str
    last: str
    app_type: str
    days_ago: int  # submitted this many days before today
    expires_in: int | None  # days from today to the license's expiry; None: no license yet
    license_class: str = "A"
    extra: str = ""  # "assigned", "notes" or "returned"


MAGNOLIA_QUEUE = (
    DemoApplication("Chloe", "Ward", "renewal", 70, 25, extra="returned"),
    DemoApplication("Harper", "Bennett", "renewal", 66, 40),
    DemoApplication("Elijah", "Brooks", "upgrade", 52, 300),
    DemoApplication("Sofia", "Ramirez", "renewal", 45, 75, "AA", extra="assigned"),
    DemoApplication("Noah", "Patel", "additional_endorsement", 33, 500, extra="notes"),
    DemoApplication("Grace", "Kim", "initial", 21, None),
    DemoApplication("Lucas", "Nguyen", "renewal", 9, 120, "AA"),
    DemoApplication("Ethan", "Foster", "renewal", 0, 170),
)
PINE_VALLEY_QUEUE = (
    DemoApplication("Isabella", "Torres", "renewal", 61, 35),
    DemoApplication("James", "Carter", "upgrade", 38, 400),
    DemoApplication("Olivia", "Hughes", "renewal", 24, 90, "AA"),
    DemoApplication("Benjamin", "Reed", "initial", 15, None),
    DemoApplication("Amelia", "Price", "renewal", 6, 140),
    DemoApplication("Henry", "Long", "additional_endorsement", 1, 800),
)


def _submitted_at(today: date, days_ago: int) -> datetime:
    """Mid-morning in the state's time zone, `days_ago` days before today (never later than
    now)."""
    day = today - timedelta(days=days_ago)
    moment = datetime.combine(day, time(9, 30), tzinfo=clock.state_zone()).astimezone(UTC)
    return min(moment, utcnow())


def _applicant(
    session: Session, spec: DemoApplication, number: int, district_id: int | None, today: date
) -> tuple[EducatorProfile, License | None]:
    first, last = clean_name(spec.first), clean_name(spec.last)
    profile = EducatorProfile(
        educator_number=f"E{3000000 + number - FIRST_NUMBER:07d}",
        first_name=first,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
        state="MS",
        employing_district_id=district_id,
    )
    session.add(profile)
    session.flush()
    if spec.expires_in is None:
        return profile, None
    expires_on = today + timedelta(days=spec.expires_in)
    valid_from = validity_start(expires_on, VALIDITY_YEARS)
    lic = License(
        license_number=str(number),
        holder_id=profile.id or 0,
        license_type="Standard",
        license_class=spec.license_class,
        first_issued=valid_from,
        valid_from=valid_from,
        expires_on=expires_on,
        status="active",
    )
    session.add(lic)
    session.flush()
    subject = ENDORSEMENTS[number % len(ENDORSEMENTS)]
    session.add(
        Endorsement(license_id=lic.id, code=subject[0], subject=subject[1], grade_span=subject[2])
    )
    if spec.app_type == "renewal":
        # Enough CEUs inside the validity period for the option chosen.
        session.add(
            PDActivity(
                holder_id=profile.id or 0,
                title="Summer Literacy Institute",
                provider="Mississippi Department of Education",
                kind="ceu",
                amount=5.0,
                completed_on=max(valid_from, today - timedelta(days=spec.days_ago + 30)),
                source="self",
            )
        )
    return profile, lic


def _answers(session: Session, spec: DemoApplication) -> str:
    answers: dict[str, object] = {"attestation": ATTESTATION}
    if spec.app_type == "renewal":
        options = load_rules(session).options_for(spec.license_class)
        if options:
            answers["renewal_option_id"] = options[0].id
    return json.dumps(answers)


def _add_application(
    session: Session,
    spec: DemoApplication,
    number: int,
    district: District,
    superintendent: Account,
    today: date,
) -> None:
    profile, lic = _applicant(session, spec, number, district.id, today)
    submitted = _submitted_at(today, spec.days_ago)
    returned = spec.extra == "returned"
    application = Application(
        applicant_id=profile.id or 0,
        app_type=spec.app_type,
        license_id=lic.id if lic else None,
        license_key=(lic.id or 0) if lic else 0,
        district_id=district.id,
        status="returned" if returned else "submitted",
        answers_json=_answers(session, spec),
        current_step=3,
        created_at=submitted - timedelta(days=1),
        updated_at=submitted + timedelta(days=2) if returned else submitted,
        submitted_at=submitted,
        first_submitted_at=submitted,
    )
    if spec.extra == "assigned":
        application.assigned_to_id = superintendent.id
        application.assigned_at = submitted + timedelta(days=1)
    session.add(application)
    session.flush()
    history = [
        ApplicationTransition(
            application_id=application.id or 0,
            from_status="draft",
            to_status="submitted",
            actor_role=ROLE_EDUCATOR,
            at=submitted,
        )
    ]
    if returned:
        history.append(
            ApplicationTransition(
                application_id=application.id or 0,
                from_status="submitted",
                to_status="returned",
                actor_id=superintendent.id,
                actor_role=ROLE_DISTRICT_APPROVER,
                reason=RETURN_REASON,
                at=submitted + timedelta(days=2),
            )
        )
    session.add_all(history)
    if spec.extra == "notes":
        session.add_all(
            ApplicationNote(
                application_id=application.id or 0,
                author_id=superintendent.id or 0,
                body=body,
                at=submitted + timedelta(days=i + 1),
            )
            for i, body in enumerate(NOTES)
        )


def add_demo_queues(
    session: Session,
    today: date,
    magnolia: District,
    pine_valley: District,
    superintendents: tuple[Account, Account],
) -> int:
    """Both districts' queues; returns how many applications (each with its own applicant)
    were added."""
    number = FIRST_NUMBER
    for queue, district, superintendent in (
        (MAGNOLIA_QUEUE, magnolia, superintendents[0]),
        (PINE_VALLEY_QUEUE, pine_valley, superintendents[1]),
    ):
        for spec in queue:
            _add_application(session, spec, number, district, superintendent, today)
            number += 1
    session.flush()
    return len(MAGNOLIA_QUEUE) + len(PINE_VALLEY_QUEUE)


def license_count() -> int:
    """Licenses the demo queues add (a first-license applicant holds none)."""
    return sum(1 for s in (*MAGNOLIA_QUEUE, *PINE_VALLEY_QUEUE) if s.expires_in is not None)


def activity_count() -> int:
    """PD activities the demo queues add (one per renewal applicant)."""
    return sum(1 for s in (*MAGNOLIA_QUEUE, *PINE_VALLEY_QUEUE) if s.app_type == "renewal")
