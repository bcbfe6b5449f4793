"""The educator record for state staff: finding an educator by name, previous name,
e-mail, educator ID or license number (indexed, capped), and one record per educator
whose every opening is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from approval_world import Educator, World, actor_of, add_educator, principal, submit_renewal
from sqlalchemy import text
from sqlmodel import Session, select

from licensure_app.models import (
    ApplicationNote,
    AuditEvent,
    EducatorProfile,
    EvidenceFile,
    NameChangeRequest,
)
from licensure_app.services import state_office
from licensure_app.services.state_office import educator_search


def _profile(session: Session, educator: Educator) -> EducatorProfile:
    profile = session.get(EducatorProfile, educator.profile_id)
    assert profile is not None
    return profile


def test_an_educator_is_found_by_each_thing_staff_know(
    session: Session, world: World, teacher: Educator
) -> None:
    profile = _profile(session, teacher)
    add_educator(session, "other@x.test", world.pine_id, "400777", ceus=0)
    by = {
        "educator ID": profile.educator_number.lower(),
        "license number": teacher.license_number,
        "e-mail": teacher.account.email.upper(),
        "last name": profile.last_name[:9],
        "last, first": f"{profile.last_name}, {profile.first_name}",
        "first last": f"{profile.first_name} {profile.last_name}",
    }
    for how, query in by.items():
        hits = state_office.search_educators(session, query)
        assert [h.educator_number for h in hits] == [profile.educator_number], how
    [hit] = state_office.search_educators(session, teacher.license_number)
    assert teacher.license_number in hit.licenses and hit.district.startswith("Magnolia")


def test_a_previous_name_finds_the_educator(session: Session, world: World, teacher: Educator):
    profile = _profile(session, teacher)
    document = EvidenceFile(
        owner_id=profile.id,
        original_name="decree.pdf",
        stored_name="d" * 32,
        content_type="application/pdf",
        size_bytes=10,
        sha256="0" * 64,
    )
    session.add(document)
    session.flush()
    session.add(
        NameChangeRequest(
            profile_id=profile.id,
            requested_by_id=teacher.account.id,
            first_name=profile.first_name,
            last_name=profile.last_name,
            previous_first_name=profile.first_name,
            previous_last_name="Okonkwo-Béranger",
            reason="Marriage",
            evidence_id=document.id,
            status="approved",
        )
    )
    session.commit()
    hits = state_office.search_educators(session, "okonkwo-ber")
    assert [h.educator_number for h in hits] == [profile.educator_number]


def test_nonsense_and_oversized_queries_find_nobody(session: Session, teacher: Educator):
    assert state_office.search_educators(session, "") == []
    assert state_office.search_educators(session, "x" * 500) == []
    assert state_office.search_educators(session, "Zzyzx") == []
    assert state_office.search_educators(session, "'; DROP TABLE license; --") == []


def test_results_are_capped(session: Session, world: World) -> None:
    for n in range(educator_search.SEARCH_CAP + 3):
        add_educator(session, f"cap{n}@x.test", world.pine_id, f"5{n:05d}", ceus=0)
    assert len(state_office.search_educators(session, "Tester")) == educator_search.SEARCH_CAP


def test_name_search_uses_the_name_index(session: Session, teacher: Educator) -> None:
    plan = session.execute(
        text(
            "EXPLAIN QUERY PLAN SELECT id FROM educator_profile "
            "WHERE last_name_key >= :lo AND last_name_key < :hi LIMIT 25"
        ),
        {"lo": "tes", "hi": "tes\U0010ffff"},
    ).all()
    assert any("ix_educator_profile_name_sort" in str(row) for row in plan), plan


def test_the_record_gathers_the_person_and_its_opening_is_audited(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    app_id = submit_renewal(session, teacher)
    session.add(
        ApplicationNote(application_id=app_id, author_id=world.magnolia_super.id, body="Call HR")
    )
    session.commit()
    staff = actor_of(principal(session, world.state))
    number = _profile(session, teacher).educator_number
    record = state_office.educator_record(session, staff, number)
    session.commit()
    assert record is not None
    assert record.email == teacher.account.email
    assert record.employing_district == "Magnolia County School District"
    assert [lic.license_number for lic in record.licenses] == [teacher.license_number]
    assert record.activities and "Workshop" in record.activities[0].what
    [application] = record.applications
    assert application.title.startswith("Renewal") and f"#{app_id}" in application.title
    assert [n.details for n in application.notes] == ["Call HR"]
    assert any(row.action.startswith("application.") for row in record.audit_trail)
    [viewed] = actions("educator.record_viewed")
    assert viewed.actor_id == world.state.id and viewed.entity_id == str(teacher.profile_id)
    assert state_office.educator_record(session, staff, "E0000000") is None


def test_only_state_staff_open_a_record(session: Session, world: World, teacher: Educator):
    number = _profile(session, teacher).educator_number
    with pytest.raises(PermissionError):
        state_office.educator_record(
            session, actor_of(principal(session, world.magnolia_super)), number
        )
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.action == "educator.record_viewed")).all()
        == []
    )
