"""Public disciplinary notices: state staff record them (audited, in the same transaction),
with an effective date and a visibility flag; the public record shows only visible notices
whose effective date has come."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from handler_fakes import fake_state
from license_world import NUMBER, TODAY, educator_actor, register, staff_actor, state_record
from sqlmodel import Session, col, select

from licensure_app import db as app_db
from licensure_app.models import ROLE_STATE_STAFF, Account, AuditEvent, DisciplinaryNotice
from licensure_app.services import accounts, lookup
from licensure_app.services.state_office import discipline
from licensure_app.states.admin import AdminDisciplineState

SUSPENDED = "Suspended for 90 days by order of the State Board of Education."


def _events(session: Session, prefix: str) -> list[AuditEvent]:
    return list(
        session.exec(select(AuditEvent).where(col(AuditEvent.action).startswith(prefix))).all()
    )


def test_a_recorded_notice_is_stored_and_audited_together(session: Session) -> None:
    state_record(session)
    staff = staff_actor(session)
    errors = discipline.record_notice(
        session, staff, f" {NUMBER} ", f"  {SUSPENDED}\n ", TODAY, True
    )
    assert errors == {}
    # Nothing committed yet: the notice and its audit event live or die together.
    session.rollback()
    assert session.exec(select(DisciplinaryNotice)).all() == []
    assert _events(session, "disciplinary_notice.") == []

    assert discipline.record_notice(session, staff, NUMBER, SUSPENDED, TODAY, True) == {}
    session.commit()
    (notice,) = session.exec(select(DisciplinaryNotice)).all()
    assert (notice.body, notice.effective_on, notice.public) == (SUSPENDED, TODAY, True)
    assert notice.recorded_by_id == staff.account_id
    (event,) = _events(session, "disciplinary_notice.")
    assert event.action == "disciplinary_notice.recorded"
    assert (event.entity_type, event.entity_id) == ("disciplinary_notice", str(notice.id))
    assert event.actor_id == staff.account_id
    assert SUSPENDED in event.after_json and NUMBER in event.after_json


def test_record_notice_checks_its_fields(session: Session) -> None:
    state_record(session)
    staff = staff_actor(session)
    assert discipline.record_notice(session, staff, "999999", "", None, True) == {
        "notice_license": "No license has that number.",
        "notice_body": "Enter the notice as the public should read it.",
        "notice_effective": "Enter the date the notice takes effect.",
    }
    too_long = discipline.record_notice(session, staff, NUMBER, "x" * 1001, TODAY, True)
    assert too_long == {"notice_body": "Use at most 1000 characters."}
    assert session.exec(select(DisciplinaryNotice)).all() == []


def test_only_state_staff_record_or_change_notices(session: Session) -> None:
    state_record(session)
    account, _ = register(session)
    educator = educator_actor(account)
    with pytest.raises(PermissionError):
        discipline.record_notice(session, educator, NUMBER, SUSPENDED, TODAY, True)
    with pytest.raises(PermissionError):
        discipline.set_notice_visibility(session, educator, 1, False)


def test_public_record_shows_visible_notices_once_effective(session: Session) -> None:
    state_record(session)
    staff = staff_actor(session)
    for body, effective, public in (
        ("Public reprimand.", TODAY - timedelta(days=30), True),
        ("Hidden internal matter.", TODAY - timedelta(days=10), False),
        ("Suspension from next month.", TODAY + timedelta(days=20), True),
        (SUSPENDED, TODAY, True),
    ):
        assert discipline.record_notice(session, staff, NUMBER, body, effective, public) == {}
    session.commit()

    record = lookup.lookup_license(session, NUMBER, TODAY)
    assert record is not None
    assert record.disciplinary == (
        lookup.PublicNotice("31 January 2026", "Public reprimand."),
        lookup.PublicNotice("2 March 2026", SUSPENDED),
    )
    # The future one appears on its effective date; the hidden one never.
    later = lookup.lookup_license(session, NUMBER, TODAY + timedelta(days=20))
    assert later is not None
    assert [n.text for n in later.disciplinary] == [
        "Public reprimand.",
        SUSPENDED,
        "Suspension from next month.",
    ]
    assert "Hidden internal matter." not in repr(later)

    rows = discipline.notices_for_staff(session, NUMBER, TODAY)
    assert [r.visibility for r in rows] == [
        "Shown publicly from 22 March 2026",
        "Shown publicly",
        "Hidden from the public",
        "Shown publicly",
    ]


def test_hiding_and_showing_a_notice_is_audited(session: Session) -> None:
    state_record(session)
    staff = staff_actor(session)
    discipline.record_notice(session, staff, NUMBER, SUSPENDED, date(2026, 1, 5), True)
    session.commit()
    (notice,) = session.exec(select(DisciplinaryNotice)).all()
    notice_id = notice.id or 0

    assert discipline.set_notice_visibility(session, staff, notice_id, False)
    assert not discipline.set_notice_visibility(session, staff, notice_id, False)  # no change
    assert not discipline.set_notice_visibility(session, staff, 424242, True)  # no such notice
    session.commit()
    record = lookup.lookup_license(session, NUMBER, TODAY)
    assert record is not None and record.disciplinary == ()

    assert discipline.set_notice_visibility(session, staff, notice_id, True)
    session.commit()
    record = lookup.lookup_license(session, NUMBER, TODAY)
    assert record is not None and [n.text for n in record.disciplinary] == [SUSPENDED]
    actions = [e.action for e in _events(session, "disciplinary_notice.")]
    assert actions == [
        "disciplinary_notice.recorded",
        "disciplinary_notice.hidden",
        "disciplinary_notice.shown",
    ]


# ---------------------------------------------------------------- the admin panel's handlers


def _panel(token: str) -> Any:
    """AdminDisciplineState's handlers on a plain object (no browser, no Reflex)."""
    fake = fake_state(None, token, "/admin")
    fake.license_number, fake.holder, fake.notices = "", "", []
    fake.find_error, fake.errors, fake.message, fake.form_version = "", {}, "", 0
    return fake


