"""The claim lock counts failures per account, per license number and per client address
(issue 13 #2: accounts are free, so a lock per account alone stops nobody)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from license_world import register, state_record
from sqlmodel import Session

from licensure_app.models import EducatorProfile
from licensure_app.models._base import utcnow
from licensure_app.services import licensing as svc

from .claim_helpers import claim

WRONG_DOB = date(1990, 1, 1)


def test_a_second_new_account_gets_no_fresh_tries_at_a_locked_license(session: Session) -> None:
    holder, _ = state_record(session, phone="662-555-0187")
    guesser, guesser_profile = register(session, "guesser@example.org")
    for _ in range(3):
        claim(session, guesser, guesser_profile.id, dob=WRONG_DOB, address="198.51.100.1")

    # A second new account named like the holder, from another address, with the right date.
    second, second_profile = register(session, "second@example.org", "Jordan", "Rivera")
    result = claim(session, second, second_profile.id, address="203.0.113.7")

    assert not result.ok
    assert "too many unsuccessful claims of this license number" in result.message
    assert session.get(EducatorProfile, holder.id).account_id is None  # type: ignore[union-attr]


def test_one_address_is_locked_across_accounts(session: Session) -> None:
    state_record(session)
    for i, number in enumerate(("999001", "999002", "999003")):
        account, profile = register(session, f"try{i}@example.org")
        refused = claim(session, account, profile.id, number, address="198.51.100.1")
        assert refused.message.startswith(svc.CLAIM_NO_MATCH)

    fourth, fourth_profile = register(session, "fourth@example.org")
    result = claim(session, fourth, fourth_profile.id, address="198.51.100.1")

    assert not result.ok and "too many unsuccessful claims from your network" in result.message
    # Another address is not locked by them.
    assert svc.claim_lock(session, fourth.id or 0, utcnow(), "100200", "203.0.113.7") is None


def test_an_accounts_lock_does_not_lock_other_licenses_from_other_addresses(
    session: Session,
) -> None:
    state_record(session)
    state_record(session, "Sam", "Lee", date(1970, 1, 1), "100300")
    account, registration = register(session)
    for _ in range(3):
        claim(session, account, registration.id, dob=WRONG_DOB, address="198.51.100.1")
    other, other_profile = register(session, "sam@example.org", "Sam", "Lee")
    assert svc.claim_lock(session, other.id or 0, utcnow(), "100300", "203.0.113.7") is None
    assert claim(
        session, other, other_profile.id, "100300", date(1970, 1, 1), address="203.0.113.7"
    ).ok


def test_the_lock_says_when_it_opens_in_the_states_time(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failures at 23:30 on 30 November in Chicago (05:30 UTC on 1 December)."""
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    state_record(session)
    account, registration = register(session)
    at = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)
    for _ in range(3):
        claim(session, account, registration.id, dob=WRONG_DOB, now=at)

    locked = claim(session, account, registration.id, now=at + timedelta(minutes=5))

    assert "try again after 1 December 2026 at 11:30 PM CST." in locked.message
