"""The employing district (issue 15 #4): an educator asks on /profile, nothing changes
until the new district's superintendent confirms it among the "Staff changes" on
/district; both are audited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from licensure_app.infra import demo
from licensure_app.models import AuditEvent, District, EducatorProfile

from .applicants import PASSWORD, PINE_SUPER, Db, make_educator
from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e


def _district_of(db: Db, profile_id: int) -> str:
    with db.read() as session:
        profile = session.get(EducatorProfile, profile_id)
        return session.get(District, profile.employing_district_id).code


def test_a_move_waits_for_the_new_district_to_confirm(page: Page, db: Db) -> None:
    person = make_educator(db, "Mover", ceus=0)
    sign_in(page, person.email, PASSWORD)
    page.goto("/profile")
    expect(page.get_by_text(f"Your employing district: {demo.MAGNOLIA[1]}")).to_be_visible()
    page.get_by_label("Employing district").select_option(label=demo.PINE_VALLEY[1])
    page.get_by_role("button", name="Ask to change district").click()
    expect(page.get_by_text(f"Waiting for {demo.PINE_VALLEY[1]} to confirm you")).to_be_visible()
    assert _district_of(db, person.profile_id) == demo.MAGNOLIA[0]
    assert_accessible(page)
    sign_out(page)

    sign_in(page, PINE_SUPER)
    page.goto("/district")
    changes = page.get_by_role("region", name="Staff changes")
    changes.get_by_role("button", name=f"Confirm {person.name}").click()
    expect(page.get_by_role("status").filter(has_text="Confirmed.")).to_be_visible()
    expect(changes).to_have_count(0)
    assert _district_of(db, person.profile_id) == demo.PINE_VALLEY[0]
    with db.read() as session:
        actions = session.exec(
            select(AuditEvent.action).where(AuditEvent.entity_id == str(person.profile_id))
        ).all()
    assert "staff_change.requested" in actions
    assert "educator.employing_district_changed" in actions
