"""The admin panels' event handlers as a websocket event reaches them: verifying the audit
log and recording a checkpoint, retrying an e-mail, voiding an activity and rolling back a
bulk load, each by state staff in the app's own database."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta
from typing import Any

from approval_world import TODAY, World, actor_of, add_educator, principal
from handler_fakes import fake_state
from sqlmodel import Session, select

from licensure_app import db as app_db
from licensure_app.models import AuditCheckpoint, OutboxEmail, PDActivity, PDLoad
from licensure_app.services import state_office
from licensure_app.services.pd import bulk_load
from licensure_app.states.admin import (
    AdminActivitiesState,
    AdminAuditLogState,
    AdminBulkLoadState,
    AdminOutboxState,
)


def _fake(state: type, token: str, **fields: Any) -> Any:
    return fake_state(state, token, "/admin", **fields)


def _run(state: type, handler: str, fake: Any, *args: Any) -> Any:
    result = state.event_handlers[handler].fn(fake, *args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def test_verify_and_checkpoint_buttons(app_world: tuple[World, str]) -> None:
    _, token = app_world
    fake = _fake(AdminAuditLogState, token, audit_check="", audit_check_ok=True)
    _run(AdminAuditLogState, "record_checkpoint", fake)
    assert fake.audit_check.startswith("Checkpoint recorded at event ")
    with app_db.session_scope() as session:
        assert len(session.exec(select(AuditCheckpoint)).all()) == 1
    _run(AdminAuditLogState, "verify_audit_log", fake)
    assert fake.audit_check_ok
    # The one event: the checkpoint's own record of who asked for it.
    assert fake.audit_check == "Audit log intact: 1 event, chain and 1 checkpoint verified."


def test_retry_button_queues_a_failed_email(app_world: tuple[World, str]) -> None:
    _, token = app_world
    with app_db.session_scope() as session:
        message = OutboxEmail(
            to_address="a@example.org", subject="Hello", body="secret", status="failed"
        )
        session.add(message)
        session.flush()
        email_id = message.id
    fake = _fake(
        AdminOutboxState,
        token,
        outbox_status="failed",
        outbox_page=1,
        outbox_message="",
        outbox_error="",
    )
    _run(AdminOutboxState, "open_panel", fake)
    assert [r.email_id for r in fake.outbox_rows] == [email_id]
    _run(AdminOutboxState, "retry", fake, email_id)
    assert fake.outbox_message == "The message to a@example.org is queued again."
    assert fake.outbox_rows == [] and fake.outbox_counts["queued"] == 1
    _run(AdminOutboxState, "retry", fake, email_id)
    assert fake.outbox_error == "Only a failed message can be retried."


def test_void_dialog_needs_a_reason_then_voids(app_world: tuple[World, str]) -> None:
    world, token = app_world
    with app_db.session_scope() as session:
        add_educator(session, "riley@example.org", world.magnolia_id, "500100")
    fake = _fake(
        AdminActivitiesState,
        token,
        pd_educator=state_office.EducatorRef(0, "", "", ""),
        void_id=0,
        void_title="",
        void_errors={},
        pd_activities=[],
    )
    _run(AdminActivitiesState, "find_pd_educator", fake, {"pd_find_query": "500100"})
    [row] = fake.pd_activities
    _run(AdminActivitiesState, "ask_void", fake, row.activity_id)
    assert (fake.void_id, fake.void_title) == (row.activity_id, "Workshop")
    _run(AdminActivitiesState, "confirm_void", fake, {"void_reason": " "})
    assert fake.void_errors == {"void_reason": "Say why the activity is voided."}
    assert fake.void_id == row.activity_id  # the dialog stays open
    _run(AdminActivitiesState, "confirm_void", fake, {"void_reason": "Duplicate record"})
    assert fake.void_id == 0 and fake.void_message.startswith("“Workshop” voided")
    assert fake.pd_activities[0].status == "Voided by the state office: Duplicate record"


def test_rollback_asks_then_rolls_back(app_world: tuple[World, str]) -> None:
    world, token = app_world
    day = (TODAY - timedelta(days=5)).isoformat()
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["License number", "Title", "Provider", "Kind", "Amount", "Date"],
            ["500100", "Data literacy", "MDE", "CEU", "1.5", day],
        ]
    )
    with app_db.session_scope() as session:
        teacher = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
        staff = actor_of(principal(session, world.state))
        load_id = bulk_load.load_all(session, staff, out.getvalue(), TODAY, None, "el.csv").load_id
    fake = _fake(AdminBulkLoadState, token, load_rows_id=0, rollback_id=0, rollback_name="")
    _run(AdminBulkLoadState, "open_panel", fake)
    assert [(v.load_id, v.file_name) for v in fake.loads] == [(load_id, "el.csv")]
    _run(AdminBulkLoadState, "show_load_rows", fake, load_id)
    assert [r.title for r in fake.load_rows] == ["Data literacy"]
    _run(AdminBulkLoadState, "ask_rollback", fake, load_id)
    assert (fake.rollback_id, fake.rollback_name) == (load_id, "el.csv")
    _run(AdminBulkLoadState, "confirm_rollback", fake)
    assert fake.rollback_id == 0 and fake.load_error == ""
    assert fake.load_message.startswith(f"Load {load_id} (el.csv) rolled back")
    with Session(app_db.get_engine()) as session:
        assert session.get(PDLoad, load_id).status == "rolled_back"  # type: ignore[union-attr]
        loaded = session.exec(
            select(PDActivity).where(
                PDActivity.holder_id == teacher.profile_id, PDActivity.source != "self"
            )
        ).all()
        assert loaded == []
