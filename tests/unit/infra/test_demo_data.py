"""Demo data (SPEC section 7) and the synthetic bulk loader."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from licensure_app import cli
from licensure_app.db import make_engine
from licensure_app.domain.names import name_key
from licensure_app.infra import clock, demo, demo_queue, schema, synthetic
from licensure_app.models import (
    LICENSE_CLASSES,
    LICENSE_STATUSES,
    LICENSE_TYPES,
    Account,
    Application,
    ApplicationNote,
    AssessmentScore,
    AuditEvent,
    BackgroundCheck,
    District,
    EducatorProfile,
    Endorsement,
    ExpiryReminder,
    License,
    Notification,
    PDActivity,
    TranscriptRecord,
)
from licensure_app.services.accounts import passwords
from licensure_app.services.licensing import reminders

TODAY = date(2026, 6, 15)


@pytest.fixture
def demo_session(session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    """A migrated database with the demo data loaded and committed."""
    monkeypatch.setenv("LICENSURE_ARGON2_FAST", "1")
    passwords._context.cache_clear()
    assert demo.database_is_empty(session)
    demo.load_demo_data(session, TODAY)
    session.commit()
    return session


def _account(session: Session, email: str) -> Account:
    return session.exec(select(Account).where(Account.email == email)).one()


def _license(session: Session, number: str) -> License:
    return session.exec(select(License).where(License.license_number == number)).one()


def test_demo_accounts_and_districts(demo_session: Session) -> None:
    s = demo_session
    state = _account(s, "state.office@demo.example")
    assert state.role == "state_staff"
    assert passwords.verify_password("demo-licensure-2026", state.password_hash)
    districts = {d.code: d for d in s.exec(select(District)).all()}
    assert set(districts) == {"0100", "0200"}
    expected = {
        "0100": ("Magnolia County School District", "superintendent@magnolia.demo.example"),
        "0200": ("Pine Valley School District", "superintendent@pinevalley.demo.example"),
    }
    for code, (name, email) in expected.items():
        superintendent = _account(s, email)
        assert districts[code].name == name
        assert superintendent.role == "district_approver"
        assert superintendent.district_id == districts[code].id
        assert districts[code].superintendent_account_id == superintendent.id
    teacher = _account(s, "teacher@magnolia.demo.example")
    assert teacher.role == "educator"
    assert teacher.district_id is None
    accounts = s.exec(select(Account)).all()
    assert len(accounts) == 4
    assert all(a.email == a.email.lower() and a.display_name for a in accounts)
    # One hash for all: the load stays fast with the production argon2 cost.
    assert len({a.password_hash for a in accounts}) == 1


def test_teacher_license_and_tracker_numbers(demo_session: Session) -> None:
    s = demo_session
    teacher = _account(s, "teacher@magnolia.demo.example")
    profile = s.exec(select(EducatorProfile).where(EducatorProfile.account_id == teacher.id)).one()
    magnolia = s.exec(select(District).where(District.code == "0100")).one()
    assert (profile.first_name, profile.last_name) == ("Avery", "Thompson")
    assert profile.employing_district_id == magnolia.id
    assert profile.date_of_birth and profile.phone and profile.street and profile.city
    assert profile.state == "MS" and re.fullmatch(r"\d{5}", profile.zip_code)

    lic = s.exec(select(License).where(License.holder_id == profile.id)).one()
    assert re.fullmatch(r"\d{6}", lic.license_number)
    assert (lic.license_type, lic.license_class, lic.status) == ("Standard", "AA", "active")
    assert lic.expires_on == TODAY + timedelta(days=150)
    # Five years ending on expires_on: TODAY + 150 days = 2026-11-12.
    assert (lic.valid_from, lic.expires_on) == (date(2021, 11, 13), date(2026, 11, 12))
    assert lic.first_issued < lic.valid_from
    endorsements = s.exec(select(Endorsement).where(Endorsement.license_id == lic.id)).all()
    assert len(endorsements) == 2

    activities = s.exec(select(PDActivity).where(PDActivity.holder_id == profile.id)).all()
    inside = [a for a in activities if lic.valid_from <= a.completed_on <= lic.expires_on]
    outside = [a for a in activities if a.completed_on < lic.valid_from]
    assert sum(a.amount for a in inside if a.kind == "ceu") == pytest.approx(3.0)
    assert all(a.kind == "ceu" and a.source == "self" and a.amount >= 0.5 for a in activities)
    assert all(a.completed_on <= TODAY for a in activities)
    assert [a.amount for a in outside] == [2.0]
    assert any(a.verification == "verified" and a.verified_by_id for a in inside)

    assert (
        len(s.exec(select(TranscriptRecord).where(TranscriptRecord.holder_id == profile.id)).all())
        == 2
    )
    check = s.exec(select(BackgroundCheck).where(BackgroundCheck.holder_id == profile.id)).one()
    assert check.status == "cleared" and check.checked_on
    scores = s.exec(select(AssessmentScore).where(AssessmentScore.holder_id == profile.id)).all()
    assert len(scores) == 2
    assert all(sc.passing_score is not None and sc.score >= sc.passing_score for sc in scores)


def test_the_teacher_has_her_180_day_reminder_already(demo_session: Session) -> None:
    s = demo_session
    teacher = _account(s, demo.TEACHER_EMAIL)
    lic = _license(s, demo.TEACHER_LICENSE_NUMBER)
    reminder = s.exec(select(ExpiryReminder)).one()
    assert (reminder.license_id, reminder.expires_on, reminder.days_before) == (
        lic.id,
        lic.expires_on,
        180,
    )
    assert reminder.recipient_id == teacher.id
    note = s.exec(select(Notification).where(Notification.recipient_id == teacher.id)).one()
    assert note.link == "/pd"
    assert "expires on 12 November 2026, in 150 days. You need 2 more CEUs" in note.text
    # The daily job finds it sent and sends nothing more.
    again = reminders.send_reminders(s, TODAY)
    assert (again.sent, again.already_sent) == (0, 1)


def test_unclaimed_license_for_jordan_rivera(demo_session: Session) -> None:
    s = demo_session
    lic = _license(s, "100200")
    holder = s.get(EducatorProfile, lic.holder_id)
    pine_valley = s.exec(select(District).where(District.code == "0200")).one()
    assert holder is not None
    assert holder.account_id is None
    assert (holder.first_name, holder.last_name) == ("Jordan", "Rivera")
    assert (holder.first_name_key, holder.last_name_key) == ("jordan", "rivera")
    assert holder.date_of_birth == date(1988, 4, 12)
    assert holder.employing_district_id == pine_valley.id
    assert (lic.license_type, lic.license_class, lic.status) == ("Standard", "A", "active")
    assert lic.valid_from <= TODAY < lic.expires_on


def test_lookup_licenses_cover_every_type_class_and_status(demo_session: Session) -> None:
    s = demo_session
    licenses = s.exec(select(License)).all()
    assert len(licenses) >= 2000
    assert {lic.license_type for lic in licenses} == set(LICENSE_TYPES)
    assert {lic.license_class for lic in licenses} == set(LICENSE_CLASSES)
    assert {lic.status for lic in licenses} == set(LICENSE_STATUSES)
    numbers = [lic.license_number for lic in licenses]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\d{6}", n) for n in numbers)
    assert all(int(n) >= 100300 for n in numbers if n not in ("100100", "100200"))

    for lic in licenses:
        assert lic.first_issued <= lic.valid_from < lic.expires_on
        if lic.license_type == "Provisional":  # issued for less than 5 years
            assert lic.valid_from > demo.validity_start(lic.expires_on, 5)
        else:
            assert lic.valid_from == demo.validity_start(lic.expires_on, 5)
        if lic.status == "expired":
            assert lic.expires_on < TODAY
        elif lic.status in ("active", "suspended"):
            assert lic.valid_from <= TODAY <= lic.expires_on

    # Every look-up license has 1-2 endorsements.
    per_license = Counter(s.exec(select(Endorsement.license_id)).all())
    assert set(per_license) == {lic.id for lic in licenses}
    assert set(per_license.values()) <= {1, 2}


def test_profiles_have_name_keys_accents_and_unique_numbers(demo_session: Session) -> None:
    profiles = demo_session.exec(select(EducatorProfile)).all()
    assert len(profiles) >= 2002
    for p in profiles:
        assert p.first_name_key == name_key(p.first_name)
        assert p.last_name_key == name_key(p.last_name)
        assert re.fullmatch(r"E\d{7}", p.educator_number)
        assert p.employing_district_id is not None
    assert len({p.educator_number for p in profiles}) == len(profiles)
    names = {p.first_name for p in profiles} | {p.last_name for p in profiles}
    assert any(ch in "".join(names) for ch in "éëèñü")
    assert any("'" in n for n in names) and any("-" in n for n in names)
    # Only the teacher's profile belongs to an account.
    assert sum(1 for p in profiles if p.account_id is not None) == 1


def test_load_is_audited_and_refused_once_data_exists(demo_session: Session) -> None:
    s = demo_session
    events = s.exec(select(AuditEvent).where(AuditEvent.action == "demo.loaded")).all()
    assert len(events) == 1
    assert events[0].actor_id is None and events[0].actor_role == "system"
    # Avery's, Jordan's, the look-up's 2,000 and those of the demo queues' applicants.
    licenses = 2002 + demo_queue.license_count()
    assert f'"licenses": {licenses}' in events[0].after_json
    assert not demo.database_is_empty(s)


def test_demo_data_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_ARGON2_FAST", "1")
    passwords._context.cache_clear()
    rows = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / name}.db"
        schema.migrate(url)
        engine = make_engine(url)
        with Session(engine) as session:
            demo.load_demo_data(session, TODAY)
            session.commit()
            rows.append(
                session.execute(
                    text(
                        "SELECT l.license_number, p.first_name, p.last_name, l.license_type, "
                        "l.license_class, l.status, l.expires_on FROM license l "
                        "JOIN educator_profile p ON p.id = l.holder_id ORDER BY l.license_number"
                    )
                ).all()
            )
        engine.dispose()
    assert rows[0] == rows[1]


def test_cli_load_demo_only_into_an_empty_database(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_ARGON2_FAST", "1")
    passwords._context.cache_clear()
    assert cli.main(["load-demo", "--db-url", db_url]) == 0
    out = capsys.readouterr().out
    assert "Demo data loaded" in out and "teacher@magnolia.demo.example" in out
    assert cli.main(["load-demo", "--db-url", db_url]) == 0
    assert "Database already has data; demo data not loaded" in capsys.readouterr().out


def _check_bulk_load(engine_url: str, session: Session, count: int) -> None:
    before = session.exec(select(func.count()).select_from(License)).one()
    max_before = max(
        (int(n) for n in session.exec(select(License.license_number)).all()), default=0
    )
    session.rollback()  # SQLite: let go of the write lock the session's transaction holds
    seconds = synthetic.bulk_load_licenses(engine_url, count, seed=7)
    assert seconds > 0
    session.rollback()  # a fresh snapshot
    numbers = session.exec(select(License.license_number)).all()
    assert len(numbers) == before + count
    assert len(set(numbers)) == len(numbers)
    new = [int(n) for n in numbers if int(n) > max_before]
    assert len(new) == count
    educator_numbers = session.exec(select(EducatorProfile.educator_number)).all()
    assert len(set(educator_numbers)) == len(educator_numbers)
    orphans = session.execute(
        text(
            "SELECT (SELECT COUNT(*) FROM license l LEFT JOIN educator_profile p "
            "ON p.id = l.holder_id WHERE p.id IS NULL) + (SELECT COUNT(*) FROM endorsement e "
            "LEFT JOIN license l ON l.id = e.license_id WHERE l.id IS NULL)"
        )
    ).scalar_one()
    assert orphans == 0
    without_endorsement = session.execute(
        text(
            "SELECT COUNT(*) FROM license l WHERE NOT EXISTS "
            "(SELECT 1 FROM endorsement e WHERE e.license_id = l.id)"
        )
    ).scalar_one()
    assert without_endorsement == 0
    missing_keys = session.execute(
        text(
            "SELECT COUNT(*) FROM educator_profile WHERE first_name_key = '' OR last_name_key = ''"
        )
    ).scalar_one()
    assert missing_keys == 0


def test_bulk_loader_appends_exactly_count_licenses(demo_session: Session, db_url: str) -> None:
    _check_bulk_load(db_url, demo_session, 5000)
    # Loaded rows read back through the ORM like any other.
    lic = demo_session.exec(select(License).order_by(License.id.desc()).limit(1)).one()
    holder = demo_session.get(EducatorProfile, lic.holder_id)
    assert holder is not None and holder.created_at is not None
    assert isinstance(lic.expires_on, date)
    # Again on top: numbers stay unique.
    _check_bulk_load(db_url, demo_session, 1234)
    path = make_url(db_url).database
    assert path is not None
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_bulk_loader_on_an_empty_database(session: Session, db_url: str) -> None:
    _check_bulk_load(db_url, session, 3000)


@pytest.mark.postgres
def test_demo_and_bulk_load_on_postgres(
    pg_migrated_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_ARGON2_FAST", "1")
    passwords._context.cache_clear()
    engine = make_engine(pg_migrated_url)
    try:
        with Session(engine) as session:
            demo.load_demo_data(session, TODAY)
            session.commit()
            assert not demo.database_is_empty(session)
            _check_bulk_load(pg_migrated_url, session, 5000)
            # Id sequences moved past the loaded ids: an ORM insert still works.
            holder = EducatorProfile(
                educator_number="X0000001", first_name="Ada", last_name="Lovelace"
            )
            session.add(holder)
            session.flush()
            session.rollback()
    finally:
        engine.dispose()


def test_both_districts_have_a_queue_worth_looking_at(demo_session: Session) -> None:
    """Issue 15 #9: a dozen or so applications of several types and ages; in Magnolia one
    assigned to its superintendent, one with internal notes, one returned for correction."""
    s = demo_session
    districts = {d.code: d for d in s.exec(select(District)).all()}
    magnolia_super = _account(s, "superintendent@magnolia.demo.example")
    teacher = _account(s, "teacher@magnolia.demo.example")
    applications = s.exec(select(Application)).all()
    assert len(applications) >= 12
    for code in ("0100", "0200"):
        mine = [a for a in applications if a.district_id == districts[code].id]
        waiting = [a for a in mine if a.status == "submitted"]
        assert len(waiting) >= 5 and len({a.app_type for a in mine}) >= 3
    ages = sorted((TODAY - clock.local(a.submitted_at).date()).days for a in applications)  # type: ignore[arg-type]
    assert ages[0] == 0 and 60 <= ages[-1] <= 70
    magnolia = [a for a in applications if a.district_id == districts["0100"].id]
    assert [a.assigned_to_id for a in magnolia if a.assigned_to_id] == [magnolia_super.id]
    assert [a.status for a in magnolia].count("returned") == 1
    noted = {n.application_id for n in s.exec(select(ApplicationNote)).all()}
    assert len(noted) == 1 and noted <= {a.id for a in magnolia if a.status == "submitted"}
    # The demo teacher has no application: her pages stay as the other tests expect.
    teacher_profile = s.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == teacher.id)
    ).one()
    assert all(a.applicant_id != teacher_profile.id for a in applications)
