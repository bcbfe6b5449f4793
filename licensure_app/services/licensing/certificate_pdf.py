"""The license certificate as a PDF: the same `PrintableLicense` the print page shows."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from licensure_app.services import pdf as doc

from .printing import PrintableLicense, print_view

CERTIFIES = "This certifies that"
HOLDS = "holds the license below, issued under the rules of the State Board of Education."


def certificate_filename(number: str) -> str:
    return f"license-{number}.pdf"


def certificate_pdf(lic: PrintableLicense, generated_at: datetime) -> bytes:
    """The educator's license certificate with its QR code to the public verification page."""
    pdf = doc.new_document(f"Educator License {lic.number}", generated_at)
    # A double frame, as on the printed page.
    pdf.set_draw_color(*doc.NAVY)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    doc.text_line(pdf, "State Board of Education", size=12, style="B", color=doc.NAVY)
    doc.text_line(pdf, "Office of Educator Licensure", size=11, color=doc.NAVY, gap=2)
    doc.text_line(pdf, "Educator License", size=26, style="B", color=doc.NAVY, gap=6)
    doc.text_line(pdf, CERTIFIES, size=11, color=doc.MUTED, gap=1)
    doc.text_line(pdf, lic.holder_name, size=20, style="B", gap=1)
    doc.text_line(pdf, HOLDS, size=11, color=doc.MUTED, gap=4)
    doc.facts(
        pdf,
        [
            ("License number", lic.number),
            ("Type", lic.license_type),
            ("Class", lic.license_class),
            ("Status", lic.status_label),
            ("First issued", lic.first_issued),
            ("Valid from", lic.valid_from),
            ("Expires on", lic.expires_on),
            *([("Renewed through", lic.renewed_through)] if lic.renewed_through else []),
        ],
    )
    doc.section_heading(pdf, "Endorsements")
    for endorsement in lic.endorsements or ("None",):
        doc.text_line(pdf, endorsement, size=11, style="B")
    pdf.ln(4)
    doc.verification_block(
        pdf,
        lic.verify_url,
        ["Verify this license", "Scan the code, or open the public license look-up at:"],
    )
    doc.generated_line(pdf, generated_at)
    return doc.finish(pdf)


def own_certificate_pdf(
    session: Session, profile_id: int, number: str, today: date, generated_at: datetime
) -> bytes | None:
    """The holder's own license as a PDF; None when the license is not theirs (or unknown).

    Built from `print_view`, the print page's own data, so paper and PDF always agree.
    """
    view = print_view(session, profile_id, number, today)
    return None if view is None else certificate_pdf(view, generated_at)
