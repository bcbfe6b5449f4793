"""One application's record for the approver, and "not found" outside the scope."""

from __future__ import annotations

from approval_world import (
    Educator,
    World,
    principal,
    submit_renewal,
)
from sqlmodel import Session

from licensure_app.services import approvals


def test_detail_for_the_district_and_not_found_for_others(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    found = approvals.detail(session, magnolia, app_id)
    assert found is not None
    assert found.applicant.email == "riley@example.org"
    assert found.applicant.phone == "601-555-0100"
    assert found.license is not None and found.license.number == "500100"
    assert found.renewal_option == "5 CEUs"
    assert found.counted_totals == ["5 CEUs counted"]
    (activity,) = found.counted
    (file,) = activity.evidence
    assert file.href == f"/api/evidence/{file.evidence_id}" and file.kind == "pdf"
    assert found.can_decide and found.needs_verification
    assert "valid until" in found.approve_effect
    assert [t.status for t in found.timeline] == ["Submitted"]
    assert ("Sworn statement", "Confirmed") in [(a.label, a.value) for a in found.attestation]

    pine = principal(session, world.pine_super)
    assert approvals.detail(session, pine, app_id) is None
    assert approvals.detail(session, pine, 999999) is None


def test_an_activity_voided_after_submission_shows_as_voided_and_no_longer_counts(
    session: Session, world: World, teacher: Educator
) -> None:
    from approval_world import actor_of

    from licensure_app.services import state_office

    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    (activity,) = approvals.detail(session, magnolia, app_id).counted
    staff = actor_of(principal(session, world.state))
    assert state_office.void_activity(session, staff, activity.activity_id, "Not a real course").ok
    found = approvals.detail(session, magnolia, app_id)
    assert found.counted[0].verification == "Voided by the state office: Not a real course"
    assert found.counted_totals == []
