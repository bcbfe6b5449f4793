"""Per-activity evidence review (issue 15 #2): "Accept" / "Not accepted" with a reason on each
counted activity of a renewal, by whoever may approve it; a not-accepted activity stops
counting and returns the application when the option is no longer met; the approval keeps
the not-accepted ones and verifies the rest; the educator's /pd says who decided and when."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from approval_world import (
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    build_world,
    principal,
    refusals,
    submit_endorsement,
    submit_renewal,
)
from sqlmodel import Session, col, select

from licensure_app.db import make_engine
from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock, schema
from licensure_app.models import (
    ROLE_EDUCATOR,
    Application,
    ApplicationTransition,
    AuditEvent,
    Notification,
    PDActivity,
)
from licensure_app.services import approvals, audit, pd, state_office
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.state_office import designees

REASON = "The certificate names another person"


def _designate(session: Session, world: World, educator: Educator) -> Principal:
    """Magnolia's superintendent names the educator a designee: her principal now."""
    superintendent = principal(session, world.magnolia_super)
    granted = designees.grant(
        session, superintendent, actor_of(superintendent), educator.account.email
    )
    assert granted.ok, granted.message
    session.commit()
    return principal(session, educator.account)


def _activities(session: Session, educator: Educator) -> dict[str, PDActivity]:
    session.expire_all()
    rows = session.exec(select(PDActivity).where(PDActivity.holder_id == educator.profile_id))
    return {a.title: a for a in rows}


def _add_activity(session: Session, educator: Educator, title: str, ceus: str) -> int:
    saved = pd.add_activity(
        session,
        audit.Actor(educator.account.id, ROLE_EDUCATOR),
        educator.profile_id,
        pd.ActivityForm(title, "MDE", "ceu", ceus, (TODAY - timedelta(days=10)).isoformat()),
        TODAY,
    )
    assert not saved.errors, saved.errors
    session.commit()
    return saved.activity_id or 0


def _status(session: Session, app_id: int) -> str:
    session.expire_all()
    application = session.get(Application, app_id)
    assert application is not None
    return application.status


