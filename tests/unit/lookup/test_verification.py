"""The verification page's verdict ("Valid" / "Not valid" as of the time checked) and the
verification PDF with its QR code."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import zxingcpp
from pypdf import PdfReader
from sqlmodel import Session

from licensure_app.models import Account, DisciplinaryNotice, License
from licensure_app.services import audit, lookup

from .holders import TODAY, person

# 23:30 on 23 November 2026 in Chicago: the state's day is still the 23rd.
LATE_EVENING = datetime(2026, 11, 24, 5, 30, tzinfo=UTC)
NOON = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 24 November, 12:00 PM CST


@pytest.fixture(autouse=True)
def _state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    monkeypatch.setenv("APP_BASE_URL", "https://licensure.example.gov")


def _record(session: Session, lic: License) -> lookup.LicenseRecord:
    record = lookup.lookup_license(session, lic.license_number, TODAY)
    assert record is not None
    return record


@pytest.mark.parametrize(
    ("status", "expires_in", "label", "reason"),
    [
        ("active", 400, "Valid", "This license is active and in force until"),
        ("active", -1, "Not valid", "This license expired on"),
        ("suspended", 400, "Not valid", "This license is suspended"),
        ("revoked", 400, "Not valid", "This license has been revoked"),
        ("pending", 400, "Not valid", "takes effect on"),
    ],
)
def test_verdict_follows_the_status_today(
    session: Session, status: str, expires_in: int, label: str, reason: str
) -> None:
    _, (lic,) = person(
        session, "Casey", "Case", status=status, expires_on=TODAY + timedelta(days=expires_in)
    )
    session.commit()
    result = lookup.verdict(_record(session, lic), NOON)
    assert result.label == label
    assert result.valid is (label == "Valid")
    assert reason in result.reason
    assert result.checked_at == "24 November 2026 at 12:00 PM CST"


def test_verdict_time_is_the_states_time(session: Session) -> None:
    _, (lic,) = person(session, "Casey", "Case")
    session.commit()
    assert lookup.verdict(_record(session, lic), LATE_EVENING).checked_at == (
        "23 November 2026 at 11:30 PM CST"
    )


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), reader


def test_verification_pdf_holds_the_public_record_and_a_qr_code(session: Session) -> None:
    _, (lic,) = person(session, "Avery", "Thompson", middle="Lynn", status="suspended")
    staff = Account(email="office@example.org", password_hash="x", role="state_staff")
    session.add(staff)
    session.flush()
    session.add_all(
        [
            DisciplinaryNotice(
                license_id=lic.id or 0,
                body="Suspended by order of the Board.",
                effective_on=TODAY - timedelta(days=2),
                public=True,
            ),
            DisciplinaryNotice(
                license_id=lic.id or 0,
                body="A hidden internal note.",
                effective_on=TODAY - timedelta(days=2),
                public=False,
            ),
        ]
    )
    audit.record(
        session, audit.SYSTEM, "license.status_changed", "license", lic.id,
        before={"status": "active"}, after={"status": "suspended"},
    )  # fmt: skip
    session.commit()

    data = lookup.public_verification_pdf(session, lic.license_number, NOON)
    assert data is not None and data.startswith(b"%PDF-")
    text, reader = _pdf_text(data)
    for expected in (
        "License verification",
        "Not valid",
        "as of 24 November 2026 at 12:00 PM CST",
        "Thompson, Avery Lynn",
        lic.license_number,
        "Suspended",
        "Suspended by order of the Board.",
        "Issued",
        "Generated 24 November 2026 at 12:00 PM CST.",
    ):
        assert expected in text, expected
    assert "A hidden internal note." not in text
    # Nothing private: no date of birth, phone or address.
    for private in ("1988", "662-555-0187", "Pine Ridge", "38801"):
        assert private not in text
    url = f"https://licensure.example.gov/lookup/{lic.license_number}"
    assert url in text
    images = [image for p in reader.pages for image in p.images]
    (found,) = zxingcpp.read_barcodes(images[0].image)
    assert found.text == url


def test_valid_license_pdf_and_unknown_numbers(session: Session) -> None:
    _, (lic,) = person(session, "Jordan", "Rivera")
    session.commit()
    text, _ = _pdf_text(lookup.public_verification_pdf(session, lic.license_number, NOON) or b"")
    assert "Valid\n" in text and "Not valid" not in text
    assert "No public disciplinary notices." in text
    assert lookup.public_verification_pdf(session, "999999", NOON) is None
    assert lookup.verification_filename("100100") == "license-100100-verification.pdf"
