"""Application types (eligibility as data) and the application lifecycle."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.domain import renewal
from licensure_app.domain.application_types import TYPES, EligibilityContext, validate_answers
from licensure_app.domain.rules import default_rules
from licensure_app.models import (
    Account,
    Application,
    ApplicationTransition,
    AuditEvent,
    District,
    EducatorProfile,
    License,
    Notification,
    PDActivity,
)
from licensure_app.services import applications, audit
from licensure_app.services.applications import ApplicationError

TODAY = date(2026, 11, 24)
RULES = default_rules()


def _facts(
    license_type: str = "Standard",
    status: str = "active",
    expires_in: int = 150,
    years: int = 5,
) -> renewal.LicenseFacts:
    expires = TODAY + timedelta(days=expires_in)
    start = date(expires.year - years, expires.month, expires.day) + timedelta(days=1)
    return renewal.LicenseFacts(1, "100100", license_type, "AA", start, expires, status)


def _ctx(
    lic: renewal.LicenseFacts | None, answers: dict | None = None, ceus: float = 0
) -> EligibilityContext:
    progress = None
    if lic is not None:
        acts = [renewal.ActivityFacts(1, "x", "ceu", ceus, TODAY)] if ceus else []
        progress = renewal.evaluate(lic, acts, RULES, TODAY)
    return EligibilityContext(TODAY, RULES, lic, progress, answers or {})


def test_every_spec_type_is_defined() -> None:
    assert set(TYPES) == {
        "renewal", "initial", "upgrade", "additional_endorsement", "administrator",
        "student_services", "substitute", "speech_language_pathologist",
        "career_technical_upgrade", "reactivation", "out_of_state", "provisional", "extension",
    }  # fmt: skip
    assert TYPES["renewal"].decided_by == "district"
    assert all(t.decided_by == "district_then_state" for c, t in TYPES.items() if c != "renewal")


@pytest.mark.parametrize(
    ("code", "lic", "ceus", "answers", "expected"),
    [
        ("renewal", _facts(), 5, {}, []),
        ("renewal", _facts(), 3, {}, ["You have not met a renewal option yet"]),
        ("renewal", _facts(expires_in=400), 5, {}, ["You can file your renewal from"]),
        ("renewal", _facts(license_type="Provisional", years=3), 5, {}, ["provisional license"]),
        ("renewal", _facts(expires_in=-3), 5, {}, ["reactivation"]),
        ("reactivation", _facts(expires_in=-3, status="expired"), 0, {}, []),
        ("reactivation", _facts(), 0, {}, ["has not expired"]),
        ("upgrade", _facts(expires_in=45), 0, {}, []),
        ("upgrade", _facts(expires_in=90), 0, {}, ["An upgrade may be filed from"]),
        ("upgrade", _facts(expires_in=20), 0, {}, ["An upgrade may be filed from"]),
        (
            "upgrade",
            _facts(expires_in=45),
            0,
            {"years_experience": "3", "years_mentoring": "2", "pd_contact_hours": "30"},
            ["at least 4 years of experience"],
        ),
        (
            "upgrade",
            _facts(expires_in=45),
            0,
            {"years_experience": "4", "years_mentoring": "1", "pd_contact_hours": "29"},
            ["at least 2 years of mentoring", "at least 30 professional development contact hours"],
        ),
        ("career_technical_upgrade", _facts(expires_in=45), 0, {}, ["Career & Technical licenses"]),
        ("extension", _facts(license_type="Provisional", years=3), 0, {}, []),
        ("extension", _facts(), 0, {}, ["not a provisional license"]),
        ("additional_endorsement", _facts(status="suspended"), 0, {}, ["must be active"]),
        ("additional_endorsement", None, 0, {}, ["Choose the license"]),
        ("initial", None, 0, {}, []),
    ],
)
def test_eligibility(code: str, lic, ceus: float, answers: dict, expected: list[str]) -> None:
    problems = TYPES[code].eligibility_problems(_ctx(lic, answers, ceus))
    if not expected:
        assert problems == []
    for fragment in expected:
        assert any(fragment in p for p in problems), problems


def test_answer_validation() -> None:
    upgrade = TYPES["upgrade"]
    errors = validate_answers(
        upgrade, {"years_experience": "many", "years_mentoring": "-1", "target_class": "Z"}
    )
    assert errors["years_experience"] == "Enter a number."
    assert "from 0 to 60" in errors["years_mentoring"]
    assert errors["target_class"] == "Choose one of the options."
    assert "pd_contact_hours" in errors
    ok = {
        "years_experience": "5",
        "years_mentoring": "2",
        "pd_contact_hours": "30",
        "target_class": "AAA",
    }
    assert validate_answers(upgrade, ok) == {}


# ---------------------------------------------------------------- lifecycle against a database

ATTEST = {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True}


@pytest.fixture
def world(session: Session) -> dict:
    district = District(code="0100", name="Magnolia")
    session.add(district)
    session.flush()
    supt = Account(
        email="supt@example.org",
        password_hash="x",
        role="district_approver",
        district_id=district.id,
    )
    teacher = Account(email="t@example.org", password_hash="x", role="educator")
    session.add_all([supt, teacher])
    session.flush()
    district.superintendent_account_id = supt.id
    profile = EducatorProfile(
        account_id=teacher.id,
        educator_number="E0000001",
        first_name="Avery",
        last_name="Thompson",
        employing_district_id=district.id,
    )
    session.add(profile)
    session.flush()
    lic = License(
        license_number="100100",
        holder_id=profile.id,
        license_type="Standard",
        license_class="AA",
        first_issued=date(2010, 1, 1),
        valid_from=date(2022, 4, 24),
        expires_on=TODAY + timedelta(days=150),
        status="active",
    )
    session.add(lic)
    session.add(
        PDActivity(
            holder_id=profile.id,
            title="Workshop",
            provider="MDE",
            kind="ceu",
            amount=5,
            completed_on=TODAY,
        )
    )
    session.commit()
    return {
        "profile": profile.id,
        "actor": audit.Actor(teacher.id, "educator"),
        "supt": supt.id,
        "teacher": teacher.id,
        "district": district.id,
    }


def _option_id(session: Session) -> int:
    return next(o.id for o in RULES.options_for("AA") if o.parts[0].kind == "ceu")


def _ready_renewal(session: Session, world: dict) -> int:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"renewal_option_id": _option_id(session), "attestation": ATTEST},
        5,
    )
    session.commit()
    return draft.application_id


def test_draft_resumes_instead_of_duplicating(session: Session, world: dict) -> None:
    first = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        first.application_id,
        {"questions": {"a": "b"}},
        3,
    )
    session.commit()
    again = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert again.application_id == first.application_id
    assert again.step == 3 and again.answers["questions"] == {"a": "b"}


def test_cannot_apply_for_someone_elses_license(session: Session, world: dict) -> None:
    other = EducatorProfile(educator_number="E0000009", first_name="X", last_name="Y")
    session.add(other)
    session.commit()
    with pytest.raises(ApplicationError, match="your own licenses"):
        applications.start_or_resume(session, world["actor"], other.id, "renewal", "100100")


def test_submit_requires_declaration_then_notifies_approvers(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"renewal_option_id": _option_id(session)},
        5,
    )
    result = applications.submit(
        session, world["actor"], world["profile"], draft.application_id, TODAY
    )
    assert not result.ready and "sworn" in result.attestation_errors
    applications.save_draft(
        session, world["actor"], world["profile"], draft.application_id, {"attestation": ATTEST}, 5
    )
    assert applications.submit(
        session, world["actor"], world["profile"], draft.application_id, TODAY
    ).ready
    session.commit()
    app = session.get(Application, draft.application_id)
    assert app.status == "submitted" and app.submitted_at is not None
    snapshot = json.loads(app.answers_json)["renewal_snapshot"]
    assert [s["title"] for s in snapshot] == ["Workshop"]
    notes = session.exec(
        select(Notification).where(Notification.recipient_id == world["supt"])
    ).all()
    assert len(notes) == 1 and "submitted a renewal application" in notes[0].text
    assert notes[0].link == f"/approvals?application={app.id}"
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.submitted")
    ).one()


def test_double_submit_in_two_sessions_submits_once(
    db_url: str, session: Session, world: dict
) -> None:
    app_id = _ready_renewal(session, world)
    engine = make_engine(db_url)
    results: list[bool] = []

    def click() -> None:
        with Session(engine) as s:
            results.append(
                applications.submit(s, world["actor"], world["profile"], app_id, TODAY).ready
            )
            s.commit()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as s:
        transitions = s.exec(
            select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
        ).all()
        assert [t.to_status for t in transitions] == ["submitted"]
        assert len(s.exec(select(Application)).all()) == 1
        assert len(s.exec(select(Notification)).all()) == 1


def test_one_open_application_per_license_and_type_is_a_database_rule(
    session: Session, world: dict
) -> None:
    _ready_renewal(session, world)
    lic = session.exec(select(License)).one()
    session.add(
        Application(
            applicant_id=world["profile"],
            app_type="renewal",
            license_id=lic.id,
            license_key=lic.id,
            status="draft",
        )
    )
    with pytest.raises(Exception, match="UNIQUE"):
        session.commit()


def test_withdraw_and_timeline(session: Session, world: dict) -> None:
    app_id = _ready_renewal(session, world)
    applications.submit(session, world["actor"], world["profile"], app_id, TODAY)
    assert applications.withdraw(session, world["actor"], world["profile"], app_id)
    assert not applications.withdraw(session, world["actor"], world["profile"], app_id)
    session.commit()
    view = applications.applications_for(session, world["profile"])[0]
    assert view.status_label == "Withdrawn" and not view.can_withdraw
    assert [t["status"] for t in view.timeline] == ["Submitted", "Withdrawn"]
    # A new renewal may be started once the old one is closed.
    again = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert again.application_id != app_id


def test_returned_application_resubmits_with_reason_shown(session: Session, world: dict) -> None:
    app_id = _ready_renewal(session, world)
    applications.submit(session, world["actor"], world["profile"], app_id, TODAY)
    app = session.get(Application, app_id)
    approver = audit.Actor(world["supt"], "district_approver")
    assert applications.transition(
        session, app, ("submitted",), "returned", approver, "Bring the certificate"
    )
    session.commit()
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert draft.application_id == app_id and draft.return_reason == "Bring the certificate"
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    session.commit()
    assert session.get(Application, app_id).status == "resubmitted"


def test_non_renewal_needs_its_attachment(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "additional_endorsement", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {
            "questions": {
                "endorsement_subject": "Biology",
                "grade_span": "7-12",
                "endorsement_basis": "Licensure test",
            },
            "attestation": ATTEST,
        },
        5,
    )
    result = applications.submit(
        session, world["actor"], world["profile"], draft.application_id, TODAY
    )
    assert not result.ready and result.attachment_problems == [
        "Attach: Test score report or transcript."
    ]