def _decide(
    session: Session, who: Principal, app_id: int, activity_id: int, accepted: bool, reason=""
) -> approvals.ActivityDecision:
    result = approvals.decide_activity(
        session, who, actor_of(who), app_id, activity_id, accepted, reason
    )
    session.commit()
    return result


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_accept_records_who_and_when_once_and_shows_in_the_detail(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    workshop = _activities(session, teacher)["Workshop"]

    result = _decide(session, magnolia, app_id, workshop.id or 0, True)
    assert result.ok and not result.returned, result.message
    workshop = _activities(session, teacher)["Workshop"]
    assert workshop.verification == "verified"
    assert workshop.verified_by_id == world.magnolia_super.id and workshop.verified_at
    (event,) = _events(session, "pd_activity.accepted")
    assert (event.entity_type, event.entity_id) == ("pd_activity", str(workshop.id))
    assert json.loads(event.before_json)["verification"] == "unverified"
    assert json.loads(event.after_json)["application_id"] == app_id

    # A double click (or a second tab) writes nothing more.
    assert _decide(session, magnolia, app_id, workshop.id or 0, True).ok
    assert len(_events(session, "pd_activity.accepted")) == 1

    found = approvals.detail(session, magnolia, app_id)
    assert found is not None and found.can_review
    (row,) = found.counted
    day = format_date(clock.local(workshop.verified_at).date())
    assert row.verification == f"Accepted by Dana Whitfield on {day}"
    assert (row.decision, row.label) == ("accepted", "Workshop")
    assert _status(session, app_id) == "submitted"


@pytest.mark.parametrize(("reason", "error"), [("   ", "Enter the reason"), ("x" * 501, "500")])
def test_not_accepted_needs_a_reason_of_at_most_500_characters(
    session: Session, world: World, teacher: Educator, reason: str, error: str
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    workshop = _activities(session, teacher)["Workshop"]

    result = _decide(session, magnolia, app_id, workshop.id or 0, False, reason)

    assert (result.ok, result.field) == (False, "reason") and error in result.message
    assert _activities(session, teacher)["Workshop"].verification == "unverified"
    assert _events(session, "pd_activity.not_accepted") == []
    assert _status(session, app_id) == "submitted"


def test_not_accepted_returns_the_application_when_the_option_is_no_longer_met(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)  # one 5-CEU workshop meets "5 CEUs"
    magnolia = principal(session, world.magnolia_super)
    workshop = _activities(session, teacher)["Workshop"]

    result = _decide(session, magnolia, app_id, workshop.id or 0, False, f"  {REASON}  ")

    assert result.ok and result.returned, result.message
    assert _status(session, app_id) == "returned"
    workshop = _activities(session, teacher)["Workshop"]
    assert (workshop.verification, workshop.verification_reason) == ("not_accepted", REASON)
    (event,) = _events(session, "pd_activity.not_accepted")
    assert json.loads(event.after_json)["verification_reason"] == REASON
    returned = session.exec(
        select(ApplicationTransition).where(
            ApplicationTransition.application_id == app_id,
            ApplicationTransition.to_status == "returned",
        )
    ).one()
    assert "no longer meet the renewal option chosen (5 CEUs)" in returned.reason
    assert f"Not accepted: Workshop — {REASON}." in returned.reason
    note = session.exec(
        select(Notification)
        .where(Notification.recipient_id == teacher.account.id)
        .order_by(col(Notification.id).desc())
    ).first()
    assert note is not None and REASON in note.text

    # The educator's /pd says who did not accept it, when, and why.
    (row,) = pd.activity_rows(session, teacher.profile_id)
    day = format_date(clock.local(workshop.verified_at).date())
    assert row.verification == f"Not accepted by Dana Whitfield on {day}: {REASON}"

    # Returned: nothing more is decided on it until it is resubmitted.
    again = _decide(session, magnolia, app_id, workshop.id or 0, True)
    assert not again.ok and "returned" in again.message.lower()


def test_not_accepted_keeps_the_application_while_the_option_is_met_and_can_be_changed(
    session: Session, world: World, teacher: Educator
) -> None:
    extra = _add_activity(session, teacher, "Reading seminar", "2")
    app_id = submit_renewal(session, teacher)  # 7 CEUs counted, 5 needed
    magnolia = principal(session, world.magnolia_super)

    result = _decide(session, magnolia, app_id, extra, False, REASON)

    assert result.ok and not result.returned, result.message
    assert _status(session, app_id) == "submitted"
    found = approvals.detail(session, magnolia, app_id)
    assert found is not None and found.counted_totals == ["5 CEUs counted"]
    seminar = next(r for r in found.counted if r.title == "Reading seminar")
    assert seminar.decision == "not_accepted" and seminar.verification.endswith(f": {REASON}")

    # Changed while undecided: accepted after all, the reason cleared.
    assert _decide(session, magnolia, app_id, extra, True).ok
    seminar_row = _activities(session, teacher)["Reading seminar"]
    assert (seminar_row.verification, seminar_row.verification_reason) == ("verified", "")
    assert approvals.detail(session, magnolia, app_id).counted_totals == ["7 CEUs counted"]


def test_approval_verifies_the_undecided_and_keeps_the_not_accepted(
    session: Session, world: World, teacher: Educator
) -> None:
    extra = _add_activity(session, teacher, "Reading seminar", "2")
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    assert _decide(session, magnolia, app_id, extra, False, REASON).ok

    approved = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, True, TODAY
    )
    session.commit()

    assert approved.ok, approved.message
    rows = _activities(session, teacher)
    assert rows["Workshop"].verification == "verified"
    assert (rows["Reading seminar"].verification, rows["Reading seminar"].verification_reason) == (
        "not_accepted",
        REASON,
    )


def test_approval_is_refused_while_what_still_counts_misses_the_option(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    workshop = _activities(session, teacher)["Workshop"]
    staff = actor_of(principal(session, world.state))
    assert state_office.void_activity(session, staff, workshop.id or 0, "Not a real course").ok
    session.commit()

    for approve in (
        lambda: approvals.approve_application(
            session, magnolia, actor_of(magnolia), app_id, True, TODAY
        ),
        lambda: approvals.bulk_approve_renewals(
            session, magnolia, actor_of(magnolia), [app_id], True, TODAY
        ),
    ):
        result = approve()
        session.commit()
        assert "no longer meet the renewal option" in str(result)
        assert _status(session, app_id) == "submitted"
    # A voided activity needs no decision either.
    voided = _decide(session, magnolia, app_id, workshop.id or 0, True)
    assert not voided.ok and "voided" in voided.message


def test_another_district_is_refused_and_audited(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    pine = principal(session, world.pine_super)
    workshop = _activities(session, teacher)["Workshop"]

    for accepted in (True, False):
        result = _decide(session, pine, app_id, workshop.id or 0, accepted, REASON)
        assert (result.ok, result.message) == (False, approvals.NOT_FOUND)
    actions = [json.loads(r.after_json)["action"] for r in refusals(session, app_id)]
    assert actions == ["accept activity", "not accept activity"]
    assert _activities(session, teacher)["Workshop"].verification == "unverified"


def test_nobody_reviews_their_own_application(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    designee = _designate(session, world, teacher)
    workshop = _activities(session, teacher)["Workshop"]

    result = _decide(session, designee, app_id, workshop.id or 0, True)

    assert not result.ok and result.message == approvals.OWN_APPLICATION
    (refused,) = refusals(session, app_id)
    assert json.loads(refused.after_json)["why"] == "own application"
    assert _activities(session, teacher)["Workshop"].verification == "unverified"


def test_an_activity_the_application_does_not_count_is_refused(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    later = _add_activity(session, teacher, "Added after submission", "3")
    magnolia = principal(session, world.magnolia_super)

    for activity_id in (later, 987654, 0):
        result = _decide(session, magnolia, app_id, activity_id, True)
        assert (result.ok, result.message) == (False, approvals.evidence_review.NOT_COUNTED)
    assert _activities(session, teacher)["Added after submission"].verification == "unverified"
    whys = [json.loads(r.after_json).get("why") for r in refusals(session, app_id)]
    assert whys == ["activity not counted"] * 3


def test_only_renewals_waiting_for_the_district_are_reviewed(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_endorsement(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    workshop = _activities(session, teacher)["Workshop"]

    result = _decide(session, magnolia, app_id, workshop.id or 0, True)

    assert not result.ok and result.message == approvals.evidence_review.NOT_REVIEWABLE
    assert approvals.detail(session, magnolia, app_id).can_review is False


def test_state_staff_may_review_a_district_renewal(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    state = principal(session, world.state)
    workshop = _activities(session, teacher)["Workshop"]

    assert _decide(session, state, app_id, workshop.id or 0, True).ok
    assert _activities(session, teacher)["Workshop"].verified_by_id == world.state.id


# ---------------------------------------------------------------- races on a real database


def _race(url: str) -> None:
    """ "Not accepted" on the only activity (which returns the renewal) against "Approve" in
    another tab, and a double "Accept" on another renewal: one wins each time, never both."""
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            world = build_world(session)
            racing = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
            clicking = add_educator(session, "sam@example.org", world.magnolia_id, "500200")
            race_id, click_id = submit_renewal(session, racing), submit_renewal(session, clicking)
            race_activity = _activities(session, racing)["Workshop"].id or 0
            click_activity = _activities(session, clicking)["Workshop"].id or 0
            magnolia = principal(session, world.magnolia_super)
        barrier = threading.Barrier(4)
        outcomes: dict[str, bool] = {}
        errors: list[BaseException] = []

        def act(name: str) -> None:
            try:
                with Session(engine, expire_on_commit=False) as s:
                    barrier.wait(timeout=10)
                    if name == "approve":
                        ok = approvals.approve_application(
                            s, magnolia, actor_of(magnolia), race_id, True, TODAY
                        ).ok
                    elif name == "not accept":
                        ok = approvals.decide_activity(
                            s, magnolia, actor_of(magnolia), race_id, race_activity, False, REASON
                        ).ok
                    else:
                        ok = approvals.decide_activity(
                            s, magnolia, actor_of(magnolia), click_id, click_activity, True
                        ).ok
                    s.commit()
                    outcomes[name] = ok
            except BaseException as exc:  # reported below
                errors.append(exc)

        workers = [
            threading.Thread(target=act, args=(name,))
            for name in ("approve", "not accept", "accept 1", "accept 2")
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=60)
        assert not errors, errors
        assert outcomes["approve"] != outcomes["not accept"], outcomes
        with Session(engine) as session:
            status = session.get(Application, race_id).status  # type: ignore[union-attr]
            verification = session.get(PDActivity, race_activity).verification  # type: ignore[union-attr]
            expected = (
                ("approved", "verified") if outcomes["approve"] else ("returned", "not_accepted")
            )
            assert (status, verification) == expected
            accepted = session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "pd_activity.accepted",
                    AuditEvent.entity_id == str(click_activity),
                )
            ).all()
            assert len(accepted) == 1
            ok, bad = audit.verify_chain(session)
            assert ok, bad
    finally:
        engine.dispose()


def test_races_decide_once_on_sqlite(db_url: str) -> None:
    _race(db_url)


@pytest.mark.postgres
def test_races_decide_once_on_postgres(pg_url: str) -> None:
    schema.migrate(pg_url)
    _race(pg_url)
