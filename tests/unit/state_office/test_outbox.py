"""The e-mail outbox for state staff: by status, newest first, paged, and retrying a failed
message; never a message's body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from approval_world import World, actor_of, principal
from sqlmodel import Session

from licensure_app.models import AuditEvent, OutboxEmail
from licensure_app.services import state_office

SECRET_LINK = "https://licensure.example/reset?token=s3cret"
LATE = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)  # 23:30 on 30 November in Chicago


def _mail(session: Session, n: int, status: str = "queued", **values: object) -> OutboxEmail:
    row = OutboxEmail(
        to_address=f"person{n}@example.org",
        subject=f"Message {n}",
        body=f"Reset your password: {SECRET_LINK}",
        html_body=f"<a href='{SECRET_LINK}'>Reset</a>",
        status=status,
        created_at=LATE + timedelta(minutes=n),
        **values,
    )
    session.add(row)
    session.flush()
    return row


def test_the_outbox_pages_by_status_newest_first_without_bodies(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    for n in range(60):
        _mail(session, n)
    _mail(session, 100, "failed", attempts=10, error="550 mailbox unavailable")
    _mail(session, 101, "sent", sent_at=LATE)
    session.commit()

    first = state_office.outbox_page(session)
    assert (first.total, first.page, first.pages) == (62, 1, 2)
    assert first.counts == {"queued": 60, "sending": 0, "sent": 1, "failed": 1}
    assert len(first.rows) == state_office.OUTBOX_PAGE == 50
    assert [r.subject for r in first.rows[:3]] == ["Message 101", "Message 100", "Message 59"]
    second = state_office.outbox_page(session, page=2)
    assert [r.subject for r in second.rows][-1] == "Message 0"
    assert state_office.outbox_page(session, page=9).page == 2

    [failed] = state_office.outbox_page(session, status="failed").rows
    assert (failed.to_address, failed.status_label, failed.attempts, failed.error) == (
        "person100@example.org",
        "Failed",
        10,
        "550 mailbox unavailable",
    )
    # Times in the state's zone: created 23:30 + 100 minutes on 30 November Central.
    assert failed.created == "2026-12-01 01:10 CST"
    [sent] = state_office.outbox_page(session, status="sent").rows
    assert sent.sent == "2026-11-30 23:30 CST"
    # Nothing of a body (reset links) reaches the page.
    for row in first.rows + second.rows:
        assert "s3cret" not in repr(asdict(row))


def test_retrying_a_failed_message_queues_it_again(
    session: Session, world: World, actions: Callable[[str], list[AuditEvent]]
) -> None:
    staff = actor_of(principal(session, world.state))
    failed = _mail(session, 1, "failed", attempts=10, error="550 no such user")
    sent = _mail(session, 2, "sent", sent_at=LATE)
    session.commit()

    result = state_office.retry_email(session, staff, failed.id or 0)
    session.commit()
    assert result.ok and "person1@example.org" in result.message
    session.refresh(failed)
    assert (failed.status, failed.attempts) == ("queued", 0)
    assert failed.next_attempt_at.replace(tzinfo=UTC) > LATE
    [event] = actions("outbox_email.retried")
    assert event.entity_id == str(failed.id) and event.actor_id == world.state.id
    assert "s3cret" not in event.before_json + event.after_json

    assert not state_office.retry_email(session, staff, sent.id or 0).ok
    assert not state_office.retry_email(session, staff, failed.id or 0).ok  # queued now
    with pytest.raises(PermissionError):
        state_office.retry_email(
            session, actor_of(principal(session, world.magnolia_super)), failed.id or 0
        )
