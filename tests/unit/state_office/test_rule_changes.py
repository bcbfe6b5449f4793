"""Rule changes with effective dates: a change effective on D applies to licenses whose
`expires_on >= D`; earlier-expiring licenses keep the rules they had. Scheduled changes are
previewed like saved ones, listed, cancelled and applied on their date (once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from approval_world import TODAY, Educator, World, actor_of, add_educator, principal
from sqlmodel import Session, select

from licensure_app.models import (
    AuditEvent,
    License,
    RenewalOption,
    RenewalOptionPart,
    RuleChange,
    RuleSetting,
)
from licensure_app.services import audit, state_office
from licensure_app.services.pd.tracker import trackers
from licensure_app.services.rules import load_rules

D = TODAY + timedelta(days=200)


def _aa_ceu_part(session: Session) -> RenewalOptionPart:
    option = session.exec(
        select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 1)
    ).one()
    return session.exec(
        select(RenewalOptionPart).where(RenewalOptionPart.option_id == option.id)
    ).one()


def _staff(session: Session, world: World) -> audit.Actor:
    return actor_of(principal(session, world.state))


def _expiry(session: Session, educator: Educator) -> object:
    lic = session.get(License, educator.license_id)
    assert lic is not None
    return lic.expires_on


def test_a_future_change_applies_only_to_licenses_expiring_on_or_after_its_date(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    # The teacher's license expires in 100 days (before D), Ann's in 400 (after D).
    ann = add_educator(session, "ann@example.org", world.magnolia_id, "500600", 400)
    part = _aa_ceu_part(session)
    result = state_office.update_option_part(
        session, _staff(session, world), part.id or 0, "8", D.isoformat(), TODAY
    )
    session.commit()
    assert result.ok and result.message.startswith("Scheduled from")
    (row,) = session.exec(select(RuleChange)).all()
    assert row.status == "pending" and row.effective_on == D and row.applied_at is None
    assert session.get(RenewalOptionPart, part.id).amount == 5  # live tables unchanged
    assert load_rules(session).options_for("AA")[0].parts[0].amount == 5
    old = load_rules(session, _expiry(session, teacher)).options_for("AA")[0]
    new = load_rules(session, _expiry(session, ann)).options_for("AA")[0]
    assert (old.parts[0].amount, new.parts[0].amount) == (5, 8)
    # The trackers: the teacher still meets 5 CEUs; Ann now needs 8.
    (mine,) = trackers(session, teacher.profile_id, TODAY)
    (hers,) = trackers(session, ann.profile_id, TODAY)
    assert mine.options[0].label == "5 CEUs" and mine.options[0].met
    assert hers.options[0].label == "8 CEUs" and not hers.options[0].met
    (scheduled,) = actions("rules.change_scheduled")
    assert scheduled.entity_id == str(row.id)
    assert [v.summary for v in state_office.scheduled_views(session)] == [row.summary]


def test_a_change_effective_today_applies_at_once_to_every_current_license(
    session: Session, world: World, teacher: Educator
) -> None:
    result = state_office.update_setting(
        session, _staff(session, world), "renewal_window_days", "200", TODAY.isoformat(), TODAY
    )
    session.commit()
    assert result.ok
    assert (
        session.exec(select(RuleSetting).where(RuleSetting.key == "renewal_window_days"))
        .one()
        .value
        == 200
    )
    (row,) = session.exec(select(RuleChange)).all()
    assert row.status == "applied" and row.applied_at is not None
    assert load_rules(session, _expiry(session, teacher)).setting("renewal_window_days") == 200
    # A license that expired before today keeps the rules it had.
    assert load_rules(session, TODAY - timedelta(days=1)).setting("renewal_window_days") == 365


@pytest.mark.parametrize("effective", ["yesterday", "2027-13-45", "not a date", "2099-01-01"])
def test_past_or_malformed_dates_are_refused_and_nothing_is_written(
    session: Session,
    world: World,
    actions: Callable[[str], list[AuditEvent]],
    effective: str,
) -> None:
    text = (TODAY - timedelta(days=1)).isoformat() if effective == "yesterday" else effective
    actor = _staff(session, world)
    result = state_office.update_setting(session, actor, "renewal_window_days", "200", text, TODAY)
    assert not result.ok and "effective_on" in result.errors
    if effective == "yesterday":
        assert "must be today" in result.message
    part = _aa_ceu_part(session)
    assert not state_office.update_option_part(session, actor, part.id or 0, "8", text, TODAY).ok
    assert not state_office.add_option(session, actor, "AA", [("ceu", "2")], text, TODAY).ok
    preview = state_office.preview_setting(session, "renewal_window_days", "200", text, TODAY)
    assert not preview.ok and preview.message == result.message
    assert session.exec(select(RuleChange)).all() == []
    assert actions("rules.") == []
    assert load_rules(session).setting("renewal_window_days") == 365


def test_the_preview_refuses_what_saving_refuses_with_the_same_words(
    session: Session, world: World, teacher: Educator
) -> None:
    part = _aa_ceu_part(session)
    actor = _staff(session, world)
    for amount in ("-3", "0", "abc", "5000"):
        preview = state_office.preview_part(session, part.id or 0, amount, D.isoformat(), TODAY)
        saved = state_office.update_option_part(
            session, actor, part.id or 0, amount, D.isoformat(), TODAY
        )
        assert not preview.ok and not saved.ok
        assert preview.message == saved.message and "educators" not in preview.message
        assert (preview.affected, preview.newly_met, preview.no_longer_met) == (0, 0, 0)
    for value in ("-3", "12.5", "9999"):
        preview = state_office.preview_setting(session, "renewal_window_days", value, "", TODAY)
        saved = state_office.update_setting(session, actor, "renewal_window_days", value, "", TODAY)
        assert not preview.ok and preview.message == saved.message
    assert session.exec(select(RuleChange)).all() == []


def test_the_preview_counts_trackers_that_change_newly_met_and_no_longer_met(
    session: Session, world: World, teacher: Educator
) -> None:
    # Licenses after D: Ann has 5 CEUs (meets 5), Bo has 3 (does not). The teacher's license
    # expires before D and is not counted whatever it has.
    add_educator(session, "ann@example.org", world.magnolia_id, "500600", 400, ceus=5)
    add_educator(session, "bo@example.org", world.magnolia_id, "500700", 400, ceus=3)
    part = _aa_ceu_part(session)
    lower = state_office.preview_part(session, part.id or 0, "3", D.isoformat(), TODAY)
    assert lower.ok and (lower.affected, lower.newly_met, lower.no_longer_met) == (2, 1, 0)
    assert "2 educators' trackers change: 1 newly met, 0 no longer met" in lower.message
    higher = state_office.preview_part(session, part.id or 0, "8", D.isoformat(), TODAY)
    assert (higher.affected, higher.newly_met, higher.no_longer_met) == (2, 0, 1)
    # From today the teacher's license counts too (5 CEUs met, no longer with 8).
    today = state_office.preview_part(session, part.id or 0, "8", "", TODAY)
    assert (today.affected, today.newly_met, today.no_longer_met) == (3, 0, 2)
    # A setting no tracker shows changes none.
    badge = state_office.preview_setting(session, "queue_age_badge_days", "20", "", TODAY)
    assert badge.ok and badge.affected == 0
    assert session.exec(select(RuleChange)).all() == []


def test_due_changes_are_applied_once_and_audited(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    due_on = TODAY + timedelta(days=10)
    actor = _staff(session, world)
    assert state_office.update_setting(
        session, actor, "renewal_window_days", "200", due_on.isoformat(), TODAY
    ).ok
    session.commit()
    assert state_office.apply_due_rule_changes(session, TODAY) == 0
    assert state_office.apply_due_rule_changes(session, due_on) == 1
    session.commit()
    assert state_office.apply_due_rule_changes(session, due_on) == 0
    assert state_office.rule_changes_job(session, due_on + timedelta(days=1)).startswith("0 ")
    (row,) = session.exec(select(RuleChange)).all()
    assert row.status == "applied" and row.applied_at is not None
    setting = session.exec(select(RuleSetting).where(RuleSetting.key == "renewal_window_days"))
    assert setting.one().value == 200
    assert len(actions("rules.change_applied")) == 1
    assert state_office.scheduled_views(session) == []
    # Applied, it still spares the licenses expiring before its date.
    assert load_rules(session, due_on - timedelta(days=1)).setting("renewal_window_days") == 365
    assert load_rules(session, due_on).setting("renewal_window_days") == 200


def test_a_scheduled_change_can_be_cancelled_once_by_staff_only(
    session: Session,
    world: World,
    teacher: Educator,
    actions: Callable[[str], list[AuditEvent]],
) -> None:
    actor = _staff(session, world)
    part = _aa_ceu_part(session)
    state_office.update_option_part(session, actor, part.id or 0, "8", D.isoformat(), TODAY)
    session.commit()
    (view,) = state_office.scheduled_views(session)
    with pytest.raises(PermissionError):
        state_office.cancel_rule_change(session, audit.Actor(teacher.account.id, "educator"), 1)
    assert state_office.cancel_rule_change(session, actor, view.change_id).ok
    session.commit()
    again = state_office.cancel_rule_change(session, actor, view.change_id)
    assert not again.ok and again.message == "That change is no longer scheduled."
    assert not state_office.cancel_rule_change(session, actor, 987654).ok
    assert session.get(RuleChange, view.change_id).status == "cancelled"
    assert len(actions("rules.change_cancelled")) == 1
    assert load_rules(session, D + timedelta(days=1)).options_for("AA")[0].parts[0].amount == 5
    assert state_office.apply_due_rule_changes(session, D) == 0


def test_an_option_added_from_a_later_date_is_offered_from_then(
    session: Session, world: World, teacher: Educator
) -> None:
    actor = _staff(session, world)
    result = state_office.add_option(
        session, actor, "AA", [("semi_credits", "20")], D.isoformat(), TODAY
    )
    session.commit()
    assert result.ok and "offered from" in result.message
    added = session.exec(
        select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 4)
    ).one()
    assert not added.is_active
    assert len(load_rules(session).options_for("AA")) == 3
    assert len(load_rules(session, D).options_for("AA")) == 4
    view = next(o for o in state_office.option_views(session) if o.option_id == added.id)
    assert view.scheduled.startswith("offered from")
    assert state_office.apply_due_rule_changes(session, D) == 1
    assert session.get(RenewalOption, added.id).is_active


def test_an_option_withdrawn_from_a_later_date_stays_for_earlier_cycles(
    session: Session, world: World, teacher: Educator
) -> None:
    actor = _staff(session, world)
    aa = load_rules(session).options_for("AA")
    first = aa[0].id
    result = state_office.set_option_active(session, actor, first, False, D.isoformat(), TODAY)
    session.commit()
    assert result.ok and result.message.startswith("Scheduled from")
    assert session.get(RenewalOption, first).is_active  # offered until D
    assert [o.id for o in load_rules(session).options_for("AA")] == [o.id for o in aa]
    assert first not in [o.id for o in load_rules(session, D).options_for("AA")]
    view = next(o for o in state_office.option_views(session) if o.option_id == first)
    assert view.scheduled.startswith("withdrawn from")
    # Withdrawing the rest from D as well leaves the last one offered.
    rest = [o.id for o in aa[1:]]
    done = [
        state_office.set_option_active(session, actor, i, False, D.isoformat(), TODAY).ok
        for i in rest
    ]
    assert done == [True, False]
    again = state_office.set_option_active(session, actor, first, False, D.isoformat(), TODAY)
    assert again.ok and again.message == "Nothing changed."
    assert state_office.apply_due_rule_changes(session, D) == 2
    assert not session.get(RenewalOption, first).is_active
