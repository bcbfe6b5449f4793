"""The audit log's checkpoints catch a log cut short, which its hash chain alone cannot."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from licensure_app import cli
from licensure_app.models import AuditCheckpoint
from licensure_app.services import audit


def _events(session: Session, count: int) -> None:
    for n in range(count):
        audit.record(session, audit.SYSTEM, "test.event", "thing", n, after={"n": n})
    session.commit()


def _cut_after(session: Session, last_kept: int) -> None:
    # What someone with write access to the database file could do: drop the guard, delete.
    session.execute(text("DROP TRIGGER audit_event_no_delete"))
    session.execute(text("DELETE FROM audit_event WHERE id > :id"), {"id": last_kept})
    session.commit()


def test_checkpoints_are_written_as_the_log_grows(session: Session) -> None:
    _events(session, 2 * audit.CHECKPOINT_EVERY + 5)
    result = audit.verify(session)
    assert (result.ok, result.events, result.checkpoints) == (True, 205, 2)


def test_a_log_cut_short_fails_verification_though_its_chain_is_intact(session: Session) -> None:
    _events(session, 2 * audit.CHECKPOINT_EVERY + 5)
    _cut_after(session, 150)
    assert audit.verify_chain(session) == (True, None)  # the chain alone sees nothing
    result = audit.verify(session)
    assert not result.ok
    assert result.first_bad_id == 200
    assert "Event 200" in result.problem and "cut short" in result.problem


def test_an_on_demand_checkpoint_covers_the_newest_events(session: Session) -> None:
    _events(session, 30)
    audit.checkpoint(session)
    session.commit()
    _cut_after(session, 25)
    result = audit.verify(session)
    assert not result.ok
    assert result.first_bad_id == 30


def test_checkpoints_are_append_only(session: Session) -> None:
    _events(session, 3)
    audit.checkpoint(session)
    session.commit()
    with pytest.raises(Exception, match="append-only"):
        session.execute(text("DELETE FROM audit_checkpoint"))
    session.rollback()
    assert len(session.exec(select(AuditCheckpoint)).all()) == 1


def test_cli_audit_verify_reports_a_cut_log(
    db_url: str, session: Session, capsys: pytest.CaptureFixture
) -> None:
    _events(session, audit.CHECKPOINT_EVERY + 1)
    assert cli.main(["audit-verify", "--db-url", db_url, "--checkpoint"]) == 0
    assert "Audit log is intact: 101 events" in capsys.readouterr().out
    _cut_after(session, 50)
    assert cli.main(["audit-verify", "--db-url", db_url]) == 1
    assert "Audit log is BROKEN" in capsys.readouterr().err
