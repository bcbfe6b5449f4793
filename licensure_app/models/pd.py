"""Professional development activities and evidence files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index, text
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow

PD_KINDS = ("ceu", "semester_hours", "semi_credits", "national_board", "degree")
PD_SOURCES = ("self", "state_semi", "state_elearning", "state_other")
PD_VERIFICATIONS = ("unverified", "verified", "not_accepted")


class PDActivity(SQLModel, table=True):
    __tablename__ = "pd_activity"
    __table_args__ = (
        CheckConstraint(in_list("kind", PD_KINDS), name="ck_pd_activity_kind"),
        CheckConstraint(in_list("source", PD_SOURCES), name="ck_pd_activity_source"),
        CheckConstraint(
            in_list("verification", PD_VERIFICATIONS), name="ck_pd_activity_verification"
        ),
        CheckConstraint("amount > 0 AND amount <= 10000", name="ck_pd_activity_amount"),
        # A state bulk load is idempotent: the same source row is stored once.
        Index(
            "uq_pd_activity_load_key",
            "source",
            "load_key",
            unique=True,
            sqlite_where=text("load_key IS NOT NULL"),
            postgresql_where=text("load_key IS NOT NULL"),
        ),
        Index("ix_pd_activity_holder_completed", "holder_id", "completed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="educator_profile.id")
    title: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    amount: float
    completed_on: date
    source: str = Field(default="self", max_length=20)
    load_key: str | None = Field(default=None, max_length=64)
    verification: str = Field(default="unverified", max_length=16)
    verified_by_id: int | None = Field(default=None, foreign_key="account.id")
    verified_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    verification_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class EvidenceFile(SQLModel, table=True):
    """An uploaded certificate or transcript, stored outside the web root under a random name."""

    __tablename__ = "evidence_file"
    __table_args__ = (
        CheckConstraint(
            in_list("content_type", ("application/pdf", "image/png", "image/jpeg")),
            name="ck_evidence_file_type",
        ),
        CheckConstraint("size_bytes > 0 AND size_bytes <= 10485760", name="ck_evidence_size"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="educator_profile.id", index=True)
    activity_id: int | None = Field(default=None, foreign_key="pd_activity.id", index=True)
    application_id: int | None = Field(default=None, foreign_key="application.id", index=True)
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=64, unique=True)
    content_type: str = Field(max_length=32)
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
