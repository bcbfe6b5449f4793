"""Demo data of SPEC section 7: the demo sign-ins, two districts and ~2,000 licenses.

`make run` loads it into an empty database. Everything is deterministic (seeded random),
so two machines show the same look-up results.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert
from sqlmodel import Session, select

from licensure_app.domain.names import clean_name, name_key
from licensure_app.infra import clock
from licensure_app.models import (
    LICENSE_CLASSES,
    LICENSE_STATUSES,
    LICENSE_TYPES,
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
LOOKUP_LICENSES = 2000
FIRST_LOOKUP_NUMBER = 100300
VALIDITY_YEARS = 5

# Sign-ins shown by the CLI and the sign-in page in demo mode: (who, email).
DEMO_SIGN_INS: tuple[tuple[str, str], ...] = (
    ("State licensure office", STATE_EMAIL),
    ("Superintendent, Magnolia County", MAGNOLIA_SUPERINTENDENT_EMAIL),
    ("Superintendent, Pine Valley", PINE_VALLEY_SUPERINTENDENT_EMAIL),
    ("Educator Avery Thompson", TEACHER_EMAIL),
)

# fmt: off
# Name pools for the look-up licenses (also used by the synthetic bulk loader). Accents,
# hyphens and apostrophes are deliberate: the look-up must match them accent-free.
FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty",
    "Anthony", "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew",
    "Emily", "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda",
    "Brian", "Melissa", "Timothy", "Deborah", "Ronald", "Stephanie", "Jason", "Rebecca",
    "Jeffrey", "Sharon", "Ryan", "Laura", "Jacob", "Cynthia", "Gary", "Dorothy", "Nicholas",
    "Amy", "Eric", "Kathleen", "Jonathan", "Angela", "Larry", "Shirley", "Justin", "Brenda",
    "Scott", "Emma", "Brandon", "Anna", "Benjamin", "Pamela", "Samuel", "Nicole", "Gregory",
    "Samantha", "Alexander", "Katherine", "Patrick", "Christine", "Frank", "Helen", "Raymond",
    "Debra", "Jack", "Rachel", "Dennis", "Carolyn", "Jerry", "Janet", "Tyler", "Maria",
    "Aaron", "Olivia", "José", "Zoë", "François", "Chloé", "Renée", "André", "Noémie",
    "Inés", "Jesús", "Sofía", "Ángel", "Zoé", "Léa", "Björn", "Søren", "Mía", "Raúl",
    "Anaïs", "Hélène", "Luís", "Marisol", "Guadalupe", "Xavier", "Keisha", "Jamal", "Aaliyah",
    "DeShawn", "Latoya", "Tremaine", "Imani", "Malik", "Ebony", "Darnell", "Jasmine", "Terrell",
    "Nguyen", "Mai", "Hao", "Wei", "Mei", "Priya", "Arjun", "Anjali", "Rahul", "Fatima",
    "Omar", "Aisha", "Yusuf", "Leila", "Hiroshi", "Yuki", "Kenji", "Sakura", "Min-jun",
    "Ji-woo", "Mary-Kate", "Jean-Luc", "Anne-Marie", "Billy Ray", "Bobbie Jo", "Avery",
    "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Quinn", "Reese", "Skyler", "Dakota",
)
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans",
    "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris",
    "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
    "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson",
    "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster",
    "Jiménez", "Muñoz", "Núñez", "Peña", "Ibáñez", "Gómez", "Martínez", "Sánchez", "Pérez",
    "Brontë", "Lefèvre", "Müller", "Schröder", "Béland", "Côté", "Gagné", "Bélanger",
    "Lévesque", "Dubé", "Thériault", "Østergaard", "Åberg", "Čapek", "Dvořák", "Nowakowski",
    "O'Brien", "O'Connor", "O'Neal", "D'Angelo", "McDonald", "MacKenzie", "DuBois",
    "LaFleur", "St. Clair", "Van der Berg", "De la Cruz", "Smith-Jones", "Garcia-Lopez",
    "Johnson-Reed", "Washington", "Jefferson", "Freeman", "Holloway", "Boyd", "Tran", "Le",
    "Pham", "Huang", "Chen", "Wang", "Zhang", "Singh", "Khan", "Ali", "Hussein", "Tanaka",
    "Suzuki", "Yamamoto", "Park", "Choi", "Okafor", "Adeyemi", "Mensah", "Haddad", "Nasser",
    "Bryant", "Hayes", "Barnes", "Fisher", "Vasquez", "Simmons", "Graham", "Jordan", "Reynolds",
)
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"
# (code, subject, grade span): Mississippi-style endorsement codes.
ENDORSEMENTS: tuple[tuple[str, str, str], ...] = (
    ("0120", "Elementary Education", "K-6"),
    ("0190", "Mathematics", "7-12"),
    ("0192", "Biology", "7-12"),
    ("0193", "Chemistry", "7-12"),
    ("0195", "Physics", "7-12"),
    ("0154", "English", "7-12"),
    ("0158", "Social Studies", "7-12"),
    ("0162", "Spanish", "K-12"),
    ("0163", "French", "K-12"),
    ("0177", "Music Instrumental", "K-12"),
    ("0171", "Visual Art", "K-12"),
    ("0181", "Physical Education", "K-12"),
    ("0182", "Health", "K-12"),
    ("0202", "Special Education Mild/Moderate", "K-12"),
    ("0204", "Early Childhood Education", "Birth-K"),
    ("0221", "Reading Specialist", "K-12"),
    ("0305", "Library Media", "K-12"),
    ("0436", "School Counselor", "K-12"),
    ("0486", "Educational Leadership", "K-12"),
    ("0912", "Speech-Language Pathologist", "K-12"),
    ("0990", "Computer Science", "7-12"),
    ("0943", "Agriculture Science", "7-12"),
    ("0951", "Health Sciences", "7-12"),
    ("0999", "Substitute Teacher", "K-12"),
)
MS_CITIES: tuple[tuple[str, str], ...] = (
    ("Jackson", "39201"),
    ("Hattiesburg", "39401"),
    ("Tupelo", "38801"),
    ("Meridian", "39301"),
    ("Oxford", "38655"),
    ("Starkville", "39759"),
    ("Biloxi", "39530"),
    ("Gulfport", "39501"),
    ("Columbus", "39701"),
    ("Vicksburg", "39180"),
    ("Brookhaven", "39601"),
    ("Laurel", "39440"),
)
STREETS = ("Magnolia", "Oak", "Pine", "Cedar", "Church", "Main", "Lakeland", "Old Canton")
# fmt: on


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


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def validity_start(expires_on: date, years: int) -> date:
    """First day of a validity period of `years` that ends on `expires_on`."""
    return years_before(expires_on, years) + timedelta(days=1)


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
) -> tuple[date, list[Endorsement]]:
    """Avery's and Jordan's licenses: (Avery's valid-from day, the endorsements)."""
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
    return teacher_valid_from, endorsements


def load_demo_data(session: Session, today: date) -> DemoSummary:
    """Create the demo data of SPEC section 7 in the session's transaction (the caller commits)."""
    magnolia = District(code=MAGNOLIA[0], name=MAGNOLIA[1])
    pine_valley = District(code=PINE_VALLEY[0], name=PINE_VALLEY[1])
    session.add_all([magnolia, pine_valley])
    session.flush()
    accounts, state, teacher = _add_accounts(session, magnolia, pine_valley)
    avery, jordan = _add_people(session, teacher, magnolia, pine_valley)
    teacher_valid_from, endorsements = _add_licenses(session, today, avery, jordan)

    pd = _teacher_activities(avery.id, state.id, teacher_valid_from, today)
    session.add_all(pd)
    session.add_all(_teacher_checklist(avery.id, teacher_valid_from))

    lookup = _insert_lookup_licenses(session, today, [magnolia.id, pine_valley.id])
    session.flush()

    summary = DemoSummary(
        accounts=len(accounts),
        districts=2,
        educator_profiles=2 + lookup.educator_profiles,
        licenses=2 + lookup.licenses,
        endorsements=len(endorsements) + lookup.endorsements,
        pd_activities=len(pd),
    )
    audit.record(session, audit.SYSTEM, "demo.loaded", "database", after=asdict(summary))
    return summary


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


@dataclass(frozen=True)
class _LookupCounts:
    educator_profiles: int
    licenses: int
    endorsements: int


def license_dates(
    rng: random.Random, today: date, license_type: str, status: str
) -> tuple[date, date, date]:
    """(first_issued, valid_from, expires_on) consistent with the license's type and status."""
    # A provisional license is issued for less than 5 years; everything else for 5.
    years = rng.randint(1, 3) if license_type == "Provisional" else VALIDITY_YEARS
    span = (years_before(today, -years) - today).days
    if status == "expired":
        expires_on = today - timedelta(days=rng.randint(1, 3 * 365))
    elif status == "pending":
        # Approved, not yet in force.
        expires_on = years_before(today, -years) + timedelta(days=rng.randint(1, 60))
    elif status == "revoked":
        expires_on = today + timedelta(days=rng.randint(-2 * 365, span - 1))
    else:  # active, suspended: inside their validity period today
        expires_on = today + timedelta(days=rng.randint(1, span - 1))
    valid_from = validity_start(expires_on, years)
    renewals = 0 if license_type == "Provisional" else rng.choice((0, 0, 1, 1, 2, 3, 4))
    first_issued = years_before(valid_from, renewals * VALIDITY_YEARS)
    return first_issued, valid_from, expires_on


def _lookup_combinations(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(type, class, status) for `count` licenses: every combination first, then weighted."""
    combos = [(t, c, s) for t in LICENSE_TYPES for c in LICENSE_CLASSES for s in LICENSE_STATUSES]
    statuses = ("active",) * 12 + ("expired",) * 5 + ("pending", "suspended", "revoked")
    while len(combos) < count:
        combos.append(
            (
                rng.choice(("Standard",) * 5 + LICENSE_TYPES),
                rng.choice(("A", "A", "AA", "AA", "AAA", "AAAA")),
                rng.choice(statuses),
            )
        )
    rng.shuffle(combos)
    return combos[:count]


def _lookup_profiles(
    rng: random.Random, district_ids: list[int], now: datetime
) -> list[dict[str, object]]:
    """LOOKUP_LICENSES state records with made-up names and contact details."""
    profiles: list[dict[str, object]] = []
    for i in range(LOOKUP_LICENSES):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        city, zip_code = rng.choice(MS_CITIES)
        profiles.append(
            {
                "educator_number": f"E{1000100 + i:07d}",
                "first_name": first,
                "middle_name": rng.choice(MIDDLE_INITIALS) if rng.random() < 0.4 else "",
                "last_name": last,
                "first_name_key": name_key(first),
                "last_name_key": name_key(last),
                "previous_names": "",
                "date_of_birth": date(
                    rng.randint(1955, 2001), rng.randint(1, 12), rng.randint(1, 28)
                ),
                "phone": f"601-555-{rng.randint(0, 9999):04d}",
                "street": f"{rng.randint(10, 9999)} {rng.choice(STREETS)} Street",
                "city": city,
                "state": "MS",
                "zip_code": zip_code,
                "employing_district_id": rng.choice(district_ids),
                "created_at": now,
                "updated_at": now,
            }
        )
    return profiles


def _lookup_license_rows(
    rng: random.Random,
    today: date,
    holder_ids: Sequence[int],
    combos: list[tuple[str, str, str]],
) -> list[dict[str, object]]:
    """One license per holder, of the holder's (type, class, status) combination."""
    licenses: list[dict[str, object]] = []
    for i, (holder_id, (license_type, license_class, status)) in enumerate(
        zip(holder_ids, combos, strict=True)
    ):
        first_issued, valid_from, expires_on = license_dates(rng, today, license_type, status)
        licenses.append(
            {
                "license_number": str(FIRST_LOOKUP_NUMBER + i),
                "holder_id": holder_id,
                "license_type": license_type,
                "license_class": license_class,
                "first_issued": first_issued,
                "valid_from": valid_from,
                "expires_on": expires_on,
                "status": status,
            }
        )
    return licenses


def _lookup_endorsements(
    rng: random.Random, license_ids: Sequence[int], combos: list[tuple[str, str, str]]
) -> list[dict[str, object]]:
    """One or two endorsements a license; a substitute license gets the substitute one."""
    endorsements: list[dict[str, object]] = []
    for license_id, (license_type, _, _) in zip(license_ids, combos, strict=True):
        if license_type == "Substitute":
            picks = [ENDORSEMENTS[-1]]
        else:
            picks = rng.sample(ENDORSEMENTS[:-1], rng.choice((1, 1, 2)))
        endorsements += [
            {"license_id": license_id, "code": code, "subject": subject, "grade_span": span}
            for code, subject, span in picks
        ]
    return endorsements


def _insert_lookup_licenses(
    session: Session, today: date, district_ids: list[int]
) -> _LookupCounts:
    """About 2,000 licenses without accounts, inserted in bulk (one statement per table)."""
    rng = random.Random(2026)
    now = utcnow()
    combos = _lookup_combinations(rng, LOOKUP_LICENSES)
    profiles = _lookup_profiles(rng, district_ids, now)
    # RETURNING in parameter order gives each profile's id without one round trip per row.
    holder_ids = session.scalars(
        insert(EducatorProfile).returning(EducatorProfile.id, sort_by_parameter_order=True),
        profiles,
    ).all()
    licenses = _lookup_license_rows(rng, today, holder_ids, combos)
    license_ids = session.scalars(
        insert(License).returning(License.id, sort_by_parameter_order=True), licenses
    ).all()
    endorsements = _lookup_endorsements(rng, license_ids, combos)
    session.execute(insert(Endorsement), endorsements)
    return _LookupCounts(len(profiles), len(licenses), len(endorsements))


def demo_today() -> date:
    """The state's calendar day: the demo's dates are relative to the day the app shows."""
    return clock.today()
