"""Reads the renewal rules in force from the rule tables."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..domain.rules import OptionPart, RenewalOptionRule, Rules
from ..models import RenewalOption, RenewalOptionPart, RuleSetting

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


def load_rules(session: Session) -> Rules:
    """Read the active options (with their parts) and every setting: two queries."""
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
