"""The append-only, hash-chained audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel

from ._base import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity_type", "entity_id"),
        Index("ix_audit_event_actor_at", "actor_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True),
    )
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    actor_role: str = Field(default="", max_length=32)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=40)
    before_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    after_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    client_address: str = Field(default="", max_length=64)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(max_length=64)
