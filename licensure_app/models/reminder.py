"""Expiry reminders already sent, and the runs of the daily jobs (one per job and day)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from ._base import utcnow


class ExpiryReminder(SQLModel, table=True):
    """One reminder (365, 180, 90 or 30 days before) for one validity period of a license."""

    __tablename__ = "expiry_reminder"
    __table_args__ = (
        # Keyed on the expiry date too: after a renewal the new period gets its own reminders.
        UniqueConstraint("license_id", "expires_on", "days_before", name="uq_expiry_reminder"),
    )

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = Field(foreign_key="license.id", index=True)
    expires_on: date
    days_before: int
    recipient_id: int | None = Field(default=None, foreign_key="account.id")
    sent_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ScheduledRun(SQLModel, table=True):
    """One day's run of a daily job: the unique key lets one process of many take it."""

    __tablename__ = "scheduled_run"
    __table_args__ = (UniqueConstraint("job", "day", name="uq_scheduled_run"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=50)
    day: date  # the state's calendar day
    started_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    summary: str = Field(default="", max_length=500)
