"""Public disciplinary notices on a license, recorded by state staff.

A notice shows on the license's public verification page only while `public` is set and
once its effective date has come; every change is audited.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index
from sqlmodel import Field, SQLModel

from ._base import utcnow

NOTICE_MAX_CHARACTERS = 1000


class DisciplinaryNotice(SQLModel, table=True):
    __tablename__ = "disciplinary_notice"
    __table_args__ = (
        Index("ix_disciplinary_notice_license_effective", "license_id", "effective_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = Field(foreign_key="license.id")
    # What the public reads, e.g. "Suspended for 90 days by order of the State Board".
    body: str = Field(max_length=NOTICE_MAX_CHARACTERS)
    # The state's calendar day from which the notice applies (and may be shown).
    effective_on: date
    # Shown on the public verification page (and its PDF) when set.
    public: bool = Field(default=True)
    recorded_by_id: int | None = Field(default=None, foreign_key="account.id")
    recorded_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
