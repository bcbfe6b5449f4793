"""The educator's licenses: listing, claiming, the checklist and printing (services only)."""

from __future__ import annotations

import json
import urllib.parse
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from licensure_app.models import (
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    Application,
    AssessmentScore,
    AuditEvent,
    BackgroundCheck,
    EducatorProfile,
    Endorsement,
    License,
    LicenseClaimAttempt,
    Notification,
    PDActivity,
    TranscriptRecord,
)
from licensure_app.models._base import utcnow
from licensure_app.services import accounts, audit
from licensure_app.services import licensing as svc
from licensure_app.services.accounts.authz import principal_for

TODAY = date(2026, 3, 2)
DOB = date(1988, 4, 12)
NUMBER = "100200"


# ---------------------------------------------------------------- builders


def _state_record(
    session: Session,
    first: str = "Jordan",
    last: str = "Rivera",
    dob: date | None = DOB,
    number: str = NUMBER,
    expires_on: date = date(2029, 6, 30),
    status: str = "active",
    **contact: str,
) -> tuple[EducatorProfile, License]:
    """A state record (profile without an account) holding one license."""
    profile = EducatorProfile(
        educator_number=f"S{number}",
        first_name=first,
        last_name=last,
        first_name_key=first.lower(),
        last_name_key=last.lower(),
        date_of_birth=dob,
        **contact,
    )
    session.add(profile)
    session.flush()
    license = License(
        license_number=number,
        holder_id=profile.id,
        license_type="Standard",
        license_class="A",
        first_issued=date(2019, 7, 1),
        valid_from=date(2024, 7, 1),
        expires_on=expires_on,
        status=status,
    )
    session.add(license)
    session.flush()
    session.add(
        Endorsement(license_id=license.id, code="0154", subject="English", grade_span="7-12")
    )
    session.commit()
    return profile, license


def _register(
    session: Session, email: str = "jordan@example.org", first: str = "Jordan", last: str = "Rivera"
) -> tuple[Account, EducatorProfile]:
    account = accounts.register_educator(session, first, last, email, "x")
    session.commit()
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    ).one()
    return account, profile


def _actor(account: Account) -> audit.Actor:
    return audit.Actor(account.id, ROLE_EDUCATOR, "192.0.2.9")


