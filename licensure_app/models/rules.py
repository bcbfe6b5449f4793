"""Renewal rules as data: options per renewal category, and named numeric settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow
from .pd import PD_KINDS

# Categories: the license classes, plus career administrators who renew by their own rules.
RENEWAL_CATEGORIES = ("A", "AA", "AAA", "AAAA", "career_administrator")


class RenewalOption(SQLModel, table=True):
    """One way to renew: every part must be met (e.g. 3 semester hours + 5 CEUs)."""

    __tablename__ = "renewal_option"
    __table_args__ = (
        CheckConstraint(in_list("category", RENEWAL_CATEGORIES), name="ck_renewal_category"),
        UniqueConstraint("category", "position", name="uq_renewal_option_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(max_length=24, index=True)
    position: int
    is_active: bool = Field(default=True)


class RenewalOptionPart(SQLModel, table=True):
    __tablename__ = "renewal_option_part"
    __table_args__ = (
        CheckConstraint(in_list("kind", PD_KINDS), name="ck_renewal_part_kind"),
        CheckConstraint("amount > 0", name="ck_renewal_part_amount"),
        UniqueConstraint("option_id", "kind", name="uq_renewal_option_part_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    option_id: int = Field(foreign_key="renewal_option.id", index=True)
    kind: str = Field(max_length=20)
    amount: float


class RuleSetting(SQLModel, table=True):
    """A named number the rules use (validity years, windows, minimums)."""

    __tablename__ = "rule_setting"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True, index=True)
    value: float
    description: str = Field(default="", max_length=300)


RULE_CHANGE_STATUSES = ("pending", "applied", "cancelled")


class RuleChange(SQLModel, table=True):
    """One change to the rules with the date it takes effect: it applies to licenses whose
    cycle ends (`expires_on`) on or after `effective_on`. Pending until its date arrives,
    then applied to the live tables above; a change effective the day it is made is applied
    at once and recorded here too."""

    __tablename__ = "rule_change"
    __table_args__ = (
        CheckConstraint(in_list("status", RULE_CHANGE_STATUSES), name="ck_rule_change_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    effective_on: date = Field(index=True)
    # What changes, as domain/rules.RuleChange reads it (kind, target, before, after).
    payload_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    # How people read it: "Renewal window (days): 365 → 400".
    summary: str = Field(default="", max_length=300)
    status: str = Field(default="pending", max_length=10, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    applied_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    cancelled_by_id: int | None = Field(default=None, foreign_key="account.id")
    cancelled_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


# The tables whose rows are the rules: every write to them bumps `rule_version` (database
# triggers, migration d2e3f4a5b6c7), so no code path can forget to.
RULE_TABLES = ("renewal_option", "renewal_option_part", "rule_setting", "rule_change")


class RuleVersion(SQLModel, table=True):
    """One row: a counter the rule tables' triggers raise on every write, and a stamp
    random per database. Readers cache the rules per (database, stamp, version)."""

    __tablename__ = "rule_version"

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=0)
    stamp: str = Field(default="", max_length=32)
