"""The district's licensed staff as its superintendent and designees see them before the
school year: every license held by an educator the district employs, with its type,
status and expiry, optionally only those expiring within a number of days, and as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from licensure_app.domain import status
from licensure_app.domain.formatting import format_date, sorted_name
from licensure_app.infra.csv_export import csv_text
from licensure_app.models import District, EducatorProfile, License
from licensure_app.services.accounts.authz import Principal

# The choices of the "Expiring within" filter, in days (0: every license).
EXPIRING_WITHIN = (90, 180, 365)
SHOWN = 200


@dataclass(frozen=True)
class StaffRow:
    name: str
    license_number: str
    license_type: str
    license_class: str
    status: str  # the status as a word ("Active", "Expired")
    expires: str
    days_left: int


@dataclass(frozen=True)
class DistrictStaff:
    district_id: int
    district_name: str
    total: int
    rows: list[StaffRow]  # the first SHOWN, in _order's order


def districts_of(session: Session, principal: Principal) -> list[tuple[int, str]]:
    """The districts whose staff this approver may list, by name."""
    if not principal.approver_district_ids:
        return []
    return [
        (d.id or 0, d.name)
        for d in session.exec(
            select(District)
            .where(col(District.id).in_(principal.approver_district_ids))
            .order_by(District.name)
        )
    ]


def _query(district_id: int, today: date, within_days: int):  # noqa: ANN202
    query = (
        select(License, EducatorProfile)
        .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
        .where(EducatorProfile.employing_district_id == district_id)
    )
    if within_days:
        query = query.where(
            col(License.expires_on) >= today,
            col(License.expires_on) <= today + timedelta(days=within_days),
        )
    return query


def _order(today: date) -> tuple:
    """Licenses still current first, soonest expiry first (what needs action before the
    school year), then the lapsed ones."""
    lapsed = case((col(License.expires_on) < today, 1), else_=0)
    return (lapsed, col(License.expires_on), col(License.id))


def _row(license: License, holder: EducatorProfile, today: date) -> StaffRow:
    shown = status.effective_license_status(license.status, license.expires_on, today)
    return StaffRow(
        name=sorted_name(holder.first_name, holder.middle_name, holder.last_name),
        license_number=license.license_number,
        license_type=license.license_type,
        license_class=license.license_class,
        status=status.license_label(shown),
        expires=format_date(license.expires_on),
        days_left=(license.expires_on - today).days,
    )


def _allowed(principal: Principal, district_id: int, within_days: int) -> None:
    if district_id not in principal.approver_district_ids:
        raise PermissionError("not an approver of this district")
    if within_days not in (0, *EXPIRING_WITHIN):
        raise ValueError("choose 90, 180 or 365 days")


def district_staff(
    session: Session, principal: Principal, district_id: int, today: date, within_days: int = 0
) -> DistrictStaff:
    """The district's licensed staff, current licenses soonest expiry first, then lapsed
    ones (the first SHOWN of `total`)."""
    _allowed(principal, district_id, within_days)
    query = _query(district_id, today, within_days)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    found = session.exec(query.order_by(*_order(today)).limit(SHOWN)).all()
    district = session.get(District, district_id)
    return DistrictStaff(
        district_id=district_id,
        district_name=district.name if district else "",
        total=total,
        rows=[_row(lic, holder, today) for lic, holder in found],
    )


CSV_HEADER = ("Name", "License number", "Type", "Class", "Status", "Expires", "Days left")


def district_staff_csv(
    session: Session, principal: Principal, district_id: int, today: date, within_days: int = 0
) -> str:
    """Every row of the list (not only the first SHOWN), as CSV."""
    _allowed(principal, district_id, within_days)
    found = session.exec(_query(district_id, today, within_days).order_by(*_order(today))).all()
    rows = [_row(lic, holder, today) for lic, holder in found]
    return csv_text(
        CSV_HEADER,
        (
            (
                r.name,
                r.license_number,
                r.license_type,
                r.license_class,
                r.status,
                r.expires,
                r.days_left,
            )
            for r in rows
        ),
    )
