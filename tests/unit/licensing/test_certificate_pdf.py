"""The license certificate as a PDF: the print page's data, its QR code, and who may have it."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import zxingcpp
from approval_world import add_educator, build_world
from handler_fakes import fake_state
from license_world import NUMBER, TODAY, register, state_record
from pypdf import PdfReader
from sqlmodel import Session, col, select

from licensure_app import db as app_db
from licensure_app.models import AuditEvent
from licensure_app.services import accounts
from licensure_app.services import licensing as svc
from licensure_app.services.pdf import safe
from licensure_app.states.licenses import LicensesState

GENERATED = datetime(2026, 3, 2, 15, 4, tzinfo=UTC)  # 9:04 AM in Chicago


def _read(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), reader


def _qr(reader: PdfReader) -> str:
    images = [image for p in reader.pages for image in p.images]
    found = zxingcpp.read_barcodes(images[0].image)
    assert found, "no QR code could be read from the PDF"
    return found[0].text


@pytest.fixture(autouse=True)
def _state_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    monkeypatch.setenv("APP_BASE_URL", "https://licensure.example.gov")


def test_certificate_pdf_carries_the_print_pages_data_and_qr(session: Session) -> None:
    holder, _ = state_record(session)
    view = svc.print_view(session, holder.id or 0, NUMBER, TODAY)
    assert view is not None
    data = svc.own_certificate_pdf(session, holder.id or 0, NUMBER, TODAY, GENERATED)
    assert data is not None and data.startswith(b"%PDF-")
    text, reader = _read(data)
    assert len(reader.pages) == 1
    # Every fact the print page shows, from the same PrintableLicense.
    for value in (
        view.holder_name,
        view.number,
        view.license_type,
        view.license_class,
        view.status_label,
        view.first_issued,
        view.valid_from,
        view.expires_on,
        *view.endorsements,
        view.verify_url,
    ):
        assert value in text, value
    assert "Jordan Rivera" in text and "Active" in text and NUMBER in text
    assert "Generated 2 March 2026 at 9:04 AM CST." in text
    assert _qr(reader) == f"https://licensure.example.gov/lookup/{NUMBER}" == view.verify_url
    # Nothing private: the date of birth is on the record, never on the certificate.
    assert "1988" not in text


def test_certificate_pdf_is_only_for_the_holder(session: Session) -> None:
    state_record(session)
    _, stranger = register(session)
    assert svc.own_certificate_pdf(session, stranger.id or 0, NUMBER, TODAY, GENERATED) is None
    assert svc.own_certificate_pdf(session, stranger.id or 0, "", TODAY, GENERATED) is None


def test_names_outside_latin1_still_print() -> None:
    assert safe("José Muñoz") == "José Muñoz"
    assert safe("Nguy\u1ec5n \u201cAnn\u201d O\u2019Brien \u2014 Z\u00f8e") == (
        'Nguyen "Ann" O\'Brien - Z\u00f8e'
    )
    view = svc.PrintableLicense(
        "\u0141ucja Nguy\u1ec5n", "123456", "Standard", "A", (), "1 July 2019", "1 July 2024",
        "30 June 2029", "Active", "https://x.example/lookup/123456", "",
    )  # fmt: skip
    text, _ = _read(svc.certificate_pdf(view, GENERATED))
    assert "Lucja Nguyen" in text and "None" in text


# ---------------------------------------------------------------- the download handler


def _fake(token: str) -> Any:
    return fake_state(None, token, "/licenses")


@pytest.fixture
def educators(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Two educators' sessions in the app's own database; each holds one license."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    with app_db.session_scope() as session:
        world = build_world(session)
        riley = add_educator(session, "riley@example.org", world.magnolia_id, "500100")
        sam = add_educator(session, "sam@example.org", world.magnolia_id, "500200")
        tokens = {
            "riley": accounts.open_session(session, riley.account.id or 0),
            "sam": accounts.open_session(session, sam.account.id or 0),
        }
    yield tokens
    app_db.get_engine.cache_clear()


def _download(token: str, number: str) -> Any:
    handler = LicensesState.event_handlers["download_pdf"].fn
    return asyncio.run(handler(_fake(token), number))


def _download_args(event: Any) -> dict[str, str]:
    """The url and filename of an rx.download event; {} for any other event."""
    args = {str(k): str(v).strip('"') for k, v in getattr(event, "args", ())}
    return args if {"url", "filename"} <= args.keys() else {}


def test_the_holder_downloads_their_certificate(educators: dict[str, str]) -> None:
    args = _download_args(_download(educators["riley"], "500100"))
    assert args["filename"] == "license-500100.pdf"
    prefix = "data:application/pdf;base64,"
    assert args["url"].startswith(prefix)
    text, _ = _read(base64.b64decode(args["url"].removeprefix(prefix)))
    assert "500100" in text and "Riley Tester500100" in text


def test_another_educator_cannot_download_someone_elses_certificate(
    educators: dict[str, str],
) -> None:
    event = _download(educators["sam"], "500100")
    assert _download_args(event) == {}
    assert "You can download only your own licenses." in str(event)
    with app_db.session_scope() as session:
        refusals = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "access.refused")
        ).all()
    assert any("download license 500100" in r.after_json for r in refusals)
