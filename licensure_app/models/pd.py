"""Professional development activities and evidence files."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index, Text, text
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
        # A provider's record key names one activity of that source: a corrected row with
        # the same key updates it instead of adding a second one.
        Index(
            "uq_pd_activity_record_key",
            "source",
            "record_key",
            unique=True,
            sqlite_where=text("record_key IS NOT NULL"),
            postgresql_where=text("record_key IS NOT NULL"),
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
    # The provider's own key for the record (the bulk file's "Record ID" column).
    record_key: str | None = Field(default=None, max_length=64)
    verification: str = Field(default="unverified", max_length=16)
    verified_by_id: int | None = Field(default=None, foreign_key="account.id")
    verified_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    verification_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    # Voided by state staff: kept for the record, counted toward nothing.
    voided_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    voided_by_id: int | None = Field(default=None, foreign_key="account.id")
    void_reason: str = Field(default="", max_length=500)


PD_LOAD_STATUSES = ("loading", "loaded", "rolled_back")
PD_LOAD_OUTCOMES = ("added", "updated", "skipped")


class PDLoad(SQLModel, table=True):
    """One bulk load of a CSV file by state staff: who, when, which file, what it did."""

    __tablename__ = "pd_load"
    __table_args__ = (
        CheckConstraint(in_list("status", PD_LOAD_STATUSES), name="ck_pd_load_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    file_name: str = Field(default="", max_length=200)
    started_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    added: int = Field(default=0)
    updated: int = Field(default=0)
    skipped: int = Field(default=0)
    status: str = Field(default="loading", max_length=12)
    rolled_back_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    rolled_back_by_id: int | None = Field(default=None, foreign_key="account.id")


class PDLoadRow(SQLModel, table=True):
    """What a load did with one row of its file; `before_json` holds an updated activity's
    values before the load, so a rollback can restore them."""

    __tablename__ = "pd_load_row"
    __table_args__ = (
        CheckConstraint(in_list("outcome", PD_LOAD_OUTCOMES), name="ck_pd_load_row_outcome"),
    )

    id: int | None = Field(default=None, primary_key=True)
    load_id: int = Field(foreign_key="pd_load.id", index=True)
    line: int
    # No foreign key: a rollback deletes the activities its load added.
    activity_id: int = Field(index=True)
    outcome: str = Field(max_length=10)
    educator: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=200)
    amount: str = Field(default="", max_length=40)
    before_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))


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
