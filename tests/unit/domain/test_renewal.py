"""Table-driven tests of the renewal rules (licensure_app/services/renewal.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from licensure_app.domain.formatting import format_amount, format_date
from licensure_app.domain.renewal import (
    ActivityFacts,
    LicenseFacts,
    RenewalProgress,
    activity_status,
    evaluate,
    is_provisional,
    next_validity_period,
    option_label,
    renewal_category,
    requirement_sentence,
    unit_label,
    upgrade_window,
)
from licensure_app.domain.rules import OptionPart, RenewalOptionRule, Rules, default_rules
from licensure_app.models import License, PDActivity

RULES = default_rules()
VALID_FROM = date(2022, 7, 1)
EXPIRES_ON = date(2027, 6, 30)
IN_PERIOD = date(2024, 3, 15)
# Inside the renewal window (which opens 30 June 2026 with the default 365 days).
IN_WINDOW = date(2027, 1, 15)


def lic(
    license_class: str = "AA",
    license_type: str = "Standard",
    valid_from: date = VALID_FROM,
    expires_on: date = EXPIRES_ON,
    status: str = "active",
) -> LicenseFacts:
    return LicenseFacts(
        license_id=7,
        license_number="1234567",
        license_type=license_type,
        license_class=license_class,
        valid_from=valid_from,
        expires_on=expires_on,
        status=status,
    )


def act(
    activity_id: int,
    kind: str,
    amount: float,
    completed_on: date = IN_PERIOD,
    verification: str = "unverified",
    reason: str = "",
) -> ActivityFacts:
    return ActivityFacts(
        activity_id=activity_id,
        title=f"Activity {activity_id}",
        kind=kind,
        amount=amount,
        completed_on=completed_on,
        verification=verification,
        verification_reason=reason,
    )


def acts(*pairs: tuple[str, float]) -> list[ActivityFacts]:
    return [act(i, kind, amount) for i, (kind, amount) in enumerate(pairs, start=1)]


def by_position(progress: RenewalProgress, position: int):  # noqa: ANN201
    return next(o for o in progress.options if o.position == position)


def met_positions(progress: RenewalProgress) -> tuple[int, ...]:
    ids = set(progress.met_option_ids)
    return tuple(o.position for o in progress.options if o.option_id in ids)


# ---------------------------------------------------------------- categories and labels


@pytest.mark.parametrize(
    ("license_type", "license_class", "expected"),
    [
        ("Standard", "A", "A"),
        ("Standard", "AA", "AA"),
        ("Alternate Route", "AAA", "AAA"),
        ("Career & Technical", "AAAA", "AAAA"),
        ("Administrator", "AAA", "career_administrator"),
        ("Administrator", "A", "career_administrator"),
    ],
    ids=lambda v: str(v),
)
def test_renewal_category(license_type: str, license_class: str, expected: str) -> None:
    assert renewal_category(license_type, license_class) == expected


@pytest.mark.parametrize(
    ("category", "labels"),
    [
        (
            "A",
            [
                "10 CEUs",
                "3 semester hours + 5 CEUs",
                "6 semester hours",
                "National Board certification",
            ],
        ),
        ("AA", ["5 CEUs", "3 semester hours", "National Board certification"]),
        ("AAA", ["5 CEUs", "3 semester hours", "National Board certification"]),
        ("AAAA", ["5 CEUs", "3 semester hours", "National Board certification"]),
        (
            "career_administrator",
            [
                "70 SEMI credits",
                "6 semester hours",
                "35 SEMI credits + 3 semester hours",
                "specialist or doctoral degree",
            ],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_default_option_labels(category: str, labels: list[str]) -> None:
    options = RULES.options_for(category)
    assert [o.position for o in options] == list(range(1, len(labels) + 1))
    assert [option_label(o) for o in options] == labels


@pytest.mark.parametrize(
    ("category", "sentence"),
    [
        (
            "A",
            "10 CEUs, or 3 semester hours and 5 CEUs, or 6 semester hours, or National Board certification",
        ),
        ("AA", "5 CEUs, or 3 semester hours, or National Board certification"),
        (
            "career_administrator",
            "70 SEMI credits, or 6 semester hours, or 35 SEMI credits and 3 semester hours, "
            "or a specialist or doctoral degree",
        ),
        ("nonexistent", ""),
    ],
    ids=["A", "AA", "career_administrator", "unknown"],
)
def test_requirement_sentence(category: str, sentence: str) -> None:
    assert requirement_sentence(category, RULES) == sentence


@pytest.mark.parametrize(
    ("kind", "amount", "label"),
    [
        ("ceu", 1, "CEU"),
        ("ceu", 1.0, "CEU"),
        ("ceu", 0.5, "CEUs"),
        ("ceu", 2, "CEUs"),
        ("semester_hours", 1, "semester hour"),
        ("semester_hours", 3, "semester hours"),
        ("semi_credits", 1, "SEMI credit"),
        ("semi_credits", 70, "SEMI credits"),
        ("national_board", 1, "National Board certification"),
        ("national_board", 2, "National Board certifications"),
        ("degree", 1, "specialist or doctoral degree"),
        ("degree", 0, "specialist or doctoral degrees"),
    ],
    ids=lambda v: str(v),
)
def test_unit_label(kind: str, amount: float, label: str) -> None:
    assert unit_label(kind, amount) == label


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.0, "3"),
        (3, "3"),
        (4.5, "4.5"),
        (0.25, "0.25"),
        (0.1 + 0.2, "0.3"),
        (0.7 + 0.1 + 0.2 + 1.0, "2"),
        (1.005 + 0.0, "1"),  # rounds to 2 decimals (1.005 is 1.00499... in binary)
        (2.456, "2.46"),
        (70.0, "70"),
        (0.0, "0"),
        (-0.0001, "0"),
        (10.10, "10.1"),
    ],
    ids=lambda v: repr(v),
)
def test_format_amount(value: float, text: str) -> None:
    assert format_amount(value) == text


def test_format_date_has_no_leading_zero() -> None:
    assert format_date(date(2027, 3, 4)) == "4 March 2027"
    assert format_date(date(2027, 6, 30)) == "30 June 2027"


# ---------------------------------------------------------------- every default option

# (category, license type, license class, position, activities that exactly meet the option,
#  activities just below it). Written out by hand, not derived from default_rules().
OPTION_CASES = [
    ("A", "Standard", "A", 1, [("ceu", 6), ("ceu", 4)], [("ceu", 6), ("ceu", 3.5)]),
    (
        "A",
        "Standard",
        "A",
        2,
        [("semester_hours", 3), ("ceu", 5)],
        [("semester_hours", 3), ("ceu", 4.5)],
    ),
    (
        "A",
        "Standard",
        "A",
        2,
        [("semester_hours", 3), ("ceu", 5)],
        [("semester_hours", 2.5), ("ceu", 5)],
    ),
    ("A", "Standard", "A", 3, [("semester_hours", 6)], [("semester_hours", 5.5)]),
    ("A", "Standard", "A", 4, [("national_board", 1)], []),
    ("AA", "Standard", "AA", 1, [("ceu", 5)], [("ceu", 4.5)]),
    ("AA", "Standard", "AA", 2, [("semester_hours", 3)], [("semester_hours", 2.5)]),
    ("AA", "Standard", "AA", 3, [("national_board", 1)], []),
    ("AAA", "Standard", "AAA", 1, [("ceu", 2.5), ("ceu", 2.5)], [("ceu", 4.9)]),
    ("AAA", "Standard", "AAA", 2, [("semester_hours", 3)], [("semester_hours", 2)]),
    ("AAA", "Standard", "AAA", 3, [("national_board", 1)], []),
    ("AAAA", "Standard", "AAAA", 1, [("ceu", 5)], [("ceu", 4.5)]),
    ("AAAA", "Standard", "AAAA", 2, [("semester_hours", 3)], [("semester_hours", 2.5)]),
    ("AAAA", "Standard", "AAAA", 3, [("national_board", 1)], []),
    ("admin", "Administrator", "AAA", 1, [("semi_credits", 70)], [("semi_credits", 69.5)]),
    ("admin", "Administrator", "AAA", 2, [("semester_hours", 6)], [("semester_hours", 5.5)]),
    (
        "admin",
        "Administrator",
        "AAA",
        3,
        [("semi_credits", 35), ("semester_hours", 3)],
        [("semi_credits", 34.5), ("semester_hours", 3)],
    ),
    (
        "admin",
        "Administrator",
        "AAA",
        3,
        [("semi_credits", 35), ("semester_hours", 3)],
        [("semi_credits", 35), ("semester_hours", 2.5)],
    ),
    ("admin", "Administrator", "AA", 4, [("degree", 1)], []),
]
OPTION_IDS = [f"{c[0]}-option{c[3]}-{'+'.join(f'{k}{a}' for k, a in c[5])}" for c in OPTION_CASES]


@pytest.mark.parametrize(
    ("category", "license_type", "license_class", "position", "meets", "below"),
    OPTION_CASES,
    ids=OPTION_IDS,
)
def test_each_option_met_at_threshold_and_not_below(
    category: str,
    license_type: str,
    license_class: str,
    position: int,
    meets: list[tuple[str, float]],
    below: list[tuple[str, float]],
) -> None:
    license = lic(license_class=license_class, license_type=license_type)

    at = evaluate(license, acts(*meets), RULES, IN_WINDOW)
    # Exactly this option, and no other, is met; it is the closest and renewal is possible.
    assert met_positions(at) == (position,)
    assert at.is_met
    assert by_position(at, position).met
    assert by_position(at, position).fraction == 1.0
    assert at.closest_option_id == by_position(at, position).option_id
    assert at.can_renew
    assert at.renewable_problem is None
    assert (
        at.summary == f"You have met the renewal requirements ({by_position(at, position).label})."
    )

    short = evaluate(license, acts(*below), RULES, IN_WINDOW)
    assert short.met_option_ids == ()
    assert not short.is_met
    assert not by_position(short, position).met
    assert by_position(short, position).fraction < 1.0
    assert not short.can_renew
    assert short.renewable_problem is not None
    assert short.renewable_problem.startswith("You have not met a renewal option yet")


# ---------------------------------------------------------------- which activities count


@pytest.mark.parametrize(
    ("amount", "counts"),
    [(0.4, False), (0.49, False), (0.5, True), (0.51, True), (0.1 + 0.4, True), (3, True)],
    ids=["0.4-refused", "0.49-refused", "0.5-counts", "0.51-counts", "float-0.5-counts", "3"],
)
def test_minimum_ceu_per_activity(amount: float, counts: bool) -> None:
    status = activity_status(act(1, "ceu", amount), lic(), RULES)
    assert status.counts is counts
    if counts:
        assert status.reason == ""
    else:
        assert status.reason == "under the minimum of 0.5 CEU (5 contact hours)"
    progress = evaluate(lic(), [act(1, "ceu", amount)], RULES, IN_WINDOW)
    assert by_position(progress, 1).parts[0].counted == (round(amount, 6) if counts else 0)


def test_minimum_applies_only_to_ceus() -> None:
    assert activity_status(act(1, "semester_hours", 0.25), lic(), RULES).counts


def test_minimum_and_contact_hours_come_from_rules() -> None:
    rules = replace(RULES, settings={**RULES.settings, "min_activity_ceu": 1.5})
    status = activity_status(act(1, "ceu", 1.2), lic(), rules)
    assert not status.counts
    assert status.reason == "under the minimum of 1.5 CEU (15 contact hours)"


@pytest.mark.parametrize(
    ("completed_on", "counts", "reason"),
    [
        (
            VALID_FROM - timedelta(days=1),
            False,
            "completed before this license's validity period began on 1 July 2022",
        ),
        (VALID_FROM, True, ""),
        (EXPIRES_ON, True, ""),
        (
            EXPIRES_ON + timedelta(days=1),
            False,
            "completed after this license expires on 30 June 2027",
        ),
    ],
    ids=["day-before-valid-from", "valid-from", "expires-on", "day-after-expiry"],
)
def test_validity_boundaries(completed_on: date, counts: bool, reason: str) -> None:
    status = activity_status(act(1, "ceu", 5, completed_on=completed_on), lic(), RULES)
    assert (status.counts, status.reason) == (counts, reason)
    progress = evaluate(lic(), [act(1, "ceu", 5, completed_on=completed_on)], RULES, IN_WINDOW)
    assert progress.is_met is counts


@pytest.mark.parametrize(
    ("verification", "reason_text", "counts", "reason"),
    [
        ("unverified", "", True, ""),
        ("verified", "", True, ""),
        (
            "not_accepted",
            "The certificate is not from an approved provider.",
            False,
            "not accepted: The certificate is not from an approved provider.",
        ),
        ("not_accepted", "", False, "not accepted"),
    ],
    ids=["unverified", "verified", "not-accepted-with-reason", "not-accepted-no-reason"],
)
def test_verification(verification: str, reason_text: str, counts: bool, reason: str) -> None:
    activity = act(1, "ceu", 5, verification=verification, reason=reason_text)
    status = activity_status(activity, lic(), RULES)
    assert (status.counts, status.reason) == (counts, reason)
    assert evaluate(lic(), [activity], RULES, IN_WINDOW).is_met is counts


def test_already_counted_ids_do_not_count_again() -> None:
    activities = [act(1, "ceu", 3), act(2, "ceu", 2)]
    fresh = evaluate(lic(), activities, RULES, IN_WINDOW)
    assert fresh.is_met
    again = evaluate(lic(), activities, RULES, IN_WINDOW, already_counted_ids=frozenset({2}))
    assert not again.is_met
    assert by_position(again, 1).parts[0].progress_text == "3 of 5 CEUs"
    assert again.activity_counts[0].counts
    assert not again.activity_counts[1].counts
    assert again.activity_counts[1].reason == "already counted toward an earlier renewal"


@pytest.mark.parametrize(
    ("license_type", "license_class", "kind", "reason"),
    [
        (
            "Standard",
            "AA",
            "semi_credits",
            "SEMI credits do not count toward renewing this license",
        ),
        (
            "Standard",
            "A",
            "degree",
            "specialist or doctoral degrees do not count toward renewing this license",
        ),
        ("Administrator", "AA", "ceu", "CEUs do not count toward renewing this license"),
        (
            "Administrator",
            "AA",
            "national_board",
            "National Board certifications do not count toward renewing this license",
        ),
    ],
    ids=["semi-for-AA", "degree-for-A", "ceu-for-admin", "nbct-for-admin"],
)
def test_kind_no_option_uses(license_type: str, license_class: str, kind: str, reason: str) -> None:
    license = lic(license_class=license_class, license_type=license_type)
    status = activity_status(act(1, kind, 80), license, RULES)
    assert (status.counts, status.reason) == (False, reason)


def test_every_activity_gets_a_count_in_order() -> None:
    activities = [
        act(11, "ceu", 2),
        act(12, "ceu", 0.4),
        act(13, "ceu", 1, completed_on=VALID_FROM - timedelta(days=3)),
        act(14, "semester_hours", 1),
    ]
    progress = evaluate(lic(), activities, RULES, IN_WINDOW)
    assert [(c.activity_id, c.counts) for c in progress.activity_counts] == [
        (11, True),
        (12, False),
        (13, False),
        (14, True),
    ]


# ---------------------------------------------------------------- mixed kinds


@pytest.mark.parametrize(
    ("license_class", "license_type", "activities", "met", "counted_by_position"),
    [
        # CEUs never count toward semester-hour parts.
        ("AA", "Standard", [("ceu", 20)], (1,), {1: [20], 2: [0], 3: [0]}),
        # Semester hours never count toward CEU parts.
        ("AA", "Standard", [("semester_hours", 2)], (), {1: [0], 2: [2], 3: [0]}),
        # Combined option needs both parts: semester hours alone meet only the 6 SH option.
        ("A", "Standard", [("semester_hours", 10)], (3,), {1: [0], 2: [10, 0], 3: [10]}),
        # 5 CEUs alone meet nothing in Class A.
        ("A", "Standard", [("ceu", 5)], (), {1: [5], 2: [0, 5], 3: [0]}),
        # Both parts: the combined option is met; 10 CEUs as well when there are enough.
        ("A", "Standard", [("semester_hours", 3), ("ceu", 10)], (1, 2), {2: [3, 10]}),
        # Administrator: SEMI credits and semester hours stay apart.
        (
            "AA",
            "Administrator",
            [("semi_credits", 40), ("semester_hours", 2)],
            (),
            {1: [40], 2: [2], 3: [40, 2], 4: [0]},
        ),
        ("AA", "Administrator", [("semi_credits", 40), ("semester_hours", 6)], (2, 3), {}),
    ],
    ids=[
        "ceu-not-sh",
        "sh-not-ceu",
        "combined-needs-ceu",
        "ceu-alone-A",
        "combined-and-10ceu",
        "admin-apart",
        "admin-two-met",
    ],
)
def test_mixed_kinds(
    license_class: str,
    license_type: str,
    activities: list[tuple[str, float]],
    met: tuple[int, ...],
    counted_by_position: dict[int, list[float]],
) -> None:
    license = lic(license_class=license_class, license_type=license_type)
    progress = evaluate(license, acts(*activities), RULES, IN_WINDOW)
    assert met_positions(progress) == met
    for position, counted in counted_by_position.items():
        assert [p.counted for p in by_position(progress, position).parts] == counted
    if met:
        # The first met option (by position) is the one pointed out.
        assert progress.closest_option_id == by_position(progress, met[0]).option_id


# ---------------------------------------------------------------- closest option


@pytest.mark.parametrize(
    ("license_class", "license_type", "activities", "closest_position"),
    [
        ("AA", "Standard", [], 1),  # all zero: tie goes to the lowest position
        ("AA", "Standard", [("ceu", 3)], 1),
        ("AA", "Standard", [("ceu", 1), ("semester_hours", 2)], 2),
        ("A", "Standard", [("ceu", 8)], 1),  # 0.8 beats the combined 0.5
        ("A", "Standard", [("ceu", 5), ("semester_hours", 2)], 2),  # combined (1 + 2/3) / 2
        ("A", "Standard", [("semester_hours", 3)], 2),  # combined (1 + 0) / 2 ties 6 SH 3/6
        ("A", "Standard", [("semester_hours", 5.5)], 3),
        ("AA", "Administrator", [("semi_credits", 30), ("semester_hours", 3)], 3),
        ("AA", "Administrator", [("semi_credits", 60)], 1),
        ("AA", "Standard", [("national_board", 1), ("ceu", 5)], 1),  # both met: first position
    ],
    ids=[
        "nothing",
        "3-ceu",
        "sh-ahead",
        "8-ceu-A",
        "combined-ahead",
        "tie-lowest-position",
        "6sh-ahead",
        "admin-combined",
        "admin-semi",
        "two-met-first",
    ],
)
def test_closest_option(
    license_class: str,
    license_type: str,
    activities: list[tuple[str, float]],
    closest_position: int,
) -> None:
    license = lic(license_class=license_class, license_type=license_type)
    progress = evaluate(license, acts(*activities), RULES, IN_WINDOW)
    closest = by_position(progress, closest_position)
    assert progress.closest_option_id == closest.option_id
    assert [o.is_closest for o in progress.options] == [
        o.position == closest_position for o in progress.options
    ]


def test_fraction_is_mean_of_capped_parts() -> None:
    progress = evaluate(lic("A"), acts(("ceu", 20), ("semester_hours", 1.5)), RULES, IN_WINDOW)
    combined = by_position(progress, 2)
    assert [p.fraction for p in combined.parts] == [0.5, 1.0]
    assert combined.fraction == pytest.approx(0.75)
    assert not combined.met


# ---------------------------------------------------------------- the demo teacher's texts


@pytest.mark.parametrize(
    ("activities", "progress_text", "remaining_text", "met"),
    [
        ([("ceu", 1), ("ceu", 2)], "3 of 5 CEUs", "2 remaining", False),
        ([("ceu", 1), ("ceu", 2), ("ceu", 1.5)], "4.5 of 5 CEUs", "0.5 remaining", False),
        ([("ceu", 1), ("ceu", 2), ("ceu", 1.5), ("ceu", 0.5)], "5 of 5 CEUs", "0 remaining", True),
        ([("ceu", 4), ("ceu", 4)], "8 of 5 CEUs", "0 remaining", True),
        ([("ceu", 0.7), ("ceu", 0.6), ("ceu", 0.9)], "2.2 of 5 CEUs", "2.8 remaining", False),
    ],
    ids=["3-ceu", "plus-1.5", "plus-0.5-met", "over", "float-sum"],
)
def test_demo_teacher_progress_texts(
    activities: list[tuple[str, float]], progress_text: str, remaining_text: str, met: bool
) -> None:
    progress = evaluate(lic("AA"), acts(*activities), RULES, IN_WINDOW)
    ceu = by_position(progress, 1)
    assert ceu.label == "5 CEUs"
    assert ceu.parts[0].progress_text == progress_text
    assert ceu.parts[0].remaining_text == remaining_text
    assert ceu.parts[0].remaining >= 0
    assert 0 <= ceu.parts[0].fraction <= 1
    assert ceu.met is met
    assert progress.is_met is met
    sh = by_position(progress, 2)
    assert sh.parts[0].progress_text == "0 of 3 semester hours"
    assert sh.parts[0].remaining_text == "3 remaining"


def test_semi_credit_progress_text() -> None:
    progress = evaluate(lic("AA", "Administrator"), [], RULES, IN_WINDOW)
    assert by_position(progress, 1).parts[0].progress_text == "0 of 70 SEMI credits"
    assert by_position(progress, 1).parts[0].remaining_text == "70 remaining"


# ---------------------------------------------------------------- summary sentence


@pytest.mark.parametrize(
    ("license_class", "license_type", "activities", "today", "summary"),
    [
        (
            "AA",
            "Standard",
            [("ceu", 3)],
            IN_WINDOW,
            "Complete one option by 30 June 2027. Option 1: 5 CEUs — 2 more. Option 2: 3 semester hours — 3 more. "
            "Option 3: National Board certification — not yet completed.",
        ),
        (
            "AA",
            "Standard",
            [("semester_hours", 2)],
            IN_WINDOW,
            "Complete one option by 30 June 2027. Option 1: 5 CEUs — 5 more. Option 2: 3 semester hours — 1 more. "
            "Option 3: National Board certification — not yet completed.",
        ),
        (
            "A",
            "Standard",
            [],
            IN_WINDOW,
            "Complete one option by 30 June 2027. Option 1: 10 CEUs — 10 more. Option 2: 3 semester hours + 5 CEUs — "
            "3 more semester hours and 5 more CEUs. Option 3: 6 semester hours — 6 more. "
            "Option 4: National Board certification — not yet completed.",
        ),
        (
            "A",
            "Standard",
            [("ceu", 5)],
            IN_WINDOW,
            "Complete one option by 30 June 2027. Option 1: 10 CEUs — 5 more. Option 2: 3 semester hours + 5 CEUs — "
            "3 more semester hours. Option 3: 6 semester hours — 6 more. "
            "Option 4: National Board certification — not yet completed.",
        ),
        (
            "A",
            "Standard",
            [("ceu", 4), ("semester_hours", 1)],
            IN_WINDOW,
            "Complete one option by 30 June 2027. Option 1: 10 CEUs — 6 more. Option 2: 3 semester hours + 5 CEUs — "
            "2 more semester hours and 1 more CEU. Option 3: 6 semester hours — 5 more. "
            "Option 4: National Board certification — not yet completed.",
        ),
        (
            "AA",
            "Administrator",
            [("semi_credits", 35), ("semester_hours", 1)],
            IN_WINDOW,
            "Complete one option by 30 June 2027. Option 1: 70 SEMI credits — 35 more. Option 2: 6 semester hours — 5 more. "
            "Option 3: 35 SEMI credits + 3 semester hours — 2 more semester hours. "
            "Option 4: Specialist or doctoral degree — not yet completed.",
        ),
        (
            "AA",
            "Standard",
            [("ceu", 5)],
            IN_WINDOW,
            "You have met the renewal requirements (5 CEUs).",
        ),
        (
            "AA",
            "Standard",
            [("ceu", 5)],
            date(2025, 1, 1),
            "You have met the renewal requirements (5 CEUs). "
            "You can file your renewal from 30 June 2026.",
        ),
        (
            "AA",
            "Standard",
            [("national_board", 1)],
            IN_WINDOW,
            "You have met the renewal requirements (National Board certification).",
        ),
        (
            "AA",
            "Standard",
            [("ceu", 5)],
            EXPIRES_ON + timedelta(days=1),
            "This license expired on 30 June 2027. "
            "It is restored by a reactivation application, not a renewal.",
        ),
    ],
    ids=[
        "AA-3-ceu",
        "AA-2-sh",
        "A-nothing",
        "A-5-ceu-tie-first-position",
        "A-partial-both",
        "admin-combined-closest",
        "met-window-open",
        "met-window-not-open",
        "met-nbct",
        "expired",
    ],
)
def test_summary(
    license_class: str,
    license_type: str,
    activities: list[tuple[str, float]],
    today: date,
    summary: str,
) -> None:
    license = lic(license_class=license_class, license_type=license_type)
    assert evaluate(license, acts(*activities), RULES, today).summary == summary


# ---------------------------------------------------------------- can renew


@pytest.mark.parametrize(
    ("license", "activities", "today", "can_renew", "problem"),
    [
        (lic(), [("ceu", 5)], IN_WINDOW, True, None),
        (lic(), [("ceu", 5)], EXPIRES_ON, True, None),  # the last day still counts
        (lic(), [("ceu", 5)], date(2026, 6, 30), True, None),  # the window's first day
        (
            lic(),
            [("ceu", 5)],
            date(2026, 6, 29),
            False,
            "You can file your renewal from 30 June 2026.",
        ),
        (
            lic(),
            [("ceu", 5)],
            EXPIRES_ON + timedelta(days=1),
            False,
            "This license expired on 30 June 2027. "
            "An expired license is restored by a reactivation application, not a renewal.",
        ),
        (
            lic(license_type="Provisional"),
            [("ceu", 5)],
            IN_WINDOW,
            False,
            "This is a provisional license, so it cannot be renewed. "
            "It is converted or extended by another type of application.",
        ),
        (
            lic(valid_from=date(2024, 7, 1)),  # three years only
            [("ceu", 5)],
            IN_WINDOW,
            False,
            "This is a provisional license, so it cannot be renewed. "
            "It is converted or extended by another type of application.",
        ),
        (
            lic(status="suspended"),
            [("ceu", 5)],
            IN_WINDOW,
            False,
            "This license is suspended, so it cannot be renewed.",
        ),
        (
            lic(),
            [("ceu", 3)],
            IN_WINDOW,
            False,
            "You have not met a renewal option yet. Option 1: 5 CEUs — 2 more. "
            "Option 2: 3 semester hours — 3 more. Option 3: National Board certification — not yet completed.",
        ),
    ],
    ids=[
        "met-in-window",
        "met-on-expiry-day",
        "window-first-day",
        "window-not-open",
        "expired",
        "provisional-type",
        "short-validity",
        "suspended",
        "not-met",
    ],
)
def test_can_renew(
    license: LicenseFacts,
    activities: list[tuple[str, float]],
    today: date,
    can_renew: bool,
    problem: str | None,
) -> None:
    progress = evaluate(license, acts(*activities), RULES, today)
    assert progress.can_renew is can_renew
    assert progress.renewable_problem == problem
    assert progress.window_opens_on == date(2026, 6, 30)


def test_window_length_comes_from_rules() -> None:
    rules = replace(RULES, settings={**RULES.settings, "renewal_window_days": 30})
    progress = evaluate(lic(), acts(("ceu", 5)), rules, IN_WINDOW)
    assert progress.window_opens_on == date(2027, 5, 31)
    assert progress.renewable_problem == "You can file your renewal from 31 May 2027."


def test_options_come_from_rules() -> None:
    rules = Rules(
        options={"AA": (RenewalOptionRule(99, "AA", 1, (OptionPart("ceu", 2),)),)},
        settings=RULES.settings,
    )
    progress = evaluate(lic(), acts(("ceu", 2)), rules, IN_WINDOW)
    assert [o.option_id for o in progress.options] == [99]
    assert progress.met_option_ids == (99,)
    assert progress.can_renew


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("valid_from", "expires_on", "license_type", "provisional"),
    [
        (date(2022, 7, 1), date(2027, 6, 30), "Standard", False),
        (date(2022, 7, 1), date(2027, 7, 1), "Standard", False),  # anniversary-to-anniversary
        (date(2022, 7, 1), date(2027, 6, 29), "Standard", True),  # one day short
        (date(2024, 7, 1), date(2027, 6, 30), "Standard", True),
        (date(2024, 2, 29), date(2029, 2, 28), "Standard", False),
        (date(2022, 7, 1), date(2027, 6, 30), "Provisional", True),
        (date(2022, 7, 1), date(2030, 6, 30), "Alternate Route", False),
    ],
    ids=[
        "five-years",
        "five-years-plus-day",
        "one-day-short",
        "three-years",
        "from-29-feb",
        "provisional-type",
        "longer",
    ],
)
def test_is_provisional(
    valid_from: date, expires_on: date, license_type: str, provisional: bool
) -> None:
    license = lic(license_type=license_type, valid_from=valid_from, expires_on=expires_on)
    assert is_provisional(license, RULES) is provisional


def test_is_provisional_reads_validity_years() -> None:
    rules = replace(RULES, settings={**RULES.settings, "standard_validity_years": 3})
    assert not is_provisional(lic(valid_from=date(2024, 7, 1)), rules)


@pytest.mark.parametrize(
    ("expires_on", "period"),
    [
        (date(2027, 6, 30), (date(2027, 7, 1), date(2032, 6, 30))),
        (date(2028, 2, 29), (date(2028, 3, 1), date(2033, 2, 28))),
        (date(2028, 2, 28), (date(2028, 2, 29), date(2033, 2, 28))),
        (date(2027, 2, 28), (date(2027, 3, 1), date(2032, 2, 29))),
        (date(2027, 12, 31), (date(2028, 1, 1), date(2032, 12, 31))),
    ],
    ids=["30-june", "29-feb-expiry", "starts-29-feb", "ends-29-feb", "new-year"],
)
def test_next_validity_period(expires_on: date, period: tuple[date, date]) -> None:
    assert next_validity_period(expires_on, RULES) == period
    # A renewed license is never provisional.
    renewed = lic(valid_from=period[0], expires_on=period[1])
    assert not is_provisional(renewed, RULES)


def test_upgrade_window() -> None:
    assert upgrade_window(date(2027, 6, 30), RULES) == (date(2027, 5, 1), date(2027, 5, 31))
    rules = replace(
        RULES,
        settings={**RULES.settings, "upgrade_window_min_days": 10, "upgrade_window_max_days": 20},
    )
    assert upgrade_window(date(2027, 6, 30), rules) == (date(2027, 6, 10), date(2027, 6, 20))


# ---------------------------------------------------------------- rules object and rows


def test_missing_setting_names_the_key() -> None:
    rules = Rules(options={}, settings={})
    with pytest.raises(KeyError, match="renewal_window_days"):
        rules.setting("renewal_window_days")
    assert rules.options_for("AA") == ()


def test_evaluate_without_options() -> None:
    progress = evaluate(
        lic(), acts(("ceu", 5)), Rules(options={}, settings=RULES.settings), IN_WINDOW
    )
    assert progress.options == ()
    assert progress.closest_option_id is None
    assert not progress.can_renew
    assert not progress.activity_counts[0].counts


def test_from_rows() -> None:
    row = License(
        id=3,
        license_number="7654321",
        holder_id=1,
        license_type="Standard",
        license_class="AA",
        first_issued=date(2017, 7, 1),
        valid_from=VALID_FROM,
        expires_on=EXPIRES_ON,
        status="active",
    )
    assert LicenseFacts.from_row(row) == LicenseFacts(
        3, "7654321", "Standard", "AA", VALID_FROM, EXPIRES_ON, "active"
    )
    activity = PDActivity(
        id=5,
        holder_id=1,
        title="Reading workshop",
        provider="MDE",
        kind="ceu",
        amount=1.5,
        completed_on=IN_PERIOD,
        verification="not_accepted",
        verification_reason="No certificate",
    )
    assert ActivityFacts.from_row(activity) == ActivityFacts(
        5, "Reading workshop", "ceu", 1.5, IN_PERIOD, "not_accepted", "No certificate"
    )
    with pytest.raises(ValueError, match="no id"):
        ActivityFacts.from_row(PDActivity(**{**activity.model_dump(), "id": None}))
