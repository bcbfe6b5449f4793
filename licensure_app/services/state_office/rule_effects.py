"""What a planned rule change does to educators' trackers: how many change, how many
become met and how many stop being met, over the licenses it applies to (active, expiring
on or after its effective date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.rules import DatedChange, Rules, rules_in_force
from licensure_app.domain.status import LICENSE_ACTIVE
from licensure_app.models import License, PDActivity
from licensure_app.services.rules import RulesTimeline, load_timeline

from .rule_changes import PlannedChange

# Larger than any recorded change's id: the planned change comes after every recorded one.
_PLANNED_ID = 2**62


@dataclass(frozen=True)
class TrackerEffect:
    """Educators whose tracker would change, and of them how many newly meet an option or
    no longer meet one."""

    changed: int
    newly_met: int
    no_longer_met: int


def _conditions(planned: PlannedChange) -> list[Any]:
    conditions: list[Any] = [
        License.status == LICENSE_ACTIVE,
        col(License.expires_on) >= planned.effective_on,
    ]
    if planned.category == renewal.CAREER_ADMINISTRATOR:
        conditions.append(License.license_type == renewal.ADMINISTRATOR_TYPE)
    elif planned.category:
        conditions += [
            License.license_class == planned.category,
            License.license_type != renewal.ADMINISTRATOR_TYPE,
        ]
    return conditions


class _Rules:
    """The rules before and after the change, per cycle end (cached: few distinct dates)."""

    def __init__(self, timeline: RulesTimeline, planned: PlannedChange) -> None:
        self.timeline = timeline
        self.with_change = (
            *timeline.changes,
            DatedChange(_PLANNED_ID, planned.effective_on, False, planned.change),
        )
        self.cache: dict[date, tuple[Rules, Rules]] = {}

    def pair(self, cycle_ends_on: date) -> tuple[Rules, Rules]:
        if cycle_ends_on not in self.cache:
            self.cache[cycle_ends_on] = (
                self.timeline.on(cycle_ends_on),
                rules_in_force(self.timeline.live, self.with_change, cycle_ends_on),
            )
        return self.cache[cycle_ends_on]


def _facts(lic: License | Any) -> renewal.LicenseFacts:
    return renewal.LicenseFacts(
        license_id=lic.id or 0,
        license_number=lic.license_number,
        license_type=lic.license_type,
        license_class=lic.license_class,
        valid_from=lic.valid_from,
        expires_on=lic.expires_on,
        status=lic.status,
    )


def _with_activities(
    session: Session, planned: PlannedChange, rules: _Rules, today: date
) -> tuple[set[int], set[int], set[int]]:
    """Each license of an educator with activities, evaluated before and after."""
    has_activities = select(PDActivity.holder_id)
    licenses = session.exec(
        select(License).where(*_conditions(planned), col(License.holder_id).in_(has_activities))
    ).all()
    holders = {lic.holder_id for lic in licenses}
    activities: dict[int, list[renewal.ActivityFacts]] = {}
    if holders:
        for a in session.exec(select(PDActivity).where(col(PDActivity.holder_id).in_(holders))):
            activities.setdefault(a.holder_id, []).append(renewal.ActivityFacts.from_row(a))
    changed, newly, no_longer = set(), set(), set()
    for lic in licenses:
        before_rules, after_rules = rules.pair(lic.expires_on)
        facts = activities.get(lic.holder_id, [])
        before = renewal.evaluate(_facts(lic), facts, before_rules, today)
        after = renewal.evaluate(_facts(lic), facts, after_rules, today)
        if before != after:
            changed.add(lic.holder_id)
        if after.is_met and not before.is_met:
            newly.add(lic.holder_id)
        if before.is_met and not after.is_met:
            no_longer.add(lic.holder_id)
    return changed, newly, no_longer


def _without_activities(
    session: Session, planned: PlannedChange, rules: _Rules, today: date
) -> int:
    """Educators without activities: a tracker with nothing counted, one per license shape
    (type, class, expiry), evaluated once each."""
    has_activities = select(PDActivity.holder_id)
    conditions = [*_conditions(planned), col(License.holder_id).not_in(has_activities)]
    groups = session.exec(
        select(
            License.license_type,
            License.license_class,
            License.expires_on,
            func.min(License.valid_from),
            func.count(func.distinct(License.holder_id)),
        )
        .where(*conditions)
        .group_by(License.license_type, License.license_class, License.expires_on)
    ).all()
    changed_counts = []
    for license_type, license_class, expires_on, valid_from, holders in groups:
        facts = renewal.LicenseFacts(
            0, "", license_type, license_class, valid_from, expires_on, LICENSE_ACTIVE
        )
        before_rules, after_rules = rules.pair(expires_on)
        if renewal.evaluate(facts, [], before_rules, today) != renewal.evaluate(
            facts, [], after_rules, today
        ):
            changed_counts.append(int(holders))
    if not changed_counts:
        return 0
    if len(changed_counts) < len(groups):
        return sum(changed_counts)
    # Every shape changes: count each educator once.
    return int(
        session.exec(select(func.count(func.distinct(License.holder_id))).where(*conditions)).one()
    )


def tracker_effect(session: Session, planned: PlannedChange, today: date) -> TrackerEffect:
    rules = _Rules(load_timeline(session, planned.effective_on), planned)
    changed, newly, no_longer = _with_activities(session, planned, rules, today)
    others = _without_activities(session, planned, rules, today)
    return TrackerEffect(len(changed) + others, len(newly), len(no_longer))
