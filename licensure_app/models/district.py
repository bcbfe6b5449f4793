"""School districts, the accounts a superintendent designates as approvers, and educators'
requests to change employing district."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow


class District(SQLModel, table=True):
    __tablename__ = "district"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=8, unique=True, index=True)
    name: str = Field(max_length=200)
    # use_alter: account and district reference each other, so this key is added after both exist.
    superintendent_account_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("account.id", use_alter=True, name="fk_district_superintendent"),
            nullable=True,
        ),
    )


class DistrictDesignee(SQLModel, table=True):
    """Approver rights granted by a superintendent; revoked rows are kept for history."""

    __tablename__ = "district_designee"
    __table_args__ = (
        # One active grant per account and district.
        Index(
            "uq_district_designee_active",
            "district_id",
            "account_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    granted_by_id: int = Field(foreign_key="account.id")
    granted_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


STAFF_CHANGE_STATUSES = ("pending", "confirmed", "declined", "cancelled")


class StaffChange(SQLModel, table=True):
    """An educator's request to change employing district: it takes effect when the new
    district's superintendent (or a designee) or state staff confirm it."""

    __tablename__ = "staff_change"
    __table_args__ = (
        CheckConstraint(in_list("status", STAFF_CHANGE_STATUSES), name="ck_staff_change_status"),
        # At most one request waiting per educator.
        Index(
            "uq_staff_change_pending",
            "profile_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_staff_change_to_status", "to_district_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="educator_profile.id", index=True)
    from_district_id: int | None = Field(default=None, foreign_key="district.id")
    to_district_id: int = Field(foreign_key="district.id")
    status: str = Field(default="pending", max_length=10)
    requested_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    decided_by_id: int | None = Field(default=None, foreign_key="account.id")
    decided_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