def _claim(
    session: Session,
    account: Account,
    profile_id: int,
    number: str = NUMBER,
    dob: date | None = DOB,
    now: datetime | None = None,
) -> svc.ClaimResult:
    result = svc.claim_license(
        session, _actor(account), account.id or 0, profile_id, number, dob, now=now
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


def test_claim_links_the_account_to_the_state_record(session: Session) -> None:
    holder, license = _state_record(session, phone="662-555-0187")
    account, registration = _register(session)
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

    assert result.ok and result.message == f"License {NUMBER} is now linked to your account."
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
    holder, _ = _state_record(session)
    other_holder, _ = _state_record(session, "Sam", "Lee", date(1970, 1, 1), "100300")
    account, registration = _register(session)
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
    _state_record(session, "José", "Núñez")
    account, registration = _register(session, first="Jose", last="NUNEZ ")
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
    holder, _ = _state_record(session)
    account, registration = _register(session, last=last)

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
    _state_record(session)
    account, registration = _register(session)
    blank_number = _claim(session, account, registration.id, " ", DOB)
    assert (blank_number.ok, blank_number.field) == (False, "license_number")
    no_dob = _claim(session, account, registration.id, NUMBER, None)
    assert (no_dob.ok, no_dob.field) == (False, "date_of_birth")
    letters = _claim(session, account, registration.id, "10O2OO", DOB)
    assert letters.field == "license_number"
    assert _failures(session, account.id) == 0


def test_spaces_in_the_number_are_ignored(session: Session) -> None:
    _state_record(session)
    account, registration = _register(session)
    assert _claim(session, account, registration.id, " 100 200 ").ok


def test_third_failure_locks_claiming_for_the_lock_period(session: Session) -> None:
    holder, _ = _state_record(session)
    account, registration = _register(session)
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
    assert f"{unlocks:%H:%M} UTC on {unlocks.day} {unlocks:%B %Y}" in locked.message
    assert session.get(EducatorProfile, holder.id).account_id is None  # type: ignore[union-attr]
    assert _failures(session, account.id) == 3  # a refused locked attempt is not a new failure

    # Once the oldest failure leaves the 24-hour window, claiming works again.
    later = start + timedelta(hours=24, minutes=1)
    assert svc.claim_lock(session, account.id or 0, later) is None
    assert _claim(session, account, registration.id, now=later).ok


def test_the_lock_is_per_account(session: Session) -> None:
    _state_record(session)
    account, registration = _register(session)
    for _ in range(3):
        _claim(session, account, registration.id, dob=date(1990, 1, 1))
    other, other_profile = _register(session, "other@example.org")
    assert svc.claim_lock(session, other.id or 0, utcnow()) is None
    assert _claim(session, other, other_profile.id).ok


def test_an_already_claimed_license_is_refused_and_its_holder_told(session: Session) -> None:
    holder, _ = _state_record(session)
    owner, owner_profile = _register(session, "owner@example.org")
    assert _claim(session, owner, owner_profile.id).ok
    intruder, intruder_profile = _register(session, "intruder@example.org")

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


def test_the_holder_may_not_claim_a_second_state_record(session: Session) -> None:
    _state_record(session)
    _state_record(session, number="100300")
    account, registration = _register(session)
    assert _claim(session, account, registration.id).ok
    linked = principal_for(session, account).profile_id
    assert linked is not None
    again = _claim(session, account, linked)
    assert again.ok and "already linked to your account" in again.message
    other = _claim(session, account, linked, "100300")
    assert not other.ok and other.message == svc.CLAIM_RECORD_ALREADY_LINKED


def test_a_profile_of_another_account_cannot_be_used(session: Session) -> None:
    _state_record(session)
    account, _ = _register(session)
    _, other_profile = _register(session, "b@example.org")
    with pytest.raises(PermissionError):
        svc.claim_license(session, _actor(account), account.id or 0, other_profile.id, NUMBER, DOB)


# ---------------------------------------------------------------- the list


def _licenses_at(session: Session, expires_on: date, status: str = "active") -> svc.LicenseView:
    holder, _ = _state_record(session, expires_on=expires_on, status=status)
    (view,) = svc.licenses_for_holder(session, holder.id or 0, TODAY)
    return view


@pytest.mark.parametrize(
    ("days", "warning", "text"),
    [
        (181, False, ""),
        (180, True, "Expires in 180 days — renew now"),
        (150, True, "Expires in 150 days — renew now"),
        (1, True, "Expires tomorrow — renew now"),
        (0, True, "Expires today — renew now"),
    ],
)
def test_the_expiry_warning_starts_180_days_before(
    session: Session, days: int, warning: bool, text: str
) -> None:
    view = _licenses_at(session, TODAY + timedelta(days=days))
    assert view.days_to_expiry == days
    assert view.warning is warning and view.warning_text == text
    assert view.status == "active" and view.renewable


def test_a_past_expiry_shows_as_expired(session: Session) -> None:
    view = _licenses_at(session, TODAY - timedelta(days=3))
    assert view.days_to_expiry == -3
    assert (view.status, view.status_label, view.renewable) == ("expired", "Expired", False)
    assert view.warning and view.warning_text.startswith("Expired on 27 February 2026")
    assert view.days_text == "Expired 3 days ago"


def test_a_revoked_license_gets_no_renewal_warning(session: Session) -> None:
    view = _licenses_at(session, TODAY + timedelta(days=30), status="revoked")
    assert not view.warning and not view.renewable and view.status_label == "Revoked"


def test_licenses_for_holder_shows_display_fields_in_two_queries(
    session: Session, db_url: str
) -> None:
    holder, license = _state_record(session, expires_on=date(2029, 6, 30))
    session.add(
        License(
            license_number="100201",
            holder_id=holder.id,
            license_type="Administrator",
            license_class="AAA",
            first_issued=date(2020, 1, 1),
            valid_from=date(2022, 1, 1),
            expires_on=date(2026, 12, 31),
        )
    )
    session.add(
        Endorsement(
            license_id=license.id, code="0120", subject="Elementary Education", grade_span="K-6"
        )
    )
    session.commit()
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        views = svc.licenses_for_holder(session, holder.id or 0, TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2
    first, second = views
    assert first.number == NUMBER  # latest expiry first
    assert first.endorsements == ("0120 Elementary Education (K-6)", "0154 English (7-12)")
    assert (first.first_issued, first.valid_from, first.expires_on) == (
        "1 July 2019",
        "1 July 2024",
        "30 June 2029",
    )
    assert first.print_href == f"/licenses/print/{NUMBER}"
    assert second.endorsements == () and second.license_class == "AAA"
    assert svc.licenses_for_holder(session, 999_999, TODAY) == []


# ---------------------------------------------------------------- checklist


def _staff(session: Session) -> audit.Actor:
    staff = Account(email="office@example.org", password_hash="x", role=ROLE_STATE_STAFF)
    session.add(staff)
    session.commit()
    return audit.Actor(staff.id, ROLE_STATE_STAFF)


def test_checklist_is_empty_for_a_new_educator(session: Session) -> None:
    _, registration = _register(session)
    checklist = svc.checklist_for(session, registration.id or 0)
    assert checklist == svc.Checklist((), None, ())


def test_recorded_items_appear_on_the_checklist_with_audit_events(session: Session) -> None:
    holder, _ = _state_record(session)
    staff = _staff(session)
    pid = holder.id or 0
    assert (
        svc.record_transcript(
            session, staff, pid, " Mississippi College ", "M.Ed.", date(2015, 5, 1), TODAY
        )
        == {}
    )
    assert svc.record_transcript(session, staff, pid, "USM", "", date(2010, 5, 1), TODAY) == {}
    assert svc.record_background_check(session, staff, pid, "pending", None, TODAY) == {}
    assert (
        svc.record_background_check(session, staff, pid, "Cleared", date(2024, 7, 1), TODAY) == {}
    )
    assert (
        svc.record_assessment_score(
            session, staff, pid, "Praxis 5001", 168, 157, date(2010, 1, 5), TODAY
        )
        == {}
    )
    assert (
        svc.record_assessment_score(
            session, staff, pid, "Praxis 5161", 150, 160, date(2011, 1, 5), TODAY
        )
        == {}
    )
    session.commit()

    checklist = svc.checklist_for(session, pid)
    assert [t.institution for t in checklist.transcripts] == ["Mississippi College", "USM"]
    assert checklist.transcripts[1].degree == "—"
    assert checklist.background_check == svc.BackgroundCheckView(
        "cleared", "Cleared on 1 July 2024", "1 July 2024"
    )
    assert [(a.assessment, a.score, a.result) for a in checklist.assessments] == [
        ("Praxis 5161", "150", "Below the passing score"),
        ("Praxis 5001", "168", "Passed"),
    ]
    actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count("transcript.recorded") == 2
    assert actions.count("background_check.recorded") == 2
    assert actions.count("assessment_score.recorded") == 2


def test_recording_validates_and_writes_nothing_on_errors(session: Session) -> None:
    holder, _ = _state_record(session)
    staff = _staff(session)
    pid = holder.id or 0
    future = TODAY + timedelta(days=1)
    assert set(svc.record_transcript(session, staff, pid, " ", "", future, TODAY)) == {
        "institution",
        "received_on",
    }
    assert set(svc.record_background_check(session, staff, pid, "maybe", None, TODAY)) == {
        "status",
        "checked_on",
    }
    assert set(svc.record_background_check(session, staff, pid, "cleared", None, TODAY)) == {
        "checked_on"
    }
    assert set(svc.record_assessment_score(session, staff, pid, "", None, -1, None, TODAY)) == {
        "assessment",
        "score",
        "passing_score",
        "taken_on",
    }
    assert "profile" in svc.record_transcript(session, staff, 999_999, "X", "", TODAY, TODAY)
    session.commit()
    for model in (TranscriptRecord, BackgroundCheck, AssessmentScore):
        assert session.exec(select(model)).first() is None


def test_only_state_staff_record_checklist_items(session: Session) -> None:
    holder, _ = _state_record(session)
    account, _ = _register(session)
    with pytest.raises(PermissionError):
        svc.record_transcript(session, _actor(account), holder.id or 0, "X", "", TODAY, TODAY)


# ---------------------------------------------------------------- printing


def test_print_view_of_own_license(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_BASE_URL", "https://licensure.example.gov/")
    holder, _ = _state_record(session)
    holder.middle_name = "Lee"
    session.add(holder)
    session.commit()
    view = svc.print_view(session, holder.id or 0, NUMBER, TODAY)
    assert view is not None
    assert view.holder_name == "Jordan Lee Rivera"
    assert (view.number, view.license_class, view.expires_on) == (NUMBER, "A", "30 June 2029")
    assert view.endorsements == ("0154 English (7-12)",)
    assert view.verify_url == f"https://licensure.example.gov/lookup/{NUMBER}"
    assert view.qr_data_uri == svc.qr_svg(view.verify_url)


def test_print_view_refuses_another_educators_license(session: Session) -> None:
    _state_record(session)
    _, registration = _register(session)
    assert svc.print_view(session, registration.id or 0, NUMBER, TODAY) is None
    assert svc.print_view(session, registration.id or 0, "no-such", TODAY) is None


def test_qr_svg_is_an_svg_data_uri_of_the_url() -> None:
    uri = svc.qr_svg("http://localhost:8000/lookup/100100")
    assert uri.startswith("data:image/svg+xml")
    svg = urllib.parse.unquote(uri.split(",", 1)[1])
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert uri != svc.qr_svg("http://localhost:8000/lookup/100101")
    assert uri == svc.qr_svg("http://localhost:8000/lookup/100100")  # deterministic