def _run(handler: str, fake: Any, *args: Any) -> Any:
    result = AdminDisciplineState.event_handlers[handler].fn(fake, *args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


@pytest.fixture
def staff_token(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    with app_db.session_scope() as session:
        state_record(session)
        staff = Account(email="office@example.org", password_hash="x", role=ROLE_STATE_STAFF)
        session.add(staff)
        session.flush()
        token = accounts.open_session(session, staff.id or 0, second_factor=True)
    yield token
    app_db.get_engine.cache_clear()


def test_panel_finds_records_and_hides_a_notice(staff_token: str) -> None:
    panel = _panel(staff_token)
    _run("find_license", panel, {"notice_find": "424242"})
    assert panel.find_error == "No license has that number." and panel.license_number == ""
    _run("find_license", panel, {"notice_find": " 100-200 "})
    assert (panel.license_number, panel.holder) == (NUMBER, f"Rivera, Jordan (license {NUMBER})")

    _run("record_notice", panel, {"notice_body": "", "notice_effective": "2026-01-05"})
    assert panel.errors == {"notice_body": "Enter the notice as the public should read it."}
    form = {"notice_body": SUSPENDED, "notice_effective": "2026-01-05", "notice_public": "on"}
    _run("record_notice", panel, form)
    assert panel.errors == {} and panel.form_version == 1
    assert panel.message == f"Disciplinary notice recorded on license {NUMBER}"
    (row,) = panel.notices
    assert (row.body, row.public, row.visibility) == (SUSPENDED, True, "Shown publicly")

    _run("set_visibility", panel, row.notice_id, False)
    assert panel.message == "Notice hidden from the public"
    assert panel.notices[0].visibility == "Hidden from the public"
    _run("set_visibility", panel, 999_999, True)  # not one of the listed notices: ignored
    with app_db.session_scope() as session:
        actions = [e.action for e in _events(session, "disciplinary_notice.")]
        (notice,) = session.exec(select(DisciplinaryNotice)).all()
    assert actions == ["disciplinary_notice.recorded", "disciplinary_notice.hidden"]
    assert notice.public is False
