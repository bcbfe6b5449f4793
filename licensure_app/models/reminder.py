"""Expiry reminders already sent, so a rerun of the reminder job never repeats one."""

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
