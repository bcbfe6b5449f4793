"""The renewal tracker view: progress after add, edit and delete; activities that do not count."""

from __future__ import annotations

from sqlmodel import Session, select

from licensure_app.models import AuditEvent, PDActivity
from licensure_app.services import pd

from .pd_world import ACTOR, TODAY, educator, form


def test_add_edit_delete_with_audit_and_tracker(session: Session) -> None:
    profile_id = educator(session)
    result = pd.add_activity(session, ACTOR, profile_id, form(amount="3"), TODAY)
    session.commit()
    assert result.errors == {} and result.warning == ""
    tracker = pd.trackers(session, profile_id, TODAY)[0]
    assert tracker.options[0].parts[0].progress_text == "3 of 5 CEUs"
    assert tracker.options[0].parts[0].remaining_text == "2 remaining"
    assert not tracker.can_renew

    pd.update_activity(session, ACTOR, profile_id, result.activity_id, form(amount="5"), TODAY)
    session.commit()
    tracker = pd.trackers(session, profile_id, TODAY)[0]
    assert tracker.can_renew and tracker.met_option_id
    assert tracker.options[0].met is True

    assert pd.delete_activity(session, ACTOR, profile_id, result.activity_id) is None
    session.commit()
    assert session.exec(select(PDActivity)).all() == []
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["pd_activity.created", "pd_activity.updated", "pd_activity.deleted"]


def test_outside_validity_period_is_saved_with_a_warning(session: Session) -> None:
    profile_id = educator(session)
    result = pd.add_activity(session, ACTOR, profile_id, form(completed_on="2021-05-01"), TODAY)
    assert result.errors == {} and "will not count" in result.warning
    tracker = pd.trackers(session, profile_id, TODAY)[0]
    assert tracker.not_counting[0].title == "Literacy workshop"
    assert "before" in tracker.not_counting[0].reason
