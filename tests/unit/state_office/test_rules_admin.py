"""The renewal rules as the state office changes them: validated, previewed, audited."""

from __future__ import annotations

import json
from collections.abc import Callable

from approval_world import Educator, World, actor_of, add_educator, principal
from sqlmodel import Session, select

from licensure_app.models import AuditEvent, RenewalOption, RenewalOptionPart, RuleSetting
from licensure_app.services import audit, state_office
from licensure_app.services.rules import load_rules


def test_rules_are_validated_previewed_and_audited(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    actor = actor_of(principal(session, world.state))
    add_educator(session, "ann@example.org", world.magnolia_id, "500600", license_class="A")
    preview = state_office.preview_setting(session, "renewal_window_days", "200")
    assert preview.ok and preview.affected == 2
    assert "2 educators' trackers change: 0 newly met, 0 no longer met" in preview.message
    assert not state_office.preview_setting(session, "renewal_window_days", "12.5").ok
    assert not state_office.preview_setting(session, "standard_validity_years", "0").ok
    assert not state_office.update_setting(session, actor, "upgrade_window_min_days", "90").ok
    assert state_office.update_setting(session, actor, "renewal_window_days", "200").ok
    session.commit()
    assert load_rules(session).setting("renewal_window_days") == 200
    (changed,) = actions("rules.setting_changed")
    assert json.loads(changed.before_json) == {"value": 365.0}

    aa_first = session.exec(
        select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 1)
    ).one()
    part = session.exec(
        select(RenewalOptionPart).where(RenewalOptionPart.option_id == aa_first.id)
    ).one()
    assert state_office.preview_part(session, part.id or 0, "6").affected == 1
    assert not state_office.update_option_part(session, actor, part.id or 0, "-1").ok
    assert state_office.update_option_part(session, actor, part.id or 0, "6").ok
    session.commit()
    assert load_rules(session).options_for("AA")[0].parts[0].amount == 6
    added = state_office.add_option(session, actor, "AA", [("ceu", "2"), ("semester_hours", "1.5")])
    assert added.ok
    assert not state_office.add_option(session, actor, "AA", [("ceu", "2"), ("ceu", "1")]).ok
    assert not state_office.add_option(session, actor, "AA", [("national_board", "2")]).ok
    session.commit()
    assert len(load_rules(session).options_for("AA")) == 4
    # Withdrawing every option of a class is refused at the last one.
    aa_ids = [o.option_id for o in state_office.option_views(session) if o.category == "AA"]
    results = [state_office.set_option_active(session, actor, i, False).ok for i in aa_ids]
    assert results == [True, True, True, False]
    session.commit()
    assert len(load_rules(session).options_for("AA")) == 1
    assert {e.action for e in actions("rules.")} == {
        "rules.setting_changed",
        "rules.option_changed",
        "rules.option_added",
        "rules.option_withdrawn",
    }


def test_settings_added_by_the_migration(session: Session) -> None:
    keys = set(session.exec(select(RuleSetting.key)).all())
    assert {"extension_years", "provisional_validity_years"} <= keys
    assert audit.verify_chain(session)[0]


def test_activity_limits_are_rules_staff_edit_within_sense(session: Session) -> None:
    assert state_office.preview_setting(session, "max_activity_ceu", "20").ok
    assert not state_office.preview_setting(session, "max_activity_ceu", "0.2").ok
    assert state_office.preview_setting(session, "min_activity_semester_hours", "15").ok
    too_low = state_office.preview_setting(session, "max_activity_semester_hours", "0.5")
    assert not too_low.ok and "Enter a number from 1" in too_low.message
    crossed = state_office.preview_setting(session, "max_activity_ceu", "0.4")
    assert not crossed.ok
