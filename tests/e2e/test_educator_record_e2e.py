"""One record per educator for state staff (issue 15 #3): "Search educators" by name or
license number, the record with licenses, PD, applications and the audit trail, and each
opening audited; approvers cannot open it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from licensure_app.infra import demo
from licensure_app.models import Account, AssessmentScore, AuditEvent, District, EducatorProfile

from .applicants import MAGNOLIA_SUPER, Db, make_educator
from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Teacher:
    id: int | None
    educator_number: str
    first_name: str
    last_name: str


def test_state_staff_find_an_educator_and_read_the_record(page: Page, db: Db) -> None:
    with db.read() as session:
        profile = session.exec(
            select(EducatorProfile)
            .join(Account, col(Account.id) == col(EducatorProfile.account_id))
            .where(Account.email == demo.TEACHER_EMAIL)
        ).one()
        teacher = Teacher(
            profile.id, profile.educator_number, profile.first_name, profile.last_name
        )
        staff_id = session.exec(select(Account.id).where(Account.email == demo.STATE_EMAIL)).one()
    sign_in(page, demo.STATE_EMAIL)
    page.get_by_role("link", name="Educators", exact=True).click()
    expect(page.get_by_role("heading", name="Educators", level=1)).to_be_visible()
    page.get_by_label("Search educators").fill(f"{teacher.last_name}, {teacher.first_name}")
    page.get_by_role("button", name="Search", exact=True).click()
    found = page.get_by_role("region", name="Educators found (25 at most)")
    expect(found.get_by_role("cell", name=teacher.educator_number, exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search educators").fill(demo.TEACHER_LICENSE_NUMBER)
    page.get_by_role("button", name="Search", exact=True).click()
    found.get_by_role("link", name=f"{teacher.last_name}, {teacher.first_name}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(teacher.last_name)
    expect(page.get_by_role("link", name=demo.TEACHER_LICENSE_NUMBER)).to_be_visible()
    expect(page.get_by_role("heading", name="Professional development")).to_be_visible()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.get_by_text(demo.TEACHER_EMAIL, exact=True)).to_be_visible()
    assert_accessible(page)
    with db.read() as session:
        viewers = session.exec(
            select(AuditEvent.actor_id).where(
                AuditEvent.action == "educator.record_viewed",
                AuditEvent.entity_id == str(teacher.id),
            )
        ).all()
    assert viewers and set(viewers) == {staff_id}
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto("/admin/educators/E0000000")
    expect(page.get_by_role("heading", name="Educator not found")).to_be_visible()


def test_an_approver_cannot_open_the_educator_pages(page: Page) -> None:
    sign_in(page, MAGNOLIA_SUPER)
    page.goto("/admin/educators")
    expect(page.get_by_text("You do not have access to this page")).to_be_visible()
    expect(page.get_by_label("Search educators")).to_have_count(0)


def test_state_staff_set_the_employing_district_on_the_record(page: Page, db: Db) -> None:
    person = make_educator(db, "Relocated", ceus=0)
    with db.read() as session:
        number = session.get(EducatorProfile, person.profile_id).educator_number
    sign_in(page, demo.STATE_EMAIL)
    page.goto(f"/admin/educators/{number}")
    facts = page.get_by_role("definition")
    expect(facts.filter(has_text=demo.MAGNOLIA[1])).to_be_visible()
    page.get_by_label("Set employing district").select_option(label=demo.PINE_VALLEY[1])
    page.get_by_role("button", name="Set district").click()
    expect(
        page.get_by_role("status").filter(has_text="Employing district changed.")
    ).to_be_visible()
    expect(facts.filter(has_text=demo.PINE_VALLEY[1])).to_be_visible()
    with db.read() as session:
        profile = session.get(EducatorProfile, person.profile_id)
        pine = session.exec(select(District.id).where(District.code == demo.PINE_VALLEY[0])).one()
        assert profile.employing_district_id == pine
        changed = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "educator.employing_district_changed",
                AuditEvent.entity_id == str(person.profile_id),
            )
        ).all()
        assert len(changed) == 1


def test_state_staff_add_and_correct_an_assessment_score_on_the_record(page: Page, db: Db) -> None:
    person = make_educator(db, "Scored", ceus=0)
    with db.read() as session:
        number = session.get(EducatorProfile, person.profile_id).educator_number
    sign_in(page, demo.STATE_EMAIL)
    page.goto(f"/admin/educators/{number}")
    expect(page.get_by_text("Nothing recorded yet.")).to_be_visible()
    page.get_by_role("button", name="Add assessment score").click()
    form = page.get_by_role("group", name="Add assessment score")
    form.get_by_label("Assessment", exact=True).fill("Praxis 5001")
    form.get_by_label("Score", exact=True).fill("-3")
    form.get_by_label("Taken on").fill("2010-01-05")
    form.get_by_role("button", name="Save record").click()
    expect(form.get_by_text("Enter the score, a whole number from 0 to 10000.")).to_be_visible()
    assert_accessible(page)
    form.get_by_label("Score", exact=True).fill("186")
    form.get_by_role("button", name="Save record").click()
    expect(
        page.get_by_role("status").filter(has_text="Assessment score: recorded.")
    ).to_be_visible()
    table = page.get_by_role("region", name="Transcripts, background checks and assessments")
    expect(table.get_by_role("cell", name="Praxis 5001: 186", exact=True)).to_be_visible()

    # The typo corrected in place: the form opens with the recorded values.
    table.get_by_role("button", name="Correct Assessment score Praxis 5001: 186").click()
    correct = page.get_by_role("group", name="Correct assessment score")
    expect(correct.get_by_label("Score", exact=True)).to_have_value("186")
    correct.get_by_label("Score", exact=True).fill("168")
    correct.get_by_role("button", name="Save correction").click()
    expect(
        page.get_by_role("status").filter(has_text="Assessment score: correction saved.")
    ).to_be_visible()
    expect(table.get_by_role("cell", name="Praxis 5001: 168", exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name="Praxis 5001: 186", exact=True)).to_have_count(0)
    with db.read() as session:
        scores = session.exec(
            select(AssessmentScore.score).where(AssessmentScore.holder_id == person.profile_id)
        ).all()
        assert scores == [168]
        corrected = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "assessment_score.corrected",
                AuditEvent.entity_id == str(person.profile_id),
            )
        ).one()
        assert '"score": 186' in corrected.before_json
