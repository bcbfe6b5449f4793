"""Submission (once, even from two sessions), approvers told, withdrawal and the timeline."""

from __future__ import annotations

import json
import threading

from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import (
    Application,
    ApplicationTransition,
    AuditEvent,
    Notification,
)
from licensure_app.services import applications

from .application_world import ATTEST, TODAY, option_id, ready_renewal


def test_submit_requires_declaration_then_notifies_approvers(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    applications.save_draft(
        session,
        world["actor"],
        world["profile"],
        draft.application_id,
        {"renewal_option_id": option_id(session)},
        5,
    )
    result = applications.submit(
        session, world["actor"], world["profile"], draft.application_id, TODAY
    )
    assert not result.ready and "sworn" in result.attestation_errors
    applications.save_draft(
        session, world["actor"], world["profile"], draft.application_id, {"attestation": ATTEST}, 5
    )
    assert applications.submit(
        session, world["actor"], world["profile"], draft.application_id, TODAY
    ).ready
    session.commit()
    app = session.get(Application, draft.application_id)
    assert app.status == "submitted" and app.submitted_at is not None
    snapshot = json.loads(app.answers_json)["renewal_snapshot"]
    assert [s["title"] for s in snapshot] == ["Workshop"]
    notes = session.exec(
        select(Notification).where(Notification.recipient_id == world["supt"])
    ).all()
    assert len(notes) == 1 and "submitted a renewal application" in notes[0].text
    assert notes[0].link == f"/approvals?application={app.id}"
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == "application.submitted")
    ).one()


def test_double_submit_in_two_sessions_submits_once(
    db_url: str, session: Session, world: dict
) -> None:
    app_id = ready_renewal(session, world)
    engine = make_engine(db_url)
    results: list[bool] = []

    def click() -> None:
        with Session(engine) as s:
            results.append(
                applications.submit(s, world["actor"], world["profile"], app_id, TODAY).ready
            )
            s.commit()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as s:
        transitions = s.exec(
            select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
        ).all()
        assert [t.to_status for t in transitions] == ["submitted"]
        assert len(s.exec(select(Application)).all()) == 1
        # Told once: the applicant's receipt and the superintendent's notice.
        notes = s.exec(select(Notification).order_by(Notification.id)).all()
        assert [n.link for n in notes] == ["/applications", f"/approvals?application={app_id}"]


def test_withdraw_and_timeline(session: Session, world: dict) -> None:
    app_id = ready_renewal(session, world)
    applications.submit(session, world["actor"], world["profile"], app_id, TODAY)
    assert applications.withdraw(session, world["actor"], world["profile"], app_id)
    assert not applications.withdraw(session, world["actor"], world["profile"], app_id)
    session.commit()
    view = applications.applications_for(session, world["profile"])[0]
    assert view.status_label == "Withdrawn" and not view.can_withdraw
    assert [t.status for t in view.timeline] == ["Submitted", "Withdrawn"]
    # A new renewal may be started once the old one is closed.
    again = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    assert again.application_id != app_id
