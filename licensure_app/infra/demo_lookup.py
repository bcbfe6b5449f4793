"""The demo's look-up population: about 2,000 made-up state records, each holding one
license, inserted in bulk. The name pools and `license_dates` also serve the synthetic bulk
loader (infra/synthetic.py). Everything is seeded, so two machines show the same results.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from licensure_app.domain.names import name_key
from licensure_app.models import (
    LICENSE_CLASSES,
    LICENSE_STATUSES,
    LICENSE_TYPES,
    EducatorProfile,
    Endorsement,
    License,
)
from licensure_app.models._base import utcnow

LOOKUP_LICENSES = 2000
FIRST_LOOKUP_NUMBER = 100300
VALIDITY_YEARS = 5

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


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def validity_start(expires_on: date, years: int) -> date:
    """First day of a validity period of `years` that ends on `expires_on`."""
    return years_before(expires_on, years) + timedelta(days=1)


@dataclass(frozen=True)
class LookupCounts:
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


def insert_lookup_licenses(session: Session, today: date, district_ids: list[int]) -> LookupCounts:
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
    return LookupCounts(len(profiles), len(licenses), len(endorsements))
