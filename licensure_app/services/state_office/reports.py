"""The state office's figures: applications waiting for the state's decision, and the
licenses expiring soon per employing district (on screen and as CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from licensure_app.domain.status import LICENSE_ACTIVE, STATE_REVIEW
from licensure_app.infra.csv_export import csv_text
from licensure_app.models import Application, District, EducatorProfile, License

EXPIRING_DAYS = 90
EXPIRING_SHOWN = 500
NO_DISTRICT = "No district"


def state_review_count(session: Session) -> int:
    """Applications the districts have forwarded, waiting for the state's decision."""
    return int(
        session.exec(
            select(func.count()).select_from(Application).where(Application.status == STATE_REVIEW)
        ).one()
    )


@dataclass(frozen=True)
class ExpiringRow:
    district: str
    license_number: str
    holder: str
    educator_id: str
    license_type: str
    license_class: str
    expires_on: str  # YYYY-MM-DD
    days_left: int


@dataclass(frozen=True)
class DistrictCount:
    district: str
    count: int


@dataclass(frozen=True)
class ExpiringReport:
    days: int
    per_district: list[DistrictCount]
    rows: list[ExpiringRow]
    total: int


def expiring(session: Session, today: date, days: int = EXPIRING_DAYS) -> ExpiringReport:
    """Active licenses expiring from today to `days` ahead, per employing district."""
    found = session.exec(
        select(License, EducatorProfile, District.name)
        .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
        .join(
            District,
            col(District.id) == col(EducatorProfile.employing_district_id),
            isouter=True,
        )
        .where(
            License.status == LICENSE_ACTIVE,
            License.expires_on >= today,
            License.expires_on <= today + timedelta(days=days),
        )
        .order_by(col(District.name), col(License.expires_on), col(License.license_number))
    ).all()
    counts: dict[str, int] = {}
    rows = []
    for lic, profile, district_name in found:
        district = district_name or NO_DISTRICT
        counts[district] = counts.get(district, 0) + 1
        rows.append(
            ExpiringRow(
                district=district,
                license_number=lic.license_number,
                holder=f"{profile.first_name} {profile.last_name}",
                educator_id=profile.educator_number,
                license_type=lic.license_type,
                license_class=lic.license_class,
                expires_on=lic.expires_on.isoformat(),
                days_left=(lic.expires_on - today).days,
            )
        )
    return ExpiringReport(
        days=days,
        per_district=[DistrictCount(d, n) for d, n in counts.items()],
        rows=rows,
        total=len(rows),
    )


# The CSV's columns: ExpiringRow fields and their headers.
EXPIRING_COLUMNS = (
    ("district", "District"),
    ("license_number", "License number"),
    ("holder", "Holder"),
    ("educator_id", "Educator ID"),
    ("license_type", "Type"),
    ("license_class", "Class"),
    ("expires_on", "Expires on"),
    ("days_left", "Days left"),
)


def expiring_csv(report: ExpiringReport) -> str:
    return csv_text(
        [label for _, label in EXPIRING_COLUMNS],
        ([getattr(row, k) for k, _ in EXPIRING_COLUMNS] for row in report.rows),
    )
