"""Applications (renewal, upgrade, ...) and every status transition."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index, Text, text
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow

APPLICATION_TYPES = (
    "renewal",
    "initial",
    "upgrade",
    "additional_endorsement",
    "administrator",
    "student_services",
    "substitute",
    "speech_language_pathologist",
    "career_technical_upgrade",
    "reactivation",
    "out_of_state",
    "provisional",
    "extension",
)
APPLICATION_STATUSES = (
    "draft",
    "submitted",
    "returned",
    "resubmitted",
    "district_approved",
    "state_review",
    "approved",
    "rejected",
    "withdrawn",
)
# An application in one of these is "open": one per applicant, license and type.
OPEN_STATUSES = (
    "draft",
    "submitted",
    "returned",
    "resubmitted",
    "district_approved",
    "state_review",
)


class Application(SQLModel, table=True):
    __tablename__ = "application"
    __table_args__ = (
        CheckConstraint(in_list("app_type", APPLICATION_TYPES), name="ck_application_type"),
        CheckConstraint(in_list("status", APPLICATION_STATUSES), name="ck_application_status"),
        Index(
            "uq_application_open",
            "applicant_id",
            "app_type",
            "license_key",
            unique=True,
            sqlite_where=text("status IN " + str(OPEN_STATUSES)),
            postgresql_where=text("status IN " + str(OPEN_STATUSES)),
        ),
        Index("ix_application_queue", "district_id", "status", "submitted_at"),
        # Reports (services/state_office/report_charts.py): backlog and aging of every
        # district, decisions per week and processing times.
        Index("ix_application_status_district", "status", "district_id", "submitted_at"),
        Index(
            "ix_application_status_decided",
            "status",
            "decided_at",
            "district_id",
            "first_submitted_at",
        ),
        Index(
            "ix_application_district_decided",
            "district_decided_at",
            "district_id",
            "first_submitted_at",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    applicant_id: int = Field(foreign_key="educator_profile.id", index=True)
    app_type: str = Field(max_length=40)
    license_id: int | None = Field(default=None, foreign_key="license.id", index=True)
    # license_id, or 0 for types without a target license: NULLs would escape the unique index.
    license_key: int = Field(default=0)
    district_id: int | None = Field(default=None, foreign_key="district.id")
    status: str = Field(default="draft", max_length=20)
    answers_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    current_step: int = Field(default=0)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    submitted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    decided_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    # Kept by services.applications.transitions for the reports' processing times, so they
    # read one row per application instead of searching its history: the first submission
    # (draft to submitted) and the district's latest decision (approval, forward, rejection).
    first_submitted_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    district_decided_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    # The approver or state staff member working it (work queue "Assign to me"); None: unassigned.
    assigned_to_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    assigned_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class ApplicationTransition(SQLModel, table=True):
    __tablename__ = "application_transition"
    # Reports: submissions per week and the district's decisions in a period.
    __table_args__ = (
        Index(
            "ix_application_transition_to_status_at",
            "to_status",
            "at",
            "from_status",
            "application_id",
        ),
        # An application's first submission, from the index alone.
        Index("ix_application_transition_first", "application_id", "to_status", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    actor_id: int | None = Field(default=None, foreign_key="account.id")
    actor_role: str = Field(max_length=32)
    reason: str = Field(default="", max_length=2000)
    at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ApplicationNote(SQLModel, table=True):
    """An internal note on an application: seen by approvers and state staff, never by the
    educator. Append-only, like the transitions."""

    __tablename__ = "application_note"
    __table_args__ = (Index("ix_application_note_application_at", "application_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id")
    author_id: int = Field(foreign_key="account.id")
    body: str = Field(max_length=2000)
    at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
