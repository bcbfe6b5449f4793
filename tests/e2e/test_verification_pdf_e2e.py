"""Issue 16 items 7 and 8 end to end: the public verification page (banner, history,
disciplinary notices, the verification PDF) and the license certificate as a PDF."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlmodel import select

from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock, demo
from licensure_app.models import AuditEvent, DisciplinaryNotice, License
from licensure_app.services import audit

from .applicants import Db, make_educator
from .conftest import LiveServer, assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e

TEACHER_NUMBER = demo.TEACHER_LICENSE_NUMBER
PUBLIC_NOTICE = "Public reprimand by the State Board of Education for late reporting."
HIDDEN_NOTICE = "Investigation opened; not for publication."
SUSPENSION = "Suspended for 90 days by order of the State Board of Education."


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


def _record_notice(page: Page, text: str, public: bool) -> None:
    page.get_by_label("Notice", exact=True).fill(text)
    page.get_by_label("Effective date").fill(clock.today().isoformat())
    show = page.get_by_label("Show on the public verification page")
    if not public:
        show.uncheck()
    page.get_by_role("button", name="Record notice").click()


def test_state_staff_notice_shows_on_the_verification_page_and_its_pdf(
    page: Page, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Morgan", expires_in_days=300, ceus=0)
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Disciplinary notices").click()
    page.get_by_label("License number", exact=True).fill(person.number)
    page.get_by_role("button", name="Find license").click()
    expect(page.get_by_text(f"license {person.number}").first).to_be_visible()
    _record_notice(page, PUBLIC_NOTICE, public=True)
    recorded = page.get_by_role("status").filter(has_text="Disciplinary notice recorded")
    expect(recorded).to_have_text(f"Disciplinary notice recorded on license {person.number}")
    _record_notice(page, HIDDEN_NOTICE, public=False)
    notices = page.get_by_role("region", name="Disciplinary notices on this license")
    expect(notices.get_by_role("row")).to_have_count(3)
    expect(notices.get_by_role("row").filter(has_text=HIDDEN_NOTICE)).to_contain_text(
        "Hidden from the public"
    )
    assert_accessible(page)
    with db.read() as session:
        rows = session.exec(
            select(DisciplinaryNotice).where(DisciplinaryNotice.license_id == person.license_id)
        ).all()
        assert sorted((n.body, n.public) for n in rows) == [
            (HIDDEN_NOTICE, False),
            (PUBLIC_NOTICE, True),
        ]
        recorded = session.exec(
            select(AuditEvent).where(AuditEvent.action == "disciplinary_notice.recorded")
        ).all()
        assert {e.entity_id for e in recorded} >= {str(n.id) for n in rows}
    sign_out(page)

    # The public page, signed out: the banner, the history and only the public notice.
    page.goto(f"/lookup/{person.number}")
    banner = page.get_by_role("status", name="Verification result")
    expect(banner.get_by_role("heading", name="Valid", exact=True)).to_be_visible()
    today = format_date(clock.today())
    expect(banner).to_contain_text(re.compile(rf"as of {today} at \d{{1,2}}:\d\d [AP]M"))
    history = page.get_by_role("table").filter(has_text="Issue history")
    expect(history.get_by_role("row").filter(has_text="Issued")).to_have_count(1)
    expect(page.get_by_text(PUBLIC_NOTICE)).to_be_visible()
    expect(page.get_by_text(HIDDEN_NOTICE)).to_have_count(0)
    assert_accessible(page)

    button = page.get_by_role("button", name="Download verification (PDF)")
    name, reader, _ = _download(page, button)
    assert name == f"license-{person.number}-verification.pdf"
    text = _text(reader)
    for expected in (person.number, "Valid", "Active", PUBLIC_NOTICE, "Issued", f"as of {today}"):
        assert expected in text, expected
    assert "Not valid" not in text and HIDDEN_NOTICE not in text
    assert re.search(rf"Generated {today} at \d{{1,2}}:\d\d [AP]M", text)
    assert _qr_target(reader) == f"{live_server.url}/lookup/{person.number}"


def test_suspended_license_is_not_valid_with_its_history(page: Page, db: Db) -> None:
    person = make_educator(db, "Quinn", expires_in_days=300, ceus=0)
    with db.write() as session:
        lic = session.get(License, person.license_id)
        assert lic is not None
        lic.status = "suspended"
        session.add(lic)
        audit.record(
            session, audit.SYSTEM, "license.suspended", "license", lic.id,
            before={"status": "active"}, after={"status": "suspended"},
        )  # fmt: skip
        session.add(
            DisciplinaryNotice(
                license_id=lic.id or 0,
                body=SUSPENSION,
                effective_on=clock.today(),
                public=True,
            )
        )
    page.goto(f"/lookup/{person.number}")
    banner = page.get_by_role("status", name="Verification result")
    expect(banner.get_by_role("heading", name="Not valid", exact=True)).to_be_visible()
    expect(banner).to_contain_text("This license is suspended")
    history = page.get_by_role("table").filter(has_text="Issue history")
    expect(history.get_by_role("row").filter(has_text="Suspended")).to_have_count(1)
    expect(page.get_by_text(SUSPENSION)).to_be_visible()
    assert_accessible(page)
    _, reader, _ = _download(page, page.get_by_role("button", name="Download verification (PDF)"))
    text = _text(reader)
    assert "Not valid" in text and SUSPENSION in text and "Suspended" in text
