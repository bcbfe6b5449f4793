"""The tracker's headline names each option and what it still needs (issue 16, item 4)."""

from __future__ import annotations

from datetime import date

from licensure_app.domain.renewal import (
    ActivityFacts,
    LicenseFacts,
    evaluate,
    next_needed,
    options_headline,
)
from licensure_app.domain.rules import default_rules

RULES = default_rules()
TODAY = date(2027, 1, 15)


def _lic(license_class: str = "A") -> LicenseFacts:
    return LicenseFacts(1, "100200", "Standard", license_class, date(2022, 4, 30),
                        date(2027, 4, 29), "active")  # fmt: skip


def _acts(*pairs: tuple[str, float]) -> list[ActivityFacts]:
    return [
        ActivityFacts(i, f"Activity {i}", kind, amount, date(2026, 1, 1))
        for i, (kind, amount) in enumerate(pairs, start=1)
    ]


def test_the_headline_names_the_options() -> None:
    progress = evaluate(_lic(), _acts(("ceu", 7.5)), RULES, TODAY)
    assert options_headline(progress.options) == (
        "Option 1: 10 CEUs — 2.5 more. "
        "Option 2: 3 semester hours + 5 CEUs — 3 more semester hours. "
        "Option 3: 6 semester hours — 6 more. "
        "Option 4: National Board certification — not yet completed."
    )
    assert progress.summary == (
        "Complete one option by 29 April 2027. " + options_headline(progress.options)
    )


def test_a_combined_option_names_each_part_still_needed() -> None:
    progress = evaluate(_lic(), _acts(("ceu", 3)), RULES, TODAY)
    assert "Option 2: 3 semester hours + 5 CEUs — 3 more semester hours and 2 more CEUs." in (
        progress.summary
    )
    assert "You need" not in progress.summary


def test_a_met_option_reads_met_and_nothing_is_next() -> None:
    progress = evaluate(_lic("AA"), _acts(("ceu", 5)), RULES, TODAY)
    assert options_headline(progress.options).startswith("Option 1: 5 CEUs — met.")
    assert progress.next_needed == ""


def test_the_single_closest_thing_still_needed() -> None:
    progress = evaluate(_lic("AA"), _acts(("ceu", 3)), RULES, TODAY)
    assert progress.next_needed == "2 more CEUs by 29 April 2027"
    assert next_needed(_lic("AA"), progress.options) == progress.next_needed


def test_not_met_is_said_by_option_in_the_ineligibility_message() -> None:
    progress = evaluate(_lic("AA"), _acts(("ceu", 3)), RULES, TODAY)
    assert progress.renewable_problem == (
        "You have not met a renewal option yet. Option 1: 5 CEUs — 2 more. "
        "Option 2: 3 semester hours — 3 more. "
        "Option 3: National Board certification — not yet completed."
    )
