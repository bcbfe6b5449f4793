"""Legal-name change requests: an educator asks, with a document; state staff decide.

The name replaced by an approved request stays on the request (`previous_*`) and in the
profile's `previous_names`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index, text
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow

NAME_CHANGE_STATUSES = ("pending", "approved", "rejected")


class NameChangeRequest(SQLModel, table=True):
    __tablename__ = "name_change_request"
    __table_args__ = (
        CheckConstraint(in_list("status", NAME_CHANGE_STATUSES), name="ck_name_change_status"),
        # At most one request waiting per profile.
        Index(
            "uq_name_change_request_pending",
            "profile_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_name_change_request_status_at", "status", "requested_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="educator_profile.id", index=True)
    requested_by_id: int = Field(foreign_key="account.id")
    # The name asked for.
    first_name: str = Field(max_length=100)
    middle_name: str = Field(default="", max_length=100)
    last_name: str = Field(max_length=100)
    # The name on the record when asked (when approved: the name it replaced).
    previous_first_name: str = Field(max_length=100)
    previous_middle_name: str = Field(default="", max_length=100)
    previous_last_name: str = Field(max_length=100)
    reason: str = Field(max_length=500)
    evidence_id: int = Field(foreign_key="evidence_file.id")
    status: str = Field(default="pending", max_length=10)
    requested_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    decided_by_id: int | None = Field(default=None, foreign_key="account.id")
    decided_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    decision_reason: str = Field(default="", max_length=500)
