"""The Rules tab's handlers as a websocket event reaches them: a preview refused (−3, a past
date) offers nothing to save; a future-dated change is saved once however often "Save
change" is pressed, listed, and cancelled after the dialog asks."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from approval_world import TODAY, World, build_world
from handler_fakes import fake_state
from sqlmodel import Session, select

from licensure_app import db as app_db
from licensure_app.models import RenewalOption, RenewalOptionPart, RuleChange
from licensure_app.services import accounts
from licensure_app.states.admin import AdminRulesState

FIELDS: dict[str, Any] = {
    "settings": [],
    "options": [],
    "scheduled": [],
    "rules_message": "",
    "rules_error": "",
    "preview_for": "",
    "preview_ok": False,
    "preview_text": "",
    "pending_key": "",
    "pending_value": "",
    "pending_effective": "",
    "today_iso": "",
    "cancel_id": 0,
    "cancel_summary": "",
    "rules_version": 0,
}


def _run(handler: str, fake: Any, *args: Any) -> Any:
    result = AdminRulesState.event_handlers[handler].fn(fake, *args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


@pytest.fixture
def staff_token(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    with app_db.session_scope() as session:
        world: World = build_world(session)
        token = accounts.open_session(session, world.state.id or 0, second_factor=True)
    yield token
    app_db.get_engine.cache_clear()


def _aa_ceu_part_id() -> int:
    with Session(app_db.get_engine()) as session:
        option = session.exec(
            select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 1)
        ).one()
        part = session.exec(
            select(RenewalOptionPart).where(RenewalOptionPart.option_id == option.id)
        ).one()
        return part.id or 0


def _changes() -> list[RuleChange]:
    with Session(app_db.get_engine()) as session:
        return list(session.exec(select(RuleChange)).all())


def test_refused_previews_offer_nothing_to_save(staff_token: str) -> None:
    fake = fake_state(AdminRulesState, staff_token, "/admin", **FIELDS)
    _run("open_panel", fake)
    part = str(_aa_ceu_part_id())
    later = (TODAY + timedelta(days=300)).isoformat()
    _run("preview_part", fake, {"part_id": part, "part_amount": "-3", "part_effective_on": later})
    assert (fake.preview_for, fake.preview_ok) == ("part", False)
    assert fake.preview_text == "Enter an amount from 0.1 to 1000."
    _run("confirm_rule_change", fake)
    past = (TODAY - timedelta(days=2)).isoformat()
    _run("preview_part", fake, {"part_id": part, "part_amount": "8", "part_effective_on": past})
    assert not fake.preview_ok and "must be today" in fake.preview_text
    _run("confirm_rule_change", fake)
    _run("preview_setting", fake, {"setting_key": "renewal_window_days", "setting_value": "-3"})
    assert (fake.preview_for, fake.preview_ok) == ("setting", False)
    _run("confirm_rule_change", fake)
    assert _changes() == []


def test_a_future_change_is_saved_once_listed_and_cancelled(staff_token: str) -> None:
    fake = fake_state(AdminRulesState, staff_token, "/admin", **FIELDS)
    _run("open_panel", fake)
    assert fake.today_iso  # the effective date fields start at today
    later = (TODAY + timedelta(days=300)).isoformat()
    form = {"part_id": str(_aa_ceu_part_id()), "part_amount": "8", "part_effective_on": later}
    _run("preview_part", fake, form)
    assert fake.preview_ok and "educators' trackers change" in fake.preview_text
    _run("confirm_rule_change", fake)
    _run("confirm_rule_change", fake)  # a double click saves nothing more
    assert fake.rules_message.startswith("Scheduled from")
    (change,) = _changes()
    assert change.status == "pending"
    assert [s.change_id for s in fake.scheduled] == [change.id]
    _run("ask_cancel_scheduled", fake, change.id)
    assert fake.cancel_id == change.id and "5 → 8 CEUs" in fake.cancel_summary
    _run("keep_scheduled", fake)
    assert fake.cancel_id == 0 and _changes()[0].status == "pending"
    _run("ask_cancel_scheduled", fake, change.id)
    _run("confirm_cancel_scheduled", fake)
    _run("confirm_cancel_scheduled", fake)  # nothing left to cancel
    assert fake.rules_message.startswith("Cancelled:") and fake.scheduled == []
    assert _changes()[0].status == "cancelled"
