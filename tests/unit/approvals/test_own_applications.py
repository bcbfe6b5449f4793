"""Nobody decides their own application (SPEC §1, issue 13 #1): not an approver who filed
it or whose license it concerns, and not a colleague approver of the same district; the
state office decides those. Each path is refused on the server and audited."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from approval_world import (
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    principal,
    refusals,
    reload_license,
    submit_renewal,
)
from sqlmodel import Session, select

from licensure_app.models import Application, EducatorProfile, License, PDActivity
from licensure_app.models._base import utcnow
from licensure_app.services import approvals
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.state_office import designees


def designate(session: Session, world: World, educator: Educator) -> Principal:
    """The superintendent of Magnolia names the educator a designee; her principal now."""
    superintendent = principal(session, world.magnolia_super)
    granted = designees.grant(
        session, superintendent, actor_of(superintendent), educator.account.email
    )
    assert granted.ok, granted.message
    session.commit()
    designee = principal(session, educator.account)
    assert world.magnolia_id in designee.approver_district_ids
    return designee


def _status(session: Session, app_id: int) -> str:
    session.expire_all()
    application = session.get(Application, app_id)
    assert application is not None
    return application.status


def _pd_verification(session: Session, educator: Educator) -> list[str]:
    session.expire_all()
    return list(
        session.exec(
            select(PDActivity.verification).where(PDActivity.holder_id == educator.profile_id)
        ).all()
    )


Decide = Callable[[Session, Principal, int], approvals.Decision]
DECISIONS: dict[str, Decide] = {
    "approve": lambda s, p, i: approvals.approve_application(s, p, actor_of(p), i, True, TODAY),
    "return": lambda s, p, i: approvals.return_application(s, p, actor_of(p), i, "Fix it"),
    "reject": lambda s, p, i: approvals.reject_application(s, p, actor_of(p), i, "No"),
}


@pytest.mark.parametrize("kind", list(DECISIONS))
def test_a_designee_cannot_decide_her_own_renewal(
    session: Session, world: World, teacher: Educator, kind: str
) -> None:
    app_id = submit_renewal(session, teacher)
    designee = designate(session, world, teacher)
    old = reload_license(session, teacher.license_id).expires_on

    decision = DECISIONS[kind](session, designee, app_id)
    session.commit()

    assert not decision.ok
    assert _status(session, app_id) == "submitted"
    assert reload_license(session, teacher.license_id).expires_on == old
    # Her own self-entered activity is not verified by her.
    assert _pd_verification(session, teacher) == ["unverified"]
    assert decision.message == approvals.OWN_APPLICATION
    refused = refusals(session, app_id)
    assert [json.loads(r.after_json)["action"] for r in refused] == [kind]
    assert [r.actor_id for r in refused] == [teacher.account.id]


def test_a_designee_cannot_bulk_approve_her_own_renewal(
    session: Session, world: World, teacher: Educator
) -> None:
    colleague = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    own = submit_renewal(session, teacher)
    other = submit_renewal(session, colleague)
    designee = designate(session, world, teacher)
    old = reload_license(session, teacher.license_id).expires_on

    listed = approvals.bulk_candidates(session, designee, [own, other])
    result = approvals.bulk_approve_renewals(
        session, designee, actor_of(designee), [own, other], True, TODAY
    )
    session.commit()

    assert _status(session, own) == "submitted"
    assert reload_license(session, teacher.license_id).expires_on == old
    assert _pd_verification(session, teacher) == ["unverified"]
    assert [c.application_id for c in listed] == [other]
    assert result.problems == [f"Application {own}: {approvals.OWN_APPLICATION}"]
    assert len(result.approved) == 1 and _status(session, other) == "approved"
    assert [json.loads(r.after_json)["action"] for r in refusals(session, own)] == ["approve"]


def test_her_own_renewal_is_visible_but_not_decidable_in_her_queue(
    session: Session, world: World, teacher: Educator
) -> None:
    colleague = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    own = submit_renewal(session, teacher)
    other = submit_renewal(session, colleague)
    designee = designate(session, world, teacher)

    found = approvals.detail(session, designee, own)
    assert found is not None and not found.can_decide
    assert found.decision_note == approvals.OWN_APPLICATION
    assert approvals.detail(session, designee, other).can_decide  # type: ignore[union-attr]

    waiting = approvals.queue(session, designee, approvals.QueueFilters())
    # Not waiting for her decision: neither listed nor counted as waiting.
    assert [r.application_id for r in waiting.rows] == [other]
    assert waiting.waiting == 1
    everything = approvals.queue(session, designee, approvals.QueueFilters(status="all"))
    rows = {r.application_id: r for r in everything.rows}
    assert set(rows) == {own, other}
    assert not rows[own].can_bulk_approve and rows[other].can_bulk_approve


def test_the_superintendent_leaves_a_designees_renewal_to_the_state(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    designate(session, world, teacher)
    superintendent = principal(session, world.magnolia_super)
    state = principal(session, world.state)

    assert app_id not in [
        r.application_id
        for r in approvals.queue(session, superintendent, approvals.QueueFilters()).rows
    ]
    refused = approvals.approve_application(
        session, superintendent, actor_of(superintendent), app_id, True, TODAY
    )
    session.commit()
    assert not refused.ok and _status(session, app_id) == "submitted"
    assert refused.message == approvals.COLLEAGUE_APPLICATION
    assert refusals(session, app_id)

    # The state office has it waiting and decides it.
    state_queue = approvals.queue(session, state, approvals.QueueFilters())
    assert [r.application_id for r in state_queue.rows] == [app_id]
    assert state_queue.waiting == 1
    decided = approvals.approve_application(session, state, actor_of(state), app_id, True, TODAY)
    session.commit()
    assert decided.ok, decided.message
    assert _status(session, app_id) == "approved"


def test_a_superintendent_with_a_license_cannot_decide_her_own_application(
    session: Session, world: World
) -> None:
    # A superintendent's account holds a profile and a license of its own.
    profile = EducatorProfile(
        account_id=world.magnolia_super.id,
        educator_number="E0900",
        first_name="Dana",
        last_name="Whitfield",
        employing_district_id=world.magnolia_id,
    )
    session.add(profile)
    session.flush()
    lic = License(
        license_number="500900",
        holder_id=profile.id or 0,
        license_type="Administrator",
        license_class="AA",
        first_issued=TODAY,
        valid_from=TODAY,
        expires_on=TODAY.replace(year=TODAY.year + 1),
        status="active",
    )
    session.add(lic)
    session.flush()
    application = Application(
        applicant_id=profile.id or 0,
        app_type="renewal",
        license_id=lic.id,
        license_key=lic.id or 0,
        district_id=world.magnolia_id,
        status="submitted",
        answers_json="{}",
        submitted_at=utcnow(),
    )
    session.add(application)
    session.commit()
    superintendent = principal(session, world.magnolia_super)

    decision = approvals.approve_application(
        session, superintendent, actor_of(superintendent), application.id or 0, True, TODAY
    )
    session.commit()
    assert not decision.ok and _status(session, application.id or 0) == "submitted"
    assert decision.message == approvals.OWN_APPLICATION
    assert refusals(session, application.id or 0)


def test_an_application_about_my_license_filed_by_someone_else_is_mine(
    session: Session, world: World, teacher: Educator
) -> None:
    """The target license's holder counts as well as the applicant."""
    colleague = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    app_id = submit_renewal(session, colleague)
    application = session.get(Application, app_id)
    assert application is not None
    application.license_id = teacher.license_id
    session.add(application)
    session.commit()
    designee = designate(session, world, teacher)

    decision = approvals.reject_application(
        session, designee, actor_of(designee), app_id, "Not mine to decide"
    )
    session.commit()
    assert not decision.ok and _status(session, app_id) == "submitted"
    assert decision.message == approvals.OWN_APPLICATION


def test_a_designee_decides_other_applicants_renewals(
    session: Session, world: World, teacher: Educator
) -> None:
    """A designee's account keeps the educator role; she decides as a district approver."""
    colleague = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    app_id = submit_renewal(session, colleague)
    designee = designate(session, world, teacher)
    decision = approvals.approve_application(
        session, designee, actor_of(designee), app_id, True, TODAY
    )
    session.commit()
    assert decision.ok, decision.message
    assert _status(session, app_id) == "approved"
    found = approvals.detail(session, designee, app_id)
    assert found is not None
    assert found.timeline[-1].actor == f"District approver ({teacher.account.display_name})"
