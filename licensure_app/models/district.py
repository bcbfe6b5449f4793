"""School districts and the accounts a superintendent designates as approvers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

from ._base import utcnow


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
