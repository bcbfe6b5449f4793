"""Rule changes with effective dates as pure transforms (licensure_app/domain/rules.py):
a change effective on D applies to cycles ending on or after D."""

from __future__ import annotations

from datetime import date

from licensure_app.domain.rules import (
    CHANGE_OPTION,
    CHANGE_PART,
    CHANGE_SETTING,
    DatedChange,
    OptionPart,
    RenewalOptionRule,
    RuleChange,
    apply_change,
    default_rules,
    rules_in_force,
)

RULES = default_rules()
AA_FIRST = RULES.options_for("AA")[0]  # 5 CEUs
D = date(2027, 7, 1)
WINDOW = RuleChange(CHANGE_SETTING, "renewal_window_days", 365, 200)
AA_CEUS = RuleChange(CHANGE_PART, f"{AA_FIRST.id}:ceu", 5, 8)
NEW_AA = RenewalOptionRule(99, "AA", 4, (OptionPart("semi_credits", 20),))


def test_a_setting_change_sets_the_value_and_leaves_the_rest() -> None:
    changed = apply_change(RULES, WINDOW)
    assert changed.setting("renewal_window_days") == 200
    assert changed.setting("min_activity_ceu") == RULES.setting("min_activity_ceu")
    assert changed.options == RULES.options
    assert RULES.setting("renewal_window_days") == 365  # the input is not modified


def test_a_part_change_sets_that_part_of_that_option_only() -> None:
    changed = apply_change(RULES, AA_CEUS)
    assert changed.options_for("AA")[0].parts == (OptionPart("ceu", 8),)
    assert changed.options_for("AA")[1:] == RULES.options_for("AA")[1:]
    assert changed.options_for("AAA") == RULES.options_for("AAA")


def test_offering_and_withdrawing_an_option_keep_positions_in_order() -> None:
    offered = apply_change(RULES, RuleChange(CHANGE_OPTION, "99", 0, 1, NEW_AA))
    assert [o.id for o in offered.options_for("AA")][-1] == 99
    assert [o.position for o in offered.options_for("AA")] == [1, 2, 3, 4]
    withdrawn = apply_change(offered, RuleChange(CHANGE_OPTION, "99", 1, 0, NEW_AA))
    assert withdrawn.options_for("AA") == RULES.options_for("AA")


def test_unknown_targets_change_nothing() -> None:
    assert apply_change(RULES, RuleChange(CHANGE_PART, "12345:ceu", 1, 2)) == RULES
    assert apply_change(RULES, RuleChange("other", "x", 1, 2)) == RULES


def test_the_payload_round_trips() -> None:
    option_change = RuleChange(CHANGE_OPTION, "99", 0, 1, NEW_AA)
    for change in (WINDOW, AA_CEUS, option_change):
        assert RuleChange.from_json(change.to_json()) == change
    assert AA_CEUS.inverse() == RuleChange(CHANGE_PART, AA_CEUS.target, 8, 5)


def test_a_pending_change_applies_to_cycles_ending_on_or_after_its_date() -> None:
    pending = [DatedChange(1, D, False, WINDOW)]
    assert rules_in_force(RULES, pending, date(2027, 6, 30)).setting("renewal_window_days") == 365
    assert rules_in_force(RULES, pending, D).setting("renewal_window_days") == 200
    assert rules_in_force(RULES, pending, date(2031, 1, 1)).setting("renewal_window_days") == 200


def test_an_applied_change_is_undone_for_cycles_ending_before_its_date() -> None:
    live = apply_change(RULES, AA_CEUS)  # applied on D: the live tables hold 8
    applied = [DatedChange(1, D, True, AA_CEUS)]
    before = rules_in_force(live, applied, date(2027, 6, 30))
    assert before.options_for("AA")[0].parts[0].amount == 5
    assert rules_in_force(live, applied, D).options_for("AA")[0].parts[0].amount == 8


def test_later_changes_win_and_order_is_by_date_then_id() -> None:
    later = RuleChange(CHANGE_SETTING, "renewal_window_days", 200, 100)
    changes = [DatedChange(2, date(2028, 1, 1), False, later), DatedChange(1, D, False, WINDOW)]
    assert rules_in_force(RULES, changes, date(2027, 12, 31)).setting("renewal_window_days") == 200
    assert rules_in_force(RULES, changes, date(2028, 1, 1)).setting("renewal_window_days") == 100
