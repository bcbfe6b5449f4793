"""Issue 16 items 7 and 8 end to end: the public verification page (banner, history,
disciplinary notices, the verification PDF) and the license certificate as a PDF."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from licensure_app.infra import demo

from .conftest import LiveServer, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

TEACHER_NUMBER = demo.TEACHER_LICENSE_NUMBER


@pytest.fixture
def page(page: Page) -> Page:
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


def _download(page: Page, control) -> tuple[str, PdfReader, bytes]:  # noqa: ANN001
    with page.expect_download() as caught:
        control.click()
    download = caught.value
    path = download.path()
    data = open(path, "rb").read()  # noqa: PTH123, SIM115
    assert data.startswith(b"%PDF-")
    return download.suggested_filename, PdfReader(io.BytesIO(data)), data


def _text(reader: PdfReader) -> str:
    return "\n".join(p.extract_text() for p in reader.pages)


def _qr_target(reader: PdfReader) -> str:
    images = [image for p in reader.pages for image in p.images]
    assert images, "the PDF carries no image"
    found = zxingcpp.read_barcodes(images[0].image)
    assert found, "no QR code could be read from the PDF's image"
    return found[0].text


def test_holder_downloads_the_license_certificate_pdf(page: Page, live_server: LiveServer) -> None:
    sign_in(page, demo.TEACHER_EMAIL)
    page.goto("/licenses")
    card = page.get_by_role("region", name=f"Standard license {TEACHER_NUMBER}")
    expect(card.get_by_role("link", name="Print")).to_be_visible()
    name, reader, _ = _download(page, card.get_by_role("button", name="Download PDF"))
    assert name == f"license-{TEACHER_NUMBER}.pdf"
    text = _text(reader)
    for expected in ("Educator License", "Avery Lynn Thompson", TEACHER_NUMBER, "Active"):
        assert expected in text
    assert re.search(r"Generated \d{1,2} \w+ \d{4} at \d{1,2}:\d\d [AP]M", text)
    assert _qr_target(reader) == f"{live_server.url}/lookup/{TEACHER_NUMBER}"
    assert_accessible(page)
