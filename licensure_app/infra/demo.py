"""Demo data of SPEC section 7: the demo sign-ins, two districts and ~2,000 licenses (the
look-up population is made in `demo_lookup`).

`make run` loads it into an empty database. Everything is deterministic (seeded random),
so two machines show the same look-up results.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from licensure_app.domain.names import clean_name, name_key
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    AssessmentScore,
    BackgroundCheck,
    District,
    EducatorProfile,
    Endorsement,
    License,
    PDActivity,
    TranscriptRecord,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.accounts.passwords import hash_password
from licensure_app.services.licensing import reminders

from . import demo_queue

# The look-up population (and the validity dates it shares with the demo people).
from .demo_lookup import (
    VALIDITY_YEARS,
    insert_lookup_licenses,
    validity_start,
    years_before,
)

DEMO_PASSWORD = "demo-licensure-2026"
STATE_EMAIL = "state.office@demo.example"
MAGNOLIA_SUPERINTENDENT_EMAIL = "superintendent@magnolia.demo.example"
PINE_VALLEY_SUPERINTENDENT_EMAIL = "superintendent@pinevalley.demo.example"
TEACHER_EMAIL = "teacher@magnolia.demo.example"
MAGNOLIA = ("0100", "Magnolia County School District")
PINE_VALLEY = ("0200", "Pine Valley School District")
TEACHER_LICENSE_NUMBER = "100100"
UNCLAIMED_LICENSE_NUMBER = "100200"
UNCLAIMED_DATE_OF_BIRTH = date(1988, 4, 12)
TEACHER_DAYS_TO_EXPIRY = 150

# Sign-ins shown by the CLI and the sign-in page in demo mode: (who, email).
DEMO_SIGN_INS: tuple[tuple[str, str], ...] = (
    ("State licensure office", STATE_EMAIL),
    ("Superintendent, Magnolia County", MAGNOLIA_SUPERINTENDENT_EMAIL),
    ("Superintendent, Pine Valley", PINE_VALLEY_SUPERINTENDENT_EMAIL),
    ("Educator Avery Thompson", TEACHER_EMAIL),
)


@dataclass(frozen=True)
class DemoSummary:
    """How many rows the demo load created."""

    accounts: int
    districts: int
    educator_profiles: int
    licenses: int
    endorsements: int
    pd_activities: int


def database_is_empty(session: Session) -> bool:
    """True when there is no account and no license: the only time demo data may be loaded."""
    accounts = session.exec(select(func.count()).select_from(Account)).one()
    licenses = session.exec(select(func.count()).select_from(License)).one()
    return accounts == 0 and licenses == 0


# Published on purpose: demo accounts only (README, and the sign-in page in demo mode).
DEMO_TOTP_SECRET = "DEMOLICENSUREDEMOLICENSUREDEMOAB"


def _add_accounts(
    session: Session, magnolia: District, pine_valley: District
) -> tuple[list[Account], Account, Account]:
    """The state office, the two superintendents and the teacher: (all, state, teacher)."""
    # One argon2 hash for every demo account: hashing is deliberately slow.
    password_hash = hash_password(DEMO_PASSWORD)

    def account(email: str, role: str, name: str, district_id: int | None = None) -> Account:
        return Account(
            email=email.lower(),
            password_hash=password_hash,
            role=role,
            district_id=district_id,
            display_name=name,
            # Approvers and state staff sign in with a one-time code; the demo accounts come
            # enrolled with a published secret (the sign-in page shows the code in demo mode).
            totp_secret=DEMO_TOTP_SECRET if role != ROLE_EDUCATOR else None,
        )

    state = account(STATE_EMAIL, ROLE_STATE_STAFF, "State Licensure Office")
    magnolia_super = account(
        MAGNOLIA_SUPERINTENDENT_EMAIL, ROLE_DISTRICT_APPROVER, "Dana Whitfield", magnolia.id
    )
    pine_super = account(
        PINE_VALLEY_SUPERINTENDENT_EMAIL, ROLE_DISTRICT_APPROVER, "Marcus Bell", pine_valley.id
    )
    teacher = account(TEACHER_EMAIL, ROLE_EDUCATOR, "Avery Thompson")
    accounts = [state, magnolia_super, pine_super, teacher]
    session.add_all(accounts)
    session.flush()
    magnolia.superintendent_account_id = magnolia_super.id
    pine_valley.superintendent_account_id = pine_super.id
    return accounts, state, teacher


def _add_people(
    session: Session, teacher: Account, magnolia: District, pine_valley: District
) -> tuple[EducatorProfile, EducatorProfile]:
    """Avery (the teacher's profile) and Jordan (a state record nobody has claimed yet)."""
    avery = _profile(
        "Avery",
        "Thompson",
        "E1000001",
        account_id=teacher.id,
        middle_name="Lynn",
        date_of_birth=date(1984, 9, 23),
        phone="601-555-0142",
        street="418 Magnolia Street",
        city="Hattiesburg",
        zip_code="39401",
        district_id=magnolia.id,
    )
    jordan = _profile(
        "Jordan",
        "Rivera",
        "E1000002",
        date_of_birth=UNCLAIMED_DATE_OF_BIRTH,
        phone="662-555-0187",
        street="27 Pine Ridge Road",
        city="Tupelo",
        zip_code="38801",
        district_id=pine_valley.id,
    )
    session.add_all([avery, jordan])
    session.flush()
    return avery, jordan


def _add_licenses(
    session: Session, today: date, avery: EducatorProfile, jordan: EducatorProfile
) -> tuple[License, list[Endorsement]]:
    """Avery's and Jordan's licenses: (Avery's license, the endorsements)."""
    teacher_expires = today + timedelta(days=TEACHER_DAYS_TO_EXPIRY)
    teacher_valid_from = validity_start(teacher_expires, VALIDITY_YEARS)
    teacher_license = License(
        license_number=TEACHER_LICENSE_NUMBER,
        holder_id=avery.id,
        license_type="Standard",
        license_class="AA",
        first_issued=years_before(teacher_valid_from, 2 * VALIDITY_YEARS),
        valid_from=teacher_valid_from,
        expires_on=teacher_expires,
        status="active",
    )
    jordan_expires = years_before(today, -3) + timedelta(days=47)
    jordan_valid_from = validity_start(jordan_expires, VALIDITY_YEARS)
    jordan_license = License(
        license_number=UNCLAIMED_LICENSE_NUMBER,
        holder_id=jordan.id,
        license_type="Standard",
        license_class="A",
        first_issued=jordan_valid_from,
        valid_from=jordan_valid_from,
        expires_on=jordan_expires,
        status="active",
    )
    session.add_all([teacher_license, jordan_license])
    session.flush()
    endorsements = [
        Endorsement(
            license_id=teacher_license.id,
            code="0120",
            subject="Elementary Education",
            grade_span="K-6",
        ),
        Endorsement(
            license_id=teacher_license.id, code="0190", subject="Mathematics", grade_span="7-12"
        ),
        Endorsement(
            license_id=jordan_license.id, code="0154", subject="English", grade_span="7-12"
        ),
    ]
    session.add_all(endorsements)
    return teacher_license, endorsements


def load_demo_data(session: Session, today: date) -> DemoSummary:
    """Create the demo data of SPEC section 7 in the session's transaction (the caller commits)."""
    magnolia = District(code=MAGNOLIA[0], name=MAGNOLIA[1])
    pine_valley = District(code=PINE_VALLEY[0], name=PINE_VALLEY[1])
    session.add_all([magnolia, pine_valley])
    session.flush()
    accounts, state, teacher = _add_accounts(session, magnolia, pine_valley)
    superintendents = (accounts[1], accounts[2])
    avery, jordan = _add_people(session, teacher, magnolia, pine_valley)
    teacher_license, endorsements = _add_licenses(session, today, avery, jordan)

    pd = _teacher_activities(avery.id, state.id, teacher_license.valid_from, today)
    session.add_all(pd)
    session.add_all(_teacher_checklist(avery.id, teacher_license.valid_from))
    session.flush()
    _teacher_reminder(session, teacher_license, teacher, today)

    lookup = insert_lookup_licenses(session, today, [magnolia.id, pine_valley.id])
    session.flush()
    queued = demo_queue.add_demo_queues(session, today, magnolia, pine_valley, superintendents)

    summary = DemoSummary(
        accounts=len(accounts),
        districts=2,
        educator_profiles=2 + lookup.educator_profiles + queued,
        licenses=2 + lookup.licenses + demo_queue.license_count(),
        endorsements=len(endorsements) + lookup.endorsements + demo_queue.license_count(),
        pd_activities=len(pd) + demo_queue.activity_count(),
    )
    audit.record(session, audit.SYSTEM, "demo.loaded", "database", after=asdict(summary))
    return summary


def _teacher_reminder(session: Session, license: License, teacher: Account, today: date) -> None:
    """The teacher's reminder (180 days: she is 150 days from expiry), recorded and sent as
    the daily job sends it, so a first look shows it and the job does not send it again."""
    threshold = reminders.threshold_for((license.expires_on - today).days)
    if threshold is not None and teacher.id is not None:
        reminders.remind(session, license, teacher.id, today, threshold)


def _profile(
    first: str,
    last: str,
    educator_number: str,
    *,
    account_id: int | None = None,
    middle_name: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
    street: str = "",
    city: str = "",
    zip_code: str = "",
    district_id: int | None = None,
) -> EducatorProfile:
    first, last = clean_name(first), clean_name(last)
    return EducatorProfile(
        account_id=account_id,
        educator_number=educator_number,
        first_name=first,
        middle_name=middle_name,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
        date_of_birth=date_of_birth,
        phone=phone,
        street=street,
        city=city,
        state="MS",
        zip_code=zip_code,
        employing_district_id=district_id,
    )


def _teacher_activities(
    holder_id: int, verifier_id: int | None, valid_from: date, today: date
) -> list[PDActivity]:
    """3 CEUs inside the validity period (the tracker reads "3 of 5 CEUs") and 2 CEUs before it."""
    counted = [
        ("Literacy Across the Content Areas", "Mississippi Department of Education", 1.5, 420),
        (
            "Differentiated Instruction in Mathematics",
            "University of Southern Mississippi",
            1.0,
            210,
        ),
        ("Classroom Technology Integration", "Magnolia County School District", 0.5, 45),
    ]
    activities = [
        PDActivity(
            holder_id=holder_id,
            title=title,
            provider=provider,
            kind="ceu",
            amount=amount,
            completed_on=max(valid_from, today - timedelta(days=days_ago)),
            source="self",
        )
        for title, provider, amount, days_ago in counted
    ]
    # The oldest one was checked by the state office: the demo shows both states.
    activities[0].verification = "verified"
    activities[0].verified_by_id = verifier_id
    activities[0].verified_at = utcnow()
    # Completed before the current validity period: shown, but it does not count.
    activities.append(
        PDActivity(
            holder_id=holder_id,
            title="Positive Behavior Supports Institute",
            provider="Mississippi Association of Educators",
            kind="ceu",
            amount=2.0,
            completed_on=valid_from - timedelta(days=90),
            source="self",
        )
    )
    return activities


def _teacher_checklist(holder_id: int, valid_from: date) -> list[object]:
    """Transcripts, background check and assessment scores on the teacher's checklist."""
    degree_day = years_before(valid_from, 2 * VALIDITY_YEARS) - timedelta(days=40)
    return [
        TranscriptRecord(
            holder_id=holder_id,
            institution="University of Southern Mississippi",
            degree="B.S. Elementary Education",
            received_on=degree_day,
        ),
        TranscriptRecord(
            holder_id=holder_id,
            institution="Mississippi College",
            degree="M.Ed. Mathematics Education",
            received_on=years_before(valid_from, 6),
        ),
        BackgroundCheck(holder_id=holder_id, status="cleared", checked_on=valid_from),
        AssessmentScore(
            holder_id=holder_id,
            assessment="Praxis Elementary Education: Multiple Subjects (5001)",
            score=168,
            passing_score=157,
            taken_on=degree_day - timedelta(days=120),
        ),
        AssessmentScore(
            holder_id=holder_id,
            assessment="Praxis Mathematics: Content Knowledge (5161)",
            score=171,
            passing_score=160,
            taken_on=years_before(valid_from, 6) - timedelta(days=60),
        ),
    ]


def demo_today() -> date:
    """The state's calendar day: the demo's dates are relative to the day the app shows."""
    return clock.today()
