"""The transition table and the conditional move that follows it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from licensure_app.domain.status import APPLICATION_STATUSES, OPEN_STATUSES
from licensure_app.models import Application, ApplicationTransition, AuditEvent
from licensure_app.services import applications, audit
from licensure_app.services.applications import transitions

from .application_world import TODAY, ready_renewal

EDUCATOR = "educator"
APPROVERS = ("district_approver", "state_staff")

# Every move the table allows, by role: (from, to, role).
ALLOWED = [
    ("draft", "submitted", EDUCATOR),
    ("returned", "resubmitted", EDUCATOR),
    # Back to the state office when it was the state that returned it (issue 13 #15).
    ("returned", "state_review", EDUCATOR),
    *[(s, "withdrawn", EDUCATOR) for s in OPEN_STATUSES],
    *[
        (f, t, role)
        for role in APPROVERS
        for f, t in [
            ("submitted", "approved"),
            ("resubmitted", "approved"),
            ("submitted", "district_approved"),
            ("resubmitted", "district_approved"),
            ("state_review", "approved"),
            ("submitted", "returned"),
            ("resubmitted", "returned"),
            ("state_review", "returned"),
            ("submitted", "rejected"),
            ("resubmitted", "rejected"),
            ("state_review", "rejected"),
        ]
    ],
    ("district_approved", "state_review", "system"),
]


def test_the_table_allows_exactly_these_moves() -> None:
    for from_status in APPLICATION_STATUSES:
        for to_status in APPLICATION_STATUSES:
            for role in (EDUCATOR, *APPROVERS, "system", "unknown"):
                expected = (from_status, to_status, role) in ALLOWED
                assert transitions.allowed(from_status, to_status, role) == expected, (
                    from_status,
                    to_status,
                    role,
                )


def test_sources_are_read_from_the_table() -> None:
    assert transitions.sources("withdrawn", EDUCATOR) == OPEN_STATUSES
    assert transitions.sources("resubmitted", EDUCATOR) == ("returned",)
    assert transitions.sources("approved", EDUCATOR) == ()
    assert transitions.sources("state_review", "system") == ("district_approved",)


def _at(session: Session, app_id: int, status: str) -> Application:
    app = session.get(Application, app_id)
    app.status = status
    session.add(app)
    session.flush()
    return app


@pytest.mark.parametrize(("from_status", "to_status", "role"), ALLOWED)
def test_each_allowed_move_moves_once_and_is_recorded(
    session: Session, world: dict, from_status: str, to_status: str, role: str
) -> None:
    app = _at(session, ready_renewal(session, world), from_status)
    actor = audit.Actor(world["teacher"] if role == EDUCATOR else world["supt"], role)
    if role == "system":
        actor = audit.SYSTEM
    assert applications.transition(session, app, (from_status,), to_status, actor, "why")
    assert app.status == to_status
    # The same move again finds the application elsewhere: nothing happens twice.
    if to_status not in OPEN_STATUSES or from_status != to_status:
        assert not applications.transition(session, app, (from_status,), to_status, actor)
    moves = session.exec(
        select(ApplicationTransition).where(ApplicationTransition.application_id == app.id)
    ).all()
    assert [(m.from_status, m.to_status, m.actor_role) for m in moves] == [
        (from_status, to_status, role)
    ]
    assert moves[0].reason == "why"
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == f"application.{to_status}")
    ).one()


def test_a_move_outside_the_table_is_refused(session: Session, world: dict) -> None:
    app = _at(session, ready_renewal(session, world), "submitted")
    educator = world["actor"]
    with pytest.raises(ValueError, match="No move"):
        applications.transition(session, app, ("submitted",), "approved", educator)
    approver = audit.Actor(world["supt"], "district_approver")
    with pytest.raises(ValueError, match="No move"):
        applications.transition(session, app, ("draft",), "submitted", approver)
    session.refresh(app)
    assert app.status == "submitted"
    assert session.exec(select(ApplicationTransition)).all() == []


def test_only_the_allowed_sources_of_a_request_are_moved(session: Session, world: dict) -> None:
    """An applicant's submit from (draft, returned) to "submitted" moves only a draft."""
    app = _at(session, ready_renewal(session, world), "returned")
    assert not applications.transition(
        session, app, ("draft", "returned"), "submitted", world["actor"]
    )
    session.refresh(app)
    assert app.status == "returned"


def test_returned_application_resubmits_with_reason_shown(session: Session, world: dict) -> None:
    app_id = ready_renewal(session, world)
    applications.submit(session, world["actor"], world["profile"], app_id, TODAY)
    app = session.get(Application, app_id)
    approver = audit.Actor(world["supt"], "district_approver")
    assert applications.transition(
        session, app, ("submitted",), "returned", approver, "Bring the certificate"
    )
    session.commit()
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert draft.application_id == app_id and draft.return_reason == "Bring the certificate"
    assert applications.submit(session, world["actor"], world["profile"], app_id, TODAY).ready
    session.commit()
    assert session.get(Application, app_id).status == "resubmitted"
