"""A small world for the approval tests: two districts, their superintendents, the state
office, and educators with licenses and submitted applications (built through the services)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from licensure_app.infra.demo import validity_start
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    Application,
    AuditEvent,
    District,
    EducatorProfile,
    Endorsement,
    License,
)
from licensure_app.models._base import utcnow
from licensure_app.services import accounts, applications, audit, pd
from licensure_app.services.accounts.authz import Principal, principal_for
from licensure_app.services.pd import evidence
from licensure_app.services.rules import load_rules

TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATTESTATION = {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True}


@dataclass(frozen=True)
class World:
    magnolia_id: int
    pine_id: int
    magnolia_super: Account
    pine_super: Account
    state: Account


@dataclass(frozen=True)
class Educator:
    account: Account
    profile_id: int
    license_id: int
    license_number: str


def build_world(session: Session) -> World:
    magnolia = District(code="0100", name="Magnolia County School District")
    pine = District(code="0200", name="Pine Valley School District")
    session.add_all([magnolia, pine])
    session.flush()

    def account(email: str, role: str, name: str, district_id: int | None = None) -> Account:
        row = Account(
            email=email, password_hash="x", role=role, district_id=district_id, display_name=name
        )
        session.add(row)
        session.flush()
        return row

    magnolia_super = account(
        "super@magnolia.test", ROLE_DISTRICT_APPROVER, "Dana Whitfield", magnolia.id
    )
    pine_super = account("super@pine.test", ROLE_DISTRICT_APPROVER, "Marcus Bell", pine.id)
    state = account("state@office.test", ROLE_STATE_STAFF, "State Office")
    magnolia.superintendent_account_id = magnolia_super.id
    pine.superintendent_account_id = pine_super.id
    session.add_all([magnolia, pine])
    session.commit()
    return World(magnolia.id or 0, pine.id or 0, magnolia_super, pine_super, state)


def principal(session: Session, account: Account) -> Principal:
    return principal_for(session, session.get(Account, account.id) or account)


def actor_of(p: Principal) -> audit.Actor:
    return audit.Actor(p.account_id, p.role, "192.0.2.1")


def add_educator(
    session: Session,
    email: str,
    district_id: int,
    number: str,
    expires_in_days: int = 100,
    license_class: str = "AA",
    license_type: str = "Standard",
    status: str = "active",
    ceus: float = 5.0,
) -> Educator:
    """A registered educator employed in the district, holding one license, with CEUs."""
    acct = accounts.register_educator(session, "Riley", f"Tester{number}", email, "x")
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == acct.id)
    ).one()
    profile.employing_district_id = district_id
    profile.phone = "601-555-0100"
    profile.street, profile.city, profile.state, profile.zip_code = (
        "1 Oak Street",
        "Jackson",
        "MS",
        "39201",
    )
    session.add(profile)
    expires_on = TODAY + timedelta(days=expires_in_days)
    lic = License(
        license_number=number,
        holder_id=profile.id or 0,
        license_type=license_type,
        license_class=license_class,
        first_issued=validity_start(expires_on, 5),
        valid_from=validity_start(expires_on, 5),
        expires_on=expires_on,
        status=status,
    )
    session.add(lic)
    session.flush()
    session.add(
        Endorsement(license_id=lic.id or 0, code="0190", subject="Mathematics", grade_span="7-12")
    )
    if ceus:
        result = pd.add_activity(
            session,
            audit.Actor(acct.id, ROLE_EDUCATOR),
            profile.id or 0,
            pd.ActivityForm(
                "Workshop", "MDE", "ceu", str(ceus), (TODAY - timedelta(days=30)).isoformat()
            ),
            TODAY,
        )
        assert not result.errors, result.errors
        evidence.store_evidence(
            session,
            audit.Actor(acct.id, ROLE_EDUCATOR),
            profile.id or 0,
            "cert.pdf",
            PDF,
            activity_id=result.activity_id,
        )
    session.commit()
    return Educator(acct, profile.id or 0, lic.id or 0, number)


def met_option_id(session: Session, license_class: str = "AA") -> int:
    """The "5 CEUs" (AA) or first option of the class."""
    return load_rules(session).options_for(license_class)[0].id


def submit_renewal(session: Session, educator: Educator) -> int:
    actor = audit.Actor(educator.account.id, ROLE_EDUCATOR)
    draft = applications.start_or_resume(
        session, actor, educator.profile_id, "renewal", educator.license_number
    )
    applications.save_draft(
        session,
        actor,
        educator.profile_id,
        draft.application_id,
        {"renewal_option_id": met_option_id(session), "attestation": ATTESTATION},
        3,
    )
    assessment = applications.submit(
        session, actor, educator.profile_id, draft.application_id, TODAY
    )
    assert assessment.ready, assessment
    session.commit()
    return draft.application_id


def submit_endorsement(session: Session, educator: Educator, subject: str = "Chemistry") -> int:
    actor = audit.Actor(educator.account.id, ROLE_EDUCATOR)
    draft = applications.start_or_resume(
        session, actor, educator.profile_id, "additional_endorsement", educator.license_number
    )
    row, problem = evidence.store_evidence(
        session, actor, educator.profile_id, "praxis.pdf", PDF, application_id=draft.application_id
    )
    assert row is not None, problem
    applications.save_draft(
        session,
        actor,
        educator.profile_id,
        draft.application_id,
        {
            "questions": {
                "endorsement_subject": subject,
                "grade_span": "7-12",
                "endorsement_basis": "Licensure test",
            },
            "attachment_kinds": {str(row.id): "qualifying_evidence"},
            "attestation": ATTESTATION,
        },
        3,
    )
    assessment = applications.submit(
        session, actor, educator.profile_id, draft.application_id, TODAY
    )
    assert assessment.ready, assessment
    session.commit()
    return draft.application_id


def answers(session: Session, application_id: int) -> dict:
    row = session.get(Application, application_id)
    assert row is not None
    return json.loads(row.answers_json)


def refusals(session: Session, entity_id: int) -> list[AuditEvent]:
    """The "access.refused" audit events about one application."""
    return list(
        session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "access.refused",
                AuditEvent.entity_type == "application",
                AuditEvent.entity_id == str(entity_id),
            )
        ).all()
    )


def reload_license(session: Session, license_id: int) -> License:
    """The license as the database holds it now."""
    session.expire_all()
    lic = session.get(License, license_id)
    assert lic is not None
    return lic


def in_state_review(
    session: Session, educator: Educator, app_type: str, questions: dict[str, str], **kw: object
) -> int:
    """An application already forwarded by the district (the wizard's checks are not the
    subject here)."""
    application = Application(
        applicant_id=educator.profile_id,
        app_type=app_type,
        license_id=kw.get("license_id", educator.license_id),  # type: ignore[arg-type]
        license_key=kw.get("license_id", educator.license_id) or 0,  # type: ignore[arg-type]
        district_id=kw.get("district_id"),  # type: ignore[arg-type]
        status="state_review",
        answers_json=json.dumps({"questions": questions}),
        submitted_at=utcnow(),
    )
    session.add(application)
    session.commit()
    return application.id or 0


# ---------------------------------------------------------------- fixtures
# Import them into a test module or conftest to use them (`from approval_world import ...`).


@pytest.fixture
def uploads_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Evidence files of the test go to its own temporary folder."""
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def teacher(session: Session, world: World) -> Educator:
    return add_educator(session, "riley@example.org", world.magnolia_id, "500100")
