"""The educator's profile: the state's record of a person who holds or seeks a license.

A profile can exist without an account (licenses are loaded before their holders
register); an educator claims it after registering.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString

from ._base import utcnow


def _name_key_column() -> Column:
    # Byte-wise order on PostgreSQL too (SQLite's default BINARY already is): the look-up's
    # prefix range 'smi' <= key < 'smj' then holds exactly the keys that start with 'smi'
    # whatever the database's locale, and the name index gives the result order.
    key_type = AutoString(length=100).with_variant(
        AutoString(length=100, collation="C"), "postgresql"
    )
    return Column(key_type, nullable=False)


class EducatorProfile(SQLModel, table=True):
    __tablename__ = "educator_profile"
    __table_args__ = (
        # Public look-up by "last, first" prefix; the *_key columns are lower-cased, accent-free.
        # The id makes the index order the look-up's full sort order (no sort, LIMIT stops
        # the scan; SQLite has it implicitly, PostgreSQL needs it spelt out).
        Index("ix_educator_profile_name_sort", "last_name_key", "first_name_key", "id"),
        Index("ix_educator_profile_first_last_key", "first_name_key", "last_name_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", unique=True)
    educator_number: str = Field(max_length=16, unique=True, index=True)
    first_name: str = Field(max_length=100)
    middle_name: str = Field(default="", max_length=100)
    last_name: str = Field(max_length=100)
    first_name_key: str = Field(default="", sa_column=_name_key_column())
    last_name_key: str = Field(default="", sa_column=_name_key_column())
    previous_names: str = Field(default="", max_length=500)
    date_of_birth: date | None = Field(default=None)
    phone: str = Field(default="", max_length=32)
    street: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=2)
    zip_code: str = Field(default="", max_length=10)
    employing_district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class TranscriptRecord(SQLModel, table=True):
    """A transcript the state office has received (shown read-only on the educator's checklist)."""

    __tablename__ = "transcript_record"

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="educator_profile.id", index=True)
    institution: str = Field(max_length=200)
    degree: str = Field(default="", max_length=100)
    received_on: date


class BackgroundCheck(SQLModel, table=True):
    __tablename__ = "background_check"

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="educator_profile.id", index=True)
    status: str = Field(max_length=32)  # e.g. cleared, pending, not cleared
    checked_on: date | None = Field(default=None)


class AssessmentScore(SQLModel, table=True):
    __tablename__ = "assessment_score"

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="educator_profile.id", index=True)
    assessment: str = Field(max_length=200)
    score: int
    passing_score: int | None = Field(default=None)
    taken_on: date


class LicenseClaimAttempt(SQLModel, table=True):
    """One claim of a license. Failed claims lock claiming for a day, counted per account,
    per license number and per client address; a successful claim waits for the licensure
    office to confirm it (`confirmed_at`) before the record's private details show."""

    __tablename__ = "license_claim_attempt"
    __table_args__ = (
        Index("ix_license_claim_attempt_account_at", "account_id", "at"),
        Index("ix_license_claim_attempt_number_at", "license_number", "at"),
        Index("ix_license_claim_attempt_address_at", "client_address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    license_number: str = Field(max_length=16)
    client_address: str = Field(default="", max_length=64)
    succeeded: bool = Field(default=False)
    # A notice about a claim of this license went out with this attempt (rate limit).
    notice_sent: bool = Field(default=False)
    at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    # Succeeded claims only: when the licensure office confirmed it (None: not yet).
    confirmed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


# What the educator's tracker page shows comes from these tables (table -> educator column):
# every write to them raises the educator's `profile_version` (database triggers, migration
# e3f4a5b6c7d8), so no code path can forget to.
PROFILE_TABLES = {
    "pd_activity": "holder_id",
    "evidence_file": "owner_id",
    "license": "holder_id",
    "application": "applicant_id",
}


class ProfileVersion(SQLModel, table=True):
    """A counter per educator, raised by the triggers above; no row until the first write."""

    __tablename__ = "profile_version"

    profile_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int = Field(default=0)
