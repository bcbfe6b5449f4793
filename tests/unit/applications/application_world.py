"""A district with a superintendent, an educator with a renewable license and one CEU
activity: the world the application lifecycle tests run in."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from licensure_app.domain.rules import default_rules
from licensure_app.models import Account, District, EducatorProfile, License, PDActivity
from licensure_app.services import applications, audit

TODAY = date(2026, 11, 24)
RULES = default_rules()
ATTEST = {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True}


def make_world(session: Session) -> dict:
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


def option_id(session: Session) -> int:
    return next(o.id for o in RULES.options_for("AA") if o.parts[0].kind == "ceu")


def ready_renewal(session: Session, world: dict) -> int:
    """A renewal draft with a met option and the declaration: ready to submit."""
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"renewal_option_id": option_id(session), "attestation": ATTEST},
        5,
    )
    session.commit()
    return draft.application_id
