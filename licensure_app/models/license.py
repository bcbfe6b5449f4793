"""Licenses and their endorsements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from ._base import in_list

LICENSE_TYPES = (
    "Standard",
    "Provisional",
    "Alternate Route",
    "Administrator",
    "Career & Technical",
    "Substitute",
    "Student Services",
    "Speech-Language Pathologist",
)
LICENSE_CLASSES = ("A", "AA", "AAA", "AAAA")
LICENSE_STATUSES = ("active", "expired", "suspended", "revoked", "pending")


class License(SQLModel, table=True):
    __tablename__ = "license"
    __table_args__ = (
        CheckConstraint(in_list("license_type", LICENSE_TYPES), name="ck_license_type"),
        CheckConstraint(in_list("license_class", LICENSE_CLASSES), name="ck_license_class"),
        CheckConstraint(in_list("status", LICENSE_STATUSES), name="ck_license_status"),
        CheckConstraint("expires_on > valid_from", name="ck_license_validity"),
        # Reports: active licenses expiring per month, from the index alone.
        Index("ix_license_status_expires_on", "status", "expires_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    license_number: str = Field(max_length=16, unique=True, index=True)
    holder_id: int = Field(foreign_key="educator_profile.id", index=True)
    license_type: str = Field(max_length=40)
    license_class: str = Field(max_length=4)
    first_issued: date
    valid_from: date
    expires_on: date = Field(index=True)
    status: str = Field(default="active", max_length=16)
    # Set when a renewal is approved before the current period ends: the period the license
    # stays valid under until the renewed one (valid_from .. expires_on) begins.
    prior_valid_from: date | None = Field(default=None)
    prior_expires_on: date | None = Field(default=None)


class Endorsement(SQLModel, table=True):
    __tablename__ = "endorsement"

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = Field(foreign_key="license.id", index=True)
    code: str = Field(max_length=8)
    subject: str = Field(max_length=120)
    grade_span: str = Field(max_length=20)
