"""In-app notifications and the e-mail outbox (delivered by SMTP when one is configured)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_recipient_read", "recipient_id", "is_read"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="account.id")
    text: str = Field(max_length=500)
    link: str = Field(default="", max_length=300)
    is_read: bool = Field(default=False)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


# queued -> sending -> sent; a temporary failure goes back to queued with a later
# next_attempt_at, a permanent one (or too many temporary ones) ends in failed.
OUTBOX_STATUSES = ("queued", "sending", "sent", "failed")


class OutboxEmail(SQLModel, table=True):
    __tablename__ = "outbox_email"
    __table_args__ = (
        CheckConstraint(in_list("status", OUTBOX_STATUSES), name="ck_outbox_email_status"),
        Index("ix_outbox_email_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # The HTML alternative of `body` ("" for plain text only).
    html_body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    sent_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    error: str = Field(default="", max_length=500)
    status: str = Field(default="queued", max_length=10)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    # A process that claims a message writes its own token; a claim older than the lease
    # (the process died mid-send) may be taken again, so a message is sent at least once.
    claimed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    claim_token: str = Field(default="", max_length=32)
