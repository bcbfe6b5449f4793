"""Claiming a license: matching, refusals, the lock, merging the registration profile."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from license_world import DOB, NUMBER, educator_actor, register, state_record
from sqlmodel import Session, select

from licensure_app.infra import clock
from licensure_app.models import (
    Account,
    Application,
    AuditEvent,
    EducatorProfile,
    License,
    LicenseClaimAttempt,
    Notification,
    PDActivity,
    TranscriptRecord,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services import licensing as svc
from licensure_app.services.accounts.authz import principal_for


def _claim(
    session: Session,
    account: Account,
    profile_id: int,
    number: str = NUMBER,
    dob: date | None = DOB,
    now: datetime | None = None,
) -> svc.ClaimResult:
    result = svc.claim_license(
        session, educator_actor(account), account.id or 0, profile_id, number, dob, now=now
    )
    session.commit()
    return result


def _failures(session: Session, account_id: int) -> int:
    return len(
        session.exec(
            select(LicenseClaimAttempt).where(
                LicenseClaimAttempt.account_id == account_id,
                LicenseClaimAttempt.succeeded.is_(False),  # type: ignore[attr-defined]
            )
        ).all()
    )


# ---------------------------------------------------------------- claiming


def test_claim_links_the_account_to_thestate_record(session: Session) -> None:
    holder, license = state_record(session, phone="662-555-0187")
    account, registration = register(session)
    registration.phone = "601-555-0100"  # the state's phone wins
    registration.street, registration.city, registration.zip_code = "1 Oak St", "Tupelo", "38801"
    session.add(registration)
    # A row the educator made before claiming must follow them to the state record.
    session.add(
        PDActivity(
            holder_id=registration.id,
            title="Reading workshop",
            provider="District",
            kind="ceu",
            amount=1.0,
            completed_on=date(2025, 1, 10),
        )
    )
    session.commit()
    registration_id = registration.id

    result = _claim(session, account, registration_id)

    assert result.ok and result.message == (
        f"License {NUMBER} is now linked to your account. {svc.CLAIM_AWAITS_CONFIRMATION}"
    )
    session.expire_all()
    linked = session.get(EducatorProfile, holder.id)
    assert linked is not None and linked.account_id == account.id
    assert session.get(EducatorProfile, registration_id) is None
    # Phone kept from the state record; the empty address filled in as a whole.
    assert linked.phone == "662-555-0187"
    assert (linked.street, linked.city, linked.zip_code) == ("1 Oak St", "Tupelo", "38801")
    activity = session.exec(select(PDActivity)).one()
    assert activity.holder_id == holder.id
    # The license itself is untouched.
    assert session.get(License, license.id).holder_id == holder.id  # type: ignore[union-attr]
    # The next sign-in sees the state record.
    assert principal_for(session, account).profile_id == holder.id
    event_ = session.exec(select(AuditEvent).where(AuditEvent.action == "license.claimed")).one()
    assert event_.entity_type == "license" and event_.entity_id == str(license.id)
    assert json.loads(event_.before_json)["account_id"] is None
    after = json.loads(event_.after_json)
    assert after["account_id"] == account.id and after["holder_id"] == holder.id
    assert after["moved_rows"] == {"pd_activity": 1}
    assert session.exec(select(LicenseClaimAttempt)).one().succeeded
    assert audit.verify_chain(session) == (True, None)


def test_claim_moves_only_the_claimants_rows(session: Session) -> None:
    holder, _ = state_record(session)
    other_holder, _ = state_record(session, "Sam", "Lee", date(1970, 1, 1), "100300")
    account, registration = register(session)
    for holder_id in (registration.id, other_holder.id):
        session.add(
            TranscriptRecord(holder_id=holder_id, institution="X", received_on=date(2010, 5, 1))
        )
    session.add(Application(applicant_id=registration.id, app_type="initial"))
    session.commit()

    assert _claim(session, account, registration.id).ok

    holders = sorted(t.holder_id for t in session.exec(select(TranscriptRecord)).all())
    assert holders == sorted([holder.id, other_holder.id])
    assert session.exec(select(Application)).one().applicant_id == holder.id


def test_claim_matches_last_name_without_case_or_accents(session: Session) -> None:
    state_record(session, "José", "Núñez")
    account, registration = register(session, first="Jose", last="NUNEZ ")
    assert _claim(session, account, registration.id).ok


@pytest.mark.parametrize(
    ("number", "dob", "last"),
    [
        (NUMBER, date(1988, 4, 13), "Rivera"),  # wrong date of birth
        (NUMBER, DOB, "Rivers"),  # wrong last name
        ("999999", DOB, "Rivera"),  # no such license
    ],
    ids=["wrong-dob", "wrong-last-name", "unknown-number"],
)
def test_a_wrong_detail_is_refused_with_one_generic_message(
    session: Session, number: str, dob: date, last: str
) -> None:
    holder, _ = state_record(session)
    account, registration = register(session, last=last)

    result = _claim(session, account, registration.id, number, dob)

    assert not result.ok and result.field == ""
    assert result.message == svc.CLAIM_NO_MATCH
    assert session.get(EducatorProfile, holder.id).account_id is None  # type: ignore[union-attr]
    assert _failures(session, account.id) == 1
    refused = session.exec(
        select(AuditEvent).where(AuditEvent.action == "license.claim_refused")
    ).one()
    assert json.loads(refused.after_json)["reason"] == "no_match"


def test_blank_fields_are_input_errors_not_attempts(session: Session) -> None:
    state_record(session)
    account, registration = register(session)
    blank_number = _claim(session, account, registration.id, " ", DOB)
    assert (blank_number.ok, blank_number.field) == (False, "license_number")
    no_dob = _claim(session, account, registration.id, NUMBER, None)
    assert (no_dob.ok, no_dob.field) == (False, "date_of_birth")
    letters = _claim(session, account, registration.id, "10O2OO", DOB)
    assert letters.field == "license_number"
    assert _failures(session, account.id) == 0


def test_spaces_in_the_number_are_ignored(session: Session) -> None:
    state_record(session)
    account, registration = register(session)
    assert _claim(session, account, registration.id, " 100 200 ").ok


def test_third_failure_locks_claiming_for_the_lock_period(session: Session) -> None:
    holder, _ = state_record(session)
    account, registration = register(session)
    start = utcnow()
    wrong = date(1990, 1, 1)
    first = _claim(session, account, registration.id, dob=wrong, now=start)
    second = _claim(session, account, registration.id, dob=wrong, now=start + timedelta(hours=1))
    assert first.message == second.message == svc.CLAIM_NO_MATCH
    third = _claim(session, account, registration.id, dob=wrong, now=start + timedelta(hours=2))
    assert not third.ok and "too many unsuccessful claims" in third.message
    assert third.message.startswith(svc.CLAIM_NO_MATCH)

    # Now even the right details are refused, and the message says when it unlocks.
    unlocks = start + timedelta(hours=24)
    locked = _claim(session, account, registration.id, now=start + timedelta(hours=3))
    assert not locked.ok
    assert "too many unsuccessful claims" in locked.message
    assert f"try again after {clock.show(unlocks)}." in locked.message
    assert session.get(EducatorProfile, holder.id).account_id is None  # type: ignore[union-attr]
    assert _failures(session, account.id) == 3  # a refused locked attempt is not a new failure

    # Once the oldest failure leaves the 24-hour window, claiming works again.
    later = start + timedelta(hours=24, minutes=1)
    assert svc.claim_lock(session, account.id or 0, later) is None
    assert _claim(session, account, registration.id, now=later).ok


def test_an_already_claimed_license_is_refused_and_its_holder_told(session: Session) -> None:
    holder, _ = state_record(session)
    owner, owner_profile = register(session, "owner@example.org")
    assert _claim(session, owner, owner_profile.id).ok
    intruder, intruder_profile = register(session, "intruder@example.org")

    result = _claim(session, intruder, intruder_profile.id)

    assert not result.ok and result.message == svc.CLAIM_ALREADY_LINKED
    assert session.get(EducatorProfile, holder.id).account_id == owner.id  # type: ignore[union-attr]
    note = session.exec(select(Notification).where(Notification.recipient_id == owner.id)).one()
    assert note.text.startswith(f"Someone tried to claim your license {NUMBER}")
    assert not session.exec(
        select(Notification).where(Notification.recipient_id == intruder.id)
    ).first()
    assert _failures(session, intruder.id) == 1
    # The intruder keeps their own registration profile.
    assert session.get(EducatorProfile, intruder_profile.id) is not None


def test_the_holder_may_not_claim_a_secondstate_record(session: Session) -> None:
    state_record(session)
    state_record(session, number="100300")
    account, registration = register(session)
    assert _claim(session, account, registration.id).ok
    linked = principal_for(session, account).profile_id
    assert linked is not None
    again = _claim(session, account, linked)
    assert again.ok and "already linked to your account" in again.message
    other = _claim(session, account, linked, "100300")
    assert not other.ok and other.message == svc.CLAIM_RECORD_ALREADY_LINKED


def test_a_profile_of_another_account_cannot_be_used(session: Session) -> None:
    state_record(session)
    account, _ = register(session)
    _, other_profile = register(session, "b@example.org")
    with pytest.raises(PermissionError):
        svc.claim_license(
            session, educator_actor(account), account.id or 0, other_profile.id, NUMBER, DOB
        )
