"""Applicants for the end-to-end tests, made directly in the live server's database: an
educator with a license and counted CEUs, and a submitted renewal (the demo teacher stays as
the other tests expect it)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.infra import clock, demo
from licensure_app.models import (
    ROLE_EDUCATOR,
    District,
    EducatorProfile,
    License,
)
from licensure_app.services import accounts, applications, audit, pd
from licensure_app.services.accounts.passwords import hash_password
from licensure_app.services.pd import evidence
from licensure_app.services.rules import load_rules

PASSWORD = "a long and quiet harbour at dawn"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATTESTATION = {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True}
MAGNOLIA_SUPER = demo.MAGNOLIA_SUPERINTENDENT_EMAIL
PINE_SUPER = demo.PINE_VALLEY_SUPERINTENDENT_EMAIL
VERIFY = "I have verified the original certificates or transcripts"
# The queue re-checks every 2 s on the server; allow a few rounds.
LIVE_TIMEOUT = 15_000


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    account_id: int
    profile_id: int
    license_id: int
    number: str


class Db:
    """Short sessions on the live server's database: a writing transaction on SQLite holds
    the write lock, so none may stay open while the browser waits on the server."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine.execution_options(read_only=True)) as session:
            yield session
            session.rollback()


def make_educator(db: Db, first: str, expires_in_days: int = 120, ceus: float = 5.0) -> Person:
    """A Magnolia educator with an account, one Standard AA license and counted CEUs."""
    with db.write() as session:
        return _add_educator(session, first, expires_in_days, ceus)


def _add_educator(db: Db, first: str, expires_in_days: int, ceus: float) -> Person:
    last = f"Approver{uuid.uuid4().hex[:6]}"
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.org"
    account = accounts.register_educator(db, first, last, email, hash_password(PASSWORD))
    profile = db.exec(select(EducatorProfile).where(EducatorProfile.account_id == account.id)).one()
    magnolia = db.exec(select(District).where(District.code == demo.MAGNOLIA[0])).one()
    profile.employing_district_id = magnolia.id
    profile.phone = "601-555-0199"
    db.add(profile)
    expires_on = clock.today() + timedelta(days=expires_in_days)
    valid_from = demo.validity_start(expires_on, 5)
    number = str(8_000_000 + secrets.randbelow(999_999))
    lic = License(
        license_number=number,
        holder_id=profile.id or 0,
        license_type="Standard",
        license_class="AA",
        first_issued=valid_from,
        valid_from=valid_from,
        expires_on=expires_on,
        status="active",
    )
    db.add(lic)
    db.flush()
    actor = audit.Actor(account.id, ROLE_EDUCATOR)
    if ceus:
        saved = pd.add_activity(
            db,
            actor,
            profile.id or 0,
            pd.ActivityForm(
                "Literacy institute",
                "MDE",
                "ceu",
                str(ceus),
                (clock.today() - timedelta(days=20)).isoformat(),
            ),
            clock.today(),
        )
        evidence.store_evidence(
            db, actor, profile.id or 0, "certificate.pdf", PDF, activity_id=saved.activity_id
        )
    db.flush()
    return Person(email, f"{first} {last}", account.id or 0, profile.id or 0, lic.id or 0, number)


def submit_renewal(db: Db, person: Person) -> int:
    with db.write() as session:
        return submit_renewal_in(session, person)


def submit_renewal_in(db: Db, person: Person) -> int:
    actor = audit.Actor(person.account_id, ROLE_EDUCATOR)
    draft = applications.start_or_resume(db, actor, person.profile_id, "renewal", person.number)
    option_id = load_rules(db).options_for("AA")[0].id  # 5 CEUs: met
    applications.save_draft(
        db,
        actor,
        person.profile_id,
        draft.application_id,
        {"renewal_option_id": option_id, "attestation": ATTESTATION},
        3,
    )
    assert applications.submit(
        db, actor, person.profile_id, draft.application_id, clock.today()
    ).ready
    return draft.application_id
