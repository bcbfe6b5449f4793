"""Eligibility by application type, answer validation and the assessment before submission."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from licensure_app.domain import renewal
from licensure_app.domain.application_types import TYPES, EligibilityContext, validate_answers
from licensure_app.models import Application
from licensure_app.services import applications

from .application_world import ATTEST, RULES, TODAY


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


def test_renewal_needs_a_met_option_chosen(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    app = session.get(Application, draft.application_id)
    assert applications.assess(session, app, TODAY).problems == [
        "Choose a renewal option you have met."
    ]


def test_declaration_needs_both_answers_an_explanation_and_the_oath() -> None:
    assert applications.attestation_errors({}) == {
        "conduct_convicted": "Answer yes or no.",
        "conduct_disciplined": "Answer yes or no.",
        "sworn": "Confirm the sworn statement to submit.",
    }
    errors = applications.attestation_errors(
        {"conduct_convicted": "yes", "conduct_disciplined": "no", "sworn": "true"}
    )
    assert errors == {
        "conduct_explanation": "Explain each “yes” answer.",
        "sworn": "Confirm the sworn statement to submit.",
    }
    assert applications.attestation_errors(ATTEST) == {}
