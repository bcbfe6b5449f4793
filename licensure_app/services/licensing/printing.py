"""The printable license: public facts, the look-up address it is verified at, its QR code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import segno
from sqlmodel import Session, col, select

from licensure_app import routes, settings
from licensure_app.domain.formatting import format_date, full_name
from licensure_app.domain.renewal_periods import shown_period
from licensure_app.domain.status import effective_license_status, license_label
from licensure_app.infra import clock
from licensure_app.models import EducatorProfile, License

from .license_facts import LICENSE_NUMBER_MAX, endorsements_by_license, normalise_license_number


def print_href(number: str) -> str:
    return routes.PRINT_LICENSE.replace("[license_number]", number)


@dataclass(frozen=True)
class PrintableLicense:
    """The official license as printed: public facts only (no date of birth or address)."""

    holder_name: str
    number: str
    license_type: str
    license_class: str
    endorsements: tuple[str, ...]
    first_issued: str
    valid_from: str
    expires_on: str
    status_label: str
    verify_url: str
    qr_data_uri: str
    # After an early renewal the dates above are the period in force today, and this is
    # the end of the renewed one ("" otherwise).
    renewed_through: str = ""


def verify_url(number: str) -> str:
    """The public look-up record a printed license's QR code points at."""
    return f"{settings.public_base_url()}{routes.LOOKUP}/{number}"


def qr_svg(url: str) -> str:
    """A QR code for `url` as an SVG data URI (for an <img src>); black on white for scanners."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def print_view(
    session: Session, profile_id: int, license_number: str, today: date | None = None
) -> PrintableLicense | None:
    """The educator's own license ready to print; None if it is not theirs (or unknown)."""
    number = normalise_license_number(license_number)
    if not number or len(number) > LICENSE_NUMBER_MAX:
        return None
    found = session.exec(
        select(License, EducatorProfile)
        .join(EducatorProfile, col(EducatorProfile.id) == col(License.holder_id))
        .where(License.license_number == number, License.holder_id == profile_id)
    ).first()
    if found is None:
        return None
    row, holder = found
    today = today or clock.today()
    status = effective_license_status(row.status, row.expires_on, today)
    period = shown_period(
        row.valid_from, row.expires_on, row.prior_valid_from, row.prior_expires_on, today
    )
    endorsements = endorsements_by_license(session, [row.id or 0])[row.id or 0]
    name = full_name(holder.first_name, holder.middle_name, holder.last_name)
    url = verify_url(number)
    return PrintableLicense(
        holder_name=name,
        number=number,
        license_type=row.license_type,
        license_class=row.license_class,
        endorsements=tuple(endorsements),
        first_issued=format_date(row.first_issued),
        valid_from=format_date(period.current_from),
        expires_on=format_date(period.current_to),
        status_label=license_label(status),
        verify_url=url,
        qr_data_uri=qr_svg(url),
        renewed_through=format_date(period.renewed_through) if period.renewed_through else "",
    )
