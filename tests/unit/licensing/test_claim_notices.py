"""Notices about claims: a claim after failed tries is reported, and claim notices are
rate-limited so nobody can use them to flood a holder (issue 13 #2, #10)."""

from __future__ import annotations

from datetime import date, timedelta

from license_world import NUMBER, register, staff_actor, state_record
from sqlmodel import Session, select

from licensure_app.models import Notification, OutboxEmail
from licensure_app.models._base import utcnow

from .claim_helpers import claim


def _notes(session: Session, account_id: int | None) -> list[Notification]:
    return list(
        session.exec(select(Notification).where(Notification.recipient_id == account_id)).all()
    )


def test_a_claim_after_failed_tries_is_reported_for_the_holder(session: Session) -> None:
    state_record(session, street="27 Pine Ridge Road", city="Tupelo", zip_code="38801")
    office = staff_actor(session)
    guesser, guesser_profile = register(session, "guesser@example.org")
    for _ in range(2):
        claim(session, guesser, guesser_profile.id, dob=date(1990, 1, 1), address="198.51.100.1")
    second, second_profile = register(session, "second@example.org")

    assert claim(session, second, second_profile.id, address="203.0.113.7").ok

    (note,) = _notes(session, office.account_id)
    assert f"License {NUMBER} was claimed after 2 failed claims" in note.text
    assert "mailing address on the state's record" in note.text
    mail = session.exec(
        select(OutboxEmail).where(OutboxEmail.to_address == "office@example.org")
    ).one()
    # Nothing private in the subject.
    assert NUMBER not in mail.subject and "Rivera" not in mail.subject
    assert NUMBER in mail.body


def test_attempts_on_a_claimed_license_tell_its_holder_once_a_day(session: Session) -> None:
    state_record(session)
    owner, owner_profile = register(session, "owner@example.org")
    start = utcnow()
    assert claim(session, owner, owner_profile.id, now=start).ok
    for i in range(2):
        intruder, intruder_profile = register(session, f"intruder{i}@example.org")
        address = f"198.51.100.{i + 1}"
        claim(session, intruder, intruder_profile.id, now=start, address=address)

    assert len(_notes(session, owner.id)) == 1
    # A day later a new attempt is reported again.
    late, late_profile = register(session, "late@example.org")
    claim(session, late, late_profile.id, now=start + timedelta(days=1, minutes=1))
    assert len(_notes(session, owner.id)) == 2
