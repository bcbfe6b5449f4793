"""District approvals and the state review (services only): scope, decisions, effects,
bulk approval, and concurrent approvals against a real database."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from approval_world import (
    ATTESTATION,
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    build_world,
    principal,
    submit_endorsement,
    submit_renewal,
)
from sqlmodel import Session, col, select

from licensure_app import db as app_db
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
from licensure_app.models._base import utcnow
from licensure_app.services import accounts, applications, approvals, audit
from licensure_app.services.rules import load_rules
from licensure_app.states.approvals import ApprovalsState
from licensure_app.states.auth import AuthState


@pytest.fixture(autouse=True)
def _uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def teacher(session: Session, world: World) -> Educator:
    return add_educator(session, "riley@example.org", world.magnolia_id, "500100")


def _refusals(session: Session, entity_id: int) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "access.refused",
                AuditEvent.entity_type == "application",
                AuditEvent.entity_id == str(entity_id),
            )
        ).all()
    )


def _license(session: Session, license_id: int) -> License:
    session.expire_all()
    lic = session.get(License, license_id)
    assert lic is not None
    return lic


# ---------------------------------------------------------------- the queue and scope


def test_queue_shows_each_approver_only_their_district(
    session: Session, world: World, teacher: Educator
) -> None:
    other = add_educator(session, "pat@example.org", world.pine_id, "500200")
    mine = submit_renewal(session, teacher)
    theirs = submit_renewal(session, other)
    # A draft is private to its applicant: nobody's queue shows it.
    applications.start_or_resume(
        session,
        audit.Actor(teacher.account.id, ROLE_EDUCATOR),
        teacher.profile_id,
        "additional_endorsement",
        teacher.license_number,
    )
    session.commit()

    magnolia = principal(session, world.magnolia_super)
    pine = principal(session, world.pine_super)
    state = principal(session, world.state)
    filters = approvals.QueueFilters()
    assert [r.application_id for r in approvals.queue(session, magnolia, filters).rows] == [mine]
    assert [r.application_id for r in approvals.queue(session, pine, filters).rows] == [theirs]
    assert {r.application_id for r in approvals.queue(session, state, filters).rows} == {
        mine,
        theirs,
    }
    only_pine = approvals.QueueFilters(district_id=world.pine_id)
    assert [r.application_id for r in approvals.queue(session, state, only_pine).rows] == [theirs]
    # An approver cannot widen the scope by naming another district.
    assert approvals.queue(session, magnolia, only_pine).rows == []

    view = approvals.queue(session, magnolia, filters)
    assert view.waiting == 1
    assert [(c.status, c.count) for c in view.counts] == [("submitted", 1)]
    row = view.rows[0]
    assert row.applicant_name.startswith("Riley") and row.license_number == "500100"
    assert row.can_bulk_approve and row.is_renewal and row.age_text == "Waiting today"
    assert not row.overdue


def test_age_badge_and_filters(session: Session, world: World, teacher: Educator) -> None:
    app_id = submit_renewal(session, teacher)
    row = session.get(Application, app_id)
    assert row is not None
    row.submitted_at = utcnow() - timedelta(days=20)
    session.add(row)
    session.commit()
    magnolia = principal(session, world.magnolia_super)
    view = approvals.queue(session, magnolia, approvals.QueueFilters())
    assert view.rows[0].overdue and view.rows[0].age_text == "Waiting 20 days"
    assert view.badge_days == 14
    assert approvals.queue(session, magnolia, approvals.QueueFilters(app_type="upgrade")).rows == []
    assert approvals.queue(session, magnolia, approvals.QueueFilters(status="approved")).rows == []


def test_queue_version_changes_when_an_application_arrives(
    session: Session, world: World, teacher: Educator
) -> None:
    magnolia = principal(session, world.magnolia_super)
    pine = principal(session, world.pine_super)
    before, pine_before = (
        approvals.queue_version(session, magnolia),
        approvals.queue_version(session, pine),
    )
    submit_renewal(session, teacher)
    assert approvals.queue_version(session, magnolia) != before
    # Another district's arrival does not wake Pine Valley's queue.
    assert approvals.queue_version(session, pine) == pine_before


def test_detail_for_the_district_and_not_found_for_others(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    found = approvals.detail(session, magnolia, app_id)
    assert found is not None
    assert found.applicant["email"] == "riley@example.org"
    assert found.applicant["phone"] == "601-555-0100"
    assert found.license["number"] == "500100"
    assert found.renewal_option == "5 CEUs"
    assert found.counted_totals == ["5 CEUs counted"]
    (activity,) = found.counted
    (file,) = activity["evidence"]
    assert file["href"] == f"/api/evidence/{file['id']}" and file["kind"] == "pdf"
    assert found.can_decide and found.needs_verification
    assert "valid until" in found.approve_effect
    assert [t["status"] for t in found.timeline] == ["Submitted"]
    assert ("Sworn statement", "Confirmed") in [(a["label"], a["value"]) for a in found.attestation]

    pine = principal(session, world.pine_super)
    assert approvals.detail(session, pine, app_id) is None
    assert approvals.detail(session, pine, 999999) is None


# ---------------------------------------------------------------- renewal approval


def test_approving_a_renewal_renews_the_license_once(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    old = _license(session, teacher.license_id).expires_on

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
    lic = _license(session, teacher.license_id)
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
    assert _license(session, teacher.license_id).expires_on == expires_on


def test_another_districts_approver_is_refused_and_audited(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    pine = principal(session, world.pine_super)
    old = _license(session, teacher.license_id).expires_on
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
    refusals = _refusals(session, app_id)
    assert [json.loads(r.after_json)["action"] for r in refusals] == ["approve", "return", "reject"]
    assert all(r.actor_id == world.pine_super.id for r in refusals)
    assert session.get(Application, app_id).status == "submitted"  # type: ignore[union-attr]
    assert _license(session, teacher.license_id).expires_on == old


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
    assert _refusals(session, foreign)


# ---------------------------------------------------------------- non-renewal types


def test_endorsement_goes_through_district_then_state(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_endorsement(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    state = principal(session, world.state)
    assert approvals.detail(session, magnolia, app_id).attachments[0]["label"] == (  # type: ignore[union-attr]
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


def _in_state_review(
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


def test_state_approval_effects(session: Session, world: World, teacher: Educator) -> None:
    state = principal(session, world.state)
    actor = actor_of(state)

    upgrade = _in_state_review(session, teacher, "upgrade", {"target_class": "AAA"})
    assert approvals.approve_application(session, state, actor, upgrade, False, TODAY).ok
    session.commit()
    assert _license(session, teacher.license_id).license_class == "AAA"

    extension = _in_state_review(session, teacher, "extension", {"extension_reason": "x"})
    before = _license(session, teacher.license_id).expires_on
    assert approvals.approve_application(session, state, actor, extension, False, TODAY).ok
    session.commit()
    assert _license(session, teacher.license_id).expires_on == before.replace(year=before.year + 1)

    lapsed = add_educator(
        session, "old@example.org", world.magnolia_id, "500500", expires_in_days=-40, ceus=0
    )
    reactivation = _in_state_review(session, lapsed, "reactivation", {})
    assert approvals.approve_application(session, state, actor, reactivation, False, TODAY).ok
    session.commit()
    lic = _license(session, lapsed.license_id)
    assert (lic.status, lic.valid_from) == ("active", TODAY)
    assert lic.expires_on.year == TODAY.year + 5

    initial = _in_state_review(
        session,
        teacher,
        "initial",
        {"highest_degree": "Master's", "institution": "USM", "subject_area": "Biology"},
        license_id=None,
    )
    decision = approvals.approve_application(session, state, actor, initial, False, TODAY)
    session.commit()
    assert decision.ok, decision.message
    issued = session.exec(
        select(License).where(
            License.holder_id == teacher.profile_id, License.id != teacher.license_id
        )
    ).one()
    assert (issued.license_type, issued.license_class, issued.status) == (
        "Standard",
        "AA",
        "active",
    )
    assert len(issued.license_number) == 7 and issued.license_number in decision.message
    assert session.get(Application, initial).license_id == issued.id  # type: ignore[union-attr]
    events = session.exec(
        select(AuditEvent.action).where(
            col(AuditEvent.action).in_(
                ["license.upgraded", "license.extended", "license.reactivated", "license.issued"]
            )
        )
    ).all()
    assert sorted(events) == sorted(
        ["license.upgraded", "license.extended", "license.reactivated", "license.issued"]
    )


def test_state_staff_reject_in_state_review(
    session: Session, world: World, teacher: Educator
) -> None:
    state = principal(session, world.state)
    app_id = _in_state_review(session, teacher, "upgrade", {"target_class": "AAA"})
    magnolia = principal(session, world.magnolia_super)
    # Forwarded applications are no longer the district's to reject.
    assert not approvals.reject_application(session, magnolia, actor_of(magnolia), app_id, "no").ok
    assert approvals.reject_application(session, state, actor_of(state), app_id, "Too early").ok
    session.commit()
    assert session.get(Application, app_id).status == "rejected"  # type: ignore[union-attr]
    assert _license(session, teacher.license_id).license_class == "AA"


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


# ---------------------------------------------------------------- the event handler itself


class _FakeApprovals:
    """The real ApprovalsState methods on a plain object: what a crafted websocket event
    reaches, without a browser."""

    _admit = AuthState._admit
    _show_identity = AuthState._show_identity
    _assign_changed = AuthState._assign_changed
    _principal = AuthState._principal
    _note_session = AuthState._note_session
    _record_refusal = AuthState._record_refusal
    _login_redirect = AuthState._login_redirect
    _client_address = AuthState._client_address
    _actor = ApprovalsState._actor
    _filters = ApprovalsState._filters
    _show_queue = ApprovalsState._show_queue
    _refresh_queue = ApprovalsState._refresh_queue
    _refresh_detail = ApprovalsState._refresh_detail
    _reset_decision_form = ApprovalsState._reset_decision_form
    _apply_decision = ApprovalsState._apply_decision

    def __init__(self, token: str) -> None:
        self.session_token = token
        self._session_token = lambda: token
        self.user_name = self.user_role = ""
        self.page_access = "granted"
        self._session_key = ""
        self._forget_private_data = lambda: None  # no page states on this object
        self.router = SimpleNamespace(
            url=SimpleNamespace(path="/approvals", query=""),
            session=SimpleNamespace(client_ip="192.0.2.8"),
        )
        self.verified, self.reason = True, ""
        self.filter_district, self.filter_type, self.filter_status, self.sort = (
            "",
            "",
            "waiting",
            "oldest",
        )
        self.selected: list[int] = []
        self.form_version = 0


def test_the_approve_handler_refuses_another_districts_application(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    try:
        with app_db.session_scope() as session:
            world = build_world(session)
            teacher = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
            app_id = submit_renewal(session, teacher)
            pine_token = accounts.open_session(
                session, world.pine_super.id or 0, second_factor=True
            )
            magnolia_token = accounts.open_session(
                session, world.magnolia_super.id or 0, second_factor=True
            )
        handler = ApprovalsState.event_handlers["approve"].fn

        pine = _FakeApprovals(pine_token)
        asyncio.run(handler(pine, app_id))
        # The answer is the generic one, and nothing of the application reached the state.
        assert (pine.message, pine.message_tone) == (approvals.NOT_FOUND, "error")
        assert pine.detail == {} and pine.rows == []
        with app_db.session_scope() as session:
            assert session.get(Application, app_id).status == "submitted"  # type: ignore[union-attr]
            refused = _refusals(session, app_id)
            assert [r.actor_id for r in refused] == [world.pine_super.id]

        magnolia = _FakeApprovals(magnolia_token)
        asyncio.run(handler(magnolia, app_id))
        assert magnolia.message.startswith("Approved. License 500100 is renewed until")
        with app_db.session_scope() as session:
            assert session.get(Application, app_id).status == "approved"  # type: ignore[union-attr]
    finally:
        app_db.get_engine.cache_clear()
