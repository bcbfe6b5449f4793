"""Decisions: renewal approval, refusals out of scope, return, reject, bulk approval,
the district-then-state path, and concurrent approvals against a real database."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest
from approval_world import (
    ATTESTATION,
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    build_world,
    in_state_review,
    principal,
    refusals,
    reload_license,
    submit_endorsement,
    submit_renewal,
)
from sqlmodel import Session, col, select

from licensure_app.db import make_engine
from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_date
from licensure_app.infra import schema
from licensure_app.models import (
    ROLE_EDUCATOR,
    Application,
    ApplicationTransition,
    AuditEvent,
    Endorsement,
    License,
    Notification,
    PDActivity,
)
from licensure_app.services import applications, approvals, audit
from licensure_app.services.rules import load_rules


def test_approving_a_renewal_renews_the_license_once(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    old = reload_license(session, teacher.license_id).expires_on

    refused = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, False, TODAY
    )
    assert not refused.ok and refused.field == "verified"
    assert session.get(Application, app_id).status == "submitted"  # type: ignore[union-attr]

    decision = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, True, TODAY
    )
    session.commit()
    assert decision.ok, decision.message
    valid_from, expires_on = renewal.next_validity_period(old, load_rules(session))
    lic = reload_license(session, teacher.license_id)
    assert (lic.valid_from, lic.expires_on, lic.status) == (valid_from, expires_on, "active")
    assert expires_on == date(old.year + 5, old.month, old.day) or expires_on.year == old.year + 5
    assert format_date(expires_on) in decision.message
    application = session.get(Application, app_id)
    assert application is not None and application.status == "approved"
    assert application.decided_at is not None
    renewed = session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "license.renewed",
            AuditEvent.entity_id == str(teacher.license_id),
        )
    ).all()
    assert len(renewed) == 1
    assert json.loads(renewed[0].after_json)["expires_on"] == expires_on.isoformat()
    assert session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "application.approved", AuditEvent.entity_id == str(app_id)
        )
    ).one()
    note = session.exec(
        select(Notification)
        .where(Notification.recipient_id == teacher.account.id)
        .order_by(col(Notification.id).desc())
    ).first()
    assert note is not None and format_date(expires_on) in note.text
    # The approver verified the originals: the counted activity is verified now.
    activity = session.exec(
        select(PDActivity).where(PDActivity.holder_id == teacher.profile_id)
    ).one()
    assert activity.verification == "verified" and activity.verified_by_id == magnolia.account_id

    # A second click renews nothing more.
    again = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, True, TODAY
    )
    session.commit()
    assert not again.ok and "already approved" in again.message
    assert reload_license(session, teacher.license_id).expires_on == expires_on


def test_another_districts_approver_is_refused_and_audited(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    pine = principal(session, world.pine_super)
    old = reload_license(session, teacher.license_id).expires_on
    for decide in (
        lambda: approvals.approve_application(session, pine, actor_of(pine), app_id, True, TODAY),
        lambda: approvals.return_application(session, pine, actor_of(pine), app_id, "Fix it"),
        lambda: approvals.reject_application(session, pine, actor_of(pine), app_id, "No"),
    ):
        result = decide()
        session.commit()
        # The same words as for an application that does not exist: nothing leaks.
        assert (result.ok, result.message) == (False, approvals.NOT_FOUND)
    missing = approvals.approve_application(session, pine, actor_of(pine), 987654, True, TODAY)
    assert missing.message == approvals.NOT_FOUND
    session.commit()
    refused = refusals(session, app_id)
    assert [json.loads(r.after_json)["action"] for r in refused] == ["approve", "return", "reject"]
    assert all(r.actor_id == world.pine_super.id for r in refused)
    assert session.get(Application, app_id).status == "submitted"  # type: ignore[union-attr]
    assert reload_license(session, teacher.license_id).expires_on == old


def test_return_needs_a_reason_then_resubmission_is_approved(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    actor = actor_of(magnolia)
    blank = approvals.return_application(session, magnolia, actor, app_id, "   ")
    assert (blank.ok, blank.field) == (False, "reason")
    returned = approvals.return_application(
        session, magnolia, actor, app_id, "Attach the certificate for the workshop."
    )
    session.commit()
    assert returned.ok
    assert session.get(Application, app_id).status == "returned"  # type: ignore[union-attr]
    draft = applications.to_draft(session, session.get(Application, app_id))  # type: ignore[arg-type]
    assert draft.return_reason == "Attach the certificate for the workshop."
    # Returned applications wait for the applicant, not the approver.
    assert approvals.queue(session, magnolia, approvals.QueueFilters()).rows == []

    educator = audit.Actor(teacher.account.id, ROLE_EDUCATOR)
    applications.save_draft(
        session, educator, teacher.profile_id, app_id, {"attestation": ATTESTATION}, 3
    )
    assert applications.submit(session, educator, teacher.profile_id, app_id, TODAY).ready
    session.commit()
    assert session.get(Application, app_id).status == "resubmitted"  # type: ignore[union-attr]
    assert approvals.approve_application(session, magnolia, actor, app_id, True, TODAY).ok
    session.commit()
    statuses = session.exec(
        select(ApplicationTransition.to_status)
        .where(ApplicationTransition.application_id == app_id)
        .order_by(col(ApplicationTransition.id))
    ).all()
    assert statuses == ["submitted", "returned", "resubmitted", "approved"]


def test_reject_needs_a_reason(session: Session, world: World, teacher: Educator) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    assert (
        approvals.reject_application(session, magnolia, actor_of(magnolia), app_id, "").field
        == "reason"
    )
    assert approvals.reject_application(
        session, magnolia, actor_of(magnolia), app_id, "Activities outside the cycle."
    ).ok
    session.commit()
    application = session.get(Application, app_id)
    assert application is not None and application.status == "rejected"
    note = session.exec(
        select(Notification).where(Notification.recipient_id == teacher.account.id)
    ).all()[-1]
    assert "Activities outside the cycle." in note.text


def test_bulk_approval_of_renewals(session: Session, world: World, teacher: Educator) -> None:
    second = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    elsewhere = add_educator(session, "lee@example.org", world.pine_id, "500400")
    ids = [submit_renewal(session, teacher), submit_renewal(session, second)]
    foreign = submit_renewal(session, elsewhere)
    magnolia = principal(session, world.magnolia_super)
    listed = approvals.bulk_candidates(session, magnolia, [*ids, foreign])
    assert [c.application_id for c in listed] == ids
    assert approvals.bulk_approve_renewals(
        session, magnolia, actor_of(magnolia), ids, False, TODAY
    ).problems == [approvals.VERIFY_REQUIRED]
    result = approvals.bulk_approve_renewals(
        session, magnolia, actor_of(magnolia), [*ids, foreign], True, TODAY
    )
    session.commit()
    assert len(result.approved) == 2
    assert result.problems == [f"Application {foreign}: {approvals.NOT_FOUND}"]
    assert session.get(Application, foreign).status == "submitted"  # type: ignore[union-attr]
    assert refusals(session, foreign)


# ---------------------------------------------------------------- non-renewal types


def test_endorsement_goes_through_district_then_state(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_endorsement(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    state = principal(session, world.state)
    assert approvals.detail(session, magnolia, app_id).attachments[0].label == (  # type: ignore[union-attr]
        "Test score report or transcript"
    )
    # No verification checkbox for a non-renewal: it is the state that decides.
    forwarded = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, False, TODAY
    )
    session.commit()
    assert forwarded.ok and "state licensure office" in forwarded.message
    assert session.get(Application, app_id).status == "state_review"  # type: ignore[union-attr]
    state_queue = approvals.queue(session, state, approvals.QueueFilters())
    assert [r.application_id for r in state_queue.rows] == [app_id]
    # The district can still see it, but not decide it any more.
    assert approvals.queue(session, magnolia, approvals.QueueFilters(status="all")).rows
    not_yours = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, True, TODAY
    )
    assert not not_yours.ok and "state licensure office" in not_yours.message
    state_note = session.exec(
        select(Notification).where(Notification.recipient_id == world.state.id)
    ).one()
    assert state_note.link == f"/approvals?application={app_id}"

    decided = approvals.approve_application(session, state, actor_of(state), app_id, False, TODAY)
    session.commit()
    assert decided.ok, decided.message
    endorsements = session.exec(
        select(Endorsement.code, Endorsement.subject, Endorsement.grade_span).where(
            Endorsement.license_id == teacher.license_id
        )
    ).all()
    assert ("0193", "Chemistry", "7-12") in endorsements
    statuses = session.exec(
        select(ApplicationTransition.to_status, ApplicationTransition.actor_role)
        .where(ApplicationTransition.application_id == app_id)
        .order_by(col(ApplicationTransition.id))
    ).all()
    assert statuses == [
        ("submitted", "educator"),
        ("district_approved", "district_approver"),
        ("state_review", "system"),
        ("approved", "state_staff"),
    ]


def test_state_staff_rejectin_state_review(
    session: Session, world: World, teacher: Educator
) -> None:
    state = principal(session, world.state)
    app_id = in_state_review(session, teacher, "upgrade", {"target_class": "AAA"})
    magnolia = principal(session, world.magnolia_super)
    # Forwarded applications are no longer the district's to reject.
    assert not approvals.reject_application(session, magnolia, actor_of(magnolia), app_id, "no").ok
    assert approvals.reject_application(session, state, actor_of(state), app_id, "Too early").ok
    session.commit()
    assert session.get(Application, app_id).status == "rejected"  # type: ignore[union-attr]
    assert reload_license(session, teacher.license_id).license_class == "AA"


# ---------------------------------------------------------------- concurrency


def _approve_concurrently(url: str, threads: int = 6) -> None:
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            world = build_world(session)
            teacher = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
            app_id = submit_renewal(session, teacher)
            old = session.get(License, teacher.license_id).expires_on  # type: ignore[union-attr]
            approvers = [
                principal(session, world.magnolia_super),
                principal(session, world.state),
            ]
        barrier = threading.Barrier(threads)
        outcomes: list[bool] = []
        errors: list[BaseException] = []

        def approve(index: int) -> None:
            who = approvers[index % len(approvers)]
            try:
                with Session(engine, expire_on_commit=False) as s:
                    barrier.wait(timeout=10)
                    decision = approvals.approve_application(
                        s, who, actor_of(who), app_id, True, TODAY
                    )
                    s.commit()
                    outcomes.append(decision.ok)
            except BaseException as exc:  # reported below
                errors.append(exc)

        workers = [threading.Thread(target=approve, args=(i,)) for i in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=60)
        assert not errors, errors
        assert sorted(outcomes) == [False] * (threads - 1) + [True]
        with Session(engine) as session:
            renewals = session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "license.renewed",
                    AuditEvent.entity_id == str(teacher.license_id),
                )
            ).all()
            assert len(renewals) == 1
            approved = session.exec(
                select(ApplicationTransition).where(
                    ApplicationTransition.application_id == app_id,
                    ApplicationTransition.to_status == "approved",
                )
            ).all()
            assert len(approved) == 1
            lic = session.get(License, teacher.license_id)
            _, expected = renewal.next_validity_period(old, load_rules(session))
            assert lic is not None and lic.expires_on == expected
            ok, bad = audit.verify_chain(session)
            assert ok, bad
    finally:
        engine.dispose()


def test_concurrent_approvals_renew_once_on_sqlite(db_url: str) -> None:
    _approve_concurrently(db_url)


@pytest.mark.postgres
def test_concurrent_approvals_renew_once_on_postgres(pg_url: str, tmp_path: Path) -> None:
    schema.migrate(pg_url)
    _approve_concurrently(pg_url)
