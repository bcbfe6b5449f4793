"""Renewal rules as data: options per renewal category, and named numeric settings."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import in_list
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
