"""The verification verdict on one license ("Valid" / "Not valid" as of a moment) and the
printable verification PDF with its QR code: what the public verification page shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from licensure_app.domain.status import LICENSE_ACTIVE, license_label
from licensure_app.infra import clock
from licensure_app.services import pdf as doc
from licensure_app.services.licensing.printing import verify_url

from .public_record import LicenseRecord, lookup_license
from .tables import Reader

VALID = "Valid"
NOT_VALID = "Not valid"


@dataclass(frozen=True)
class Verdict:
    """Whether the license may be worked under, as of `checked_at` (the state's time)."""

    valid: bool
    label: str
    checked_at: str
    reason: str


def verdict(record: LicenseRecord, now: datetime) -> Verdict:
    """Valid only while the license is active today; any other status is "Not valid"."""
    valid = record.status == license_label(LICENSE_ACTIVE)
    if valid:
        reason = f"This license is active and in force until {record.expires_on}."
    elif record.notices:
        reason = record.notices[0]
    else:
        reason = f"This license's status is {record.status}."
    return Verdict(valid, VALID if valid else NOT_VALID, clock.show(now), reason)


def verification_filename(number: str) -> str:
    return f"license-{number}-verification.pdf"


def verification_pdf(record: LicenseRecord, now: datetime) -> bytes:
    """The verification page on paper: verdict, facts, notices, history, QR code, time made."""
    result = verdict(record, now)
    pdf = doc.new_document(f"License verification {record.license_number}", now)
    doc.text_line(pdf, "Office of Educator Licensure", size=11, style="B", color=doc.NAVY)
    doc.text_line(pdf, "License verification", size=22, style="B", color=doc.NAVY, gap=4)
    doc.text_line(
        pdf, result.label, size=24, style="B", color=doc.GREEN if result.valid else doc.RED
    )
    doc.text_line(pdf, f"as of {result.checked_at}", size=11, style="B")
    doc.text_line(pdf, result.reason, size=11, color=doc.MUTED, gap=3)
    doc.facts(
        pdf,
        [
            ("Holder", record.holder_name),
            ("License number", record.license_number),
            ("Type", record.license_type),
            ("Class", record.license_class),
            ("Status", record.status),
            ("Valid from", record.valid_from),
            ("Expires on", record.expires_on),
            ("First issued", record.first_issued),
        ],
    )
    doc.section_heading(pdf, "Endorsements")
    rows = [(e.code, e.subject, e.grade_span) for e in record.endorsements]
    if rows:
        doc.table(pdf, ("Code", "Subject", "Grades"), rows)
    else:
        doc.text_line(pdf, "This license has no endorsements.")
    doc.section_heading(pdf, "Disciplinary notices")
    if record.disciplinary:
        doc.table(pdf, ("Effective", "Notice"), [(n.on, n.text) for n in record.disciplinary])
    else:
        doc.text_line(pdf, "No public disciplinary notices.")
    doc.section_heading(pdf, "License history")
    history = [(h.on, h.event, h.details) for h in record.history]
    doc.table(pdf, ("Date", "Event", "Details"), history)
    pdf.ln(4)
    url = verify_url(record.license_number)
    doc.verification_block(
        pdf, url, ["Check this record again", "Scan the code or open the public record at:"]
    )
    doc.generated_line(pdf, now)
    return doc.finish(pdf)


def public_verification_pdf(reader: Reader, number: str, now: datetime) -> bytes | None:
    """The verification PDF of the license with this number (anyone may have it), or None."""
    record = lookup_license(reader, number, clock.local(now).date())
    return None if record is None else verification_pdf(record, now)
