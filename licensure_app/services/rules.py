"""Reads the renewal rules in force from the rule tables, with the recorded changes that
take effect on other dates (domain/rules.py: a change effective on D applies to licenses
whose cycle ends on or after D)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, bindparam, or_
from sqlmodel import Session, col, select

from ..domain.rules import (
    DatedChange,
    OptionPart,
    RenewalOptionRule,
    Rules,
    rules_in_force,
)
from ..domain.rules import (
    RuleChange as ChangeData,
)
from ..infra import clock
from ..models import (
    License,
    RenewalOption,
    RenewalOptionPart,
    RuleChange,
    RuleSetting,
    RuleVersion,
)

# Read on every tracker, renewal and approval view: plain columns from statements built
# once (SQLAlchemy caches their compiled form) cost a fraction of loading ORM objects.
# Inner join: an option without parts would be met by anything, so it is left out.
_ACTIVE_OPTION_PARTS = (
    select(
        col(RenewalOption.id),
        col(RenewalOption.category),
        col(RenewalOption.position),
        col(RenewalOptionPart.kind),
        col(RenewalOptionPart.amount),
    )
    .join(RenewalOptionPart, col(RenewalOptionPart.option_id) == col(RenewalOption.id))
    .where(col(RenewalOption.is_active).is_(True))
    .order_by(
        col(RenewalOption.category),
        col(RenewalOption.position),
        col(RenewalOptionPart.id),
    )
)
_SETTINGS = select(col(RuleSetting.key), col(RuleSetting.value))
# The changes that matter to cycles ending on or after `since`: every pending one, and the
# applied ones that took effect after `since` (undone for those cycles). Usually none.
_CHANGES = (
    select(
        col(RuleChange.id),
        col(RuleChange.effective_on),
        col(RuleChange.status),
        col(RuleChange.payload_json),
    )
    .where(
        or_(
            col(RuleChange.status) == "pending",
            and_(
                col(RuleChange.status) == "applied",
                col(RuleChange.effective_on) > bindparam("since"),
            ),
        )
    )
    .order_by(col(RuleChange.effective_on), col(RuleChange.id))
)


# Every recorded change, for the cache below (filtered per cycle in Python: a few dozen).
_ALL_CHANGES = (
    select(
        col(RuleChange.id),
        col(RuleChange.effective_on),
        col(RuleChange.status),
        col(RuleChange.payload_json),
    )
    .where(col(RuleChange.status).in_(("pending", "applied")))
    .order_by(col(RuleChange.effective_on), col(RuleChange.id))
)
_VERSION = select(col(RuleVersion.stamp), col(RuleVersion.version)).where(RuleVersion.id == 1)


@dataclass(frozen=True)
class RulesTimeline:
    """The live rules and the recorded changes around them: the rules for any cycle."""

    live: Rules
    changes: tuple[DatedChange, ...]

    def on(self, cycle_ends_on: date) -> Rules:
        """The rules for a validity cycle ending on that date."""
        if not self.changes:
            return self.live
        return rules_in_force(self.live, self.changes, cycle_ends_on)


def load_live_rules(session: Session) -> Rules:
    """The rule tables as they are: the active options (with their parts) and every setting."""
    heads: dict[int, tuple[str, int]] = {}
    parts_by_option: dict[int, list[OptionPart]] = {}
    # Through the session's connection: Core rows, without the ORM's per-statement work.
    connection = session.connection()
    for option_id, category, position, kind, amount in connection.execute(_ACTIVE_OPTION_PARTS):
        heads.setdefault(option_id, (category, position))
        parts_by_option.setdefault(option_id, []).append(OptionPart(kind, float(amount)))
    options: dict[str, list[RenewalOptionRule]] = {}
    # Dicts keep insertion order, so categories and positions stay as the query sorted them.
    for option_id, (category, position) in heads.items():
        options.setdefault(category, []).append(
            RenewalOptionRule(
                id=option_id,
                category=category,
                position=position,
                parts=tuple(parts_by_option[option_id]),
            )
        )
    settings = {key: float(value) for key, value in connection.execute(_SETTINGS)}
    return Rules(options={k: tuple(v) for k, v in options.items()}, settings=settings)


def _dated(rows: object) -> tuple[DatedChange, ...]:
    return tuple(
        DatedChange(
            id=change_id,
            effective_on=effective_on,
            applied=status == "applied",
            change=ChangeData.from_json(payload),
        )
        for change_id, effective_on, status, payload in rows  # type: ignore[attr-defined]
    )


def load_changes(session: Session, since: date) -> tuple[DatedChange, ...]:
    return _dated(session.connection().execute(_CHANGES, {"since": since}))


@dataclass(frozen=True)
class _Cached:
    key: tuple[str, str, int]  # (database, its stamp, the rule version)
    live: Rules
    changes: tuple[DatedChange, ...]  # pending and applied


# The rules as last read by a read-only session of this process. Rules are immutable
# values, so one copy serves every tab; the version the triggers raise on every write to
# the rule tables says, in one small query, whether it is still the database's.
_cached: _Cached | None = None


def _cached_rules(session: Session) -> _Cached | None:
    """The cached rules, re-read when the version moved. Only for read-only sessions: a
    writing session may hold its own uncommitted changes, which must never be cached."""
    global _cached
    connection = session.connection()
    # The version first: rules read after it are at least as new, never older.
    found = connection.execute(_VERSION).first()
    if found is None:
        return None
    key = (str(session.get_bind().url), str(found[0]), int(found[1]))
    cached = _cached
    if cached is None or cached.key != key:
        cached = _Cached(key, load_live_rules(session), _dated(connection.execute(_ALL_CHANGES)))
        _cached = cached
    return cached


def load_timeline(session: Session, since: date | None = None) -> RulesTimeline:
    """The rules for cycles ending on or after `since` (default: today in the state)."""
    since = since or clock.today()
    cached = _cached_rules(session) if _reads_only(session) else None
    if cached is None:
        return RulesTimeline(live=load_live_rules(session), changes=load_changes(session, since))
    changes = tuple(c for c in cached.changes if not c.applied or c.effective_on > since)
    return RulesTimeline(live=cached.live, changes=changes)


def _reads_only(session: Session) -> bool:
    return bool(session.get_bind().get_execution_options().get("read_only"))


def load_rules(session: Session, in_force_on: date | None = None) -> Rules:
    """The rules for a validity cycle ending on `in_force_on` (a license's `expires_on`);
    None: the rules in force today (changes effective later not made)."""
    day = in_force_on or clock.today()
    return load_timeline(session, day).on(day)


def rules_for_license(session: Session, lic: License | None) -> Rules:
    """The rules for the license's current cycle (today's rules without a license)."""
    return load_rules(session, lic.expires_on if lic is not None else None)
