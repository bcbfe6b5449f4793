"""The live renewal tracker and activities, end to end (SPEC §5 /pd, issue 3)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import EvidenceFile, PDActivity

from .conftest import LiveServer, assert_accessible, register, sign_in, sign_out

pytestmark = pytest.mark.e2e

TEACHER = "teacher@magnolia.demo.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _add(page: Page, title: str, amount: str, evidence: Path | None = None) -> None:
    page.get_by_role("button", name="Add activity").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Provider").fill("Magnolia County School District")
    page.get_by_label("Kind").select_option(label="CEU")
    page.get_by_label("Amount").fill(amount)
    page.get_by_label("Completion date").fill("2026-09-15")
    if evidence is not None:
        page.get_by_label("Evidence").set_input_files(str(evidence))
        expect(page.get_by_text(f"{evidence.name} (")).to_be_visible()
    page.get_by_role("button", name="Save activity").click()


def test_tracker_counts_live_and_offers_renewal(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    with Session(make_engine(live_server.db_url)) as db:
        files_before = len(db.exec(select(EvidenceFile)).all())
    sign_in(page, TEACHER)
    page.goto("/pd")
    expect(page.get_by_text("3 of 5 CEUs")).to_be_visible()
    expect(page.get_by_text("2 remaining").first).to_be_visible()
    expect(page.get_by_role("button", name="File renewal application")).to_have_count(0)
    assert_accessible(page)

    # Under the minimum: refused next to the field, with the minimum named.
    page.get_by_role("button", name="Add activity").click()
    page.get_by_label("Title").fill("Short webinar")
    page.get_by_label("Provider").fill("Online")
    page.get_by_label("Kind").select_option(label="CEU")
    page.get_by_label("Amount").fill("0.4")
    page.get_by_label("Completion date").fill("2026-09-15")
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator("#amount-error")).to_contain_text("at least 0.5 CEU (5 contact hours)")
    expect(page.get_by_label("Amount")).to_be_focused()
    # A renamed executable is refused by its content, not its name.
    fake = tmp_path / "certificate.pdf"
    fake.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00 this is a windows executable")
    page.get_by_label("Evidence").set_input_files(str(fake))
    expect(
        page.get_by_role("alert").filter(has_text="certificate.pdf is not a PDF")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel").click()

    certificate = tmp_path / "workshop-certificate.pdf"
    certificate.write_bytes(PDF)
    title_a = f"Math workshop {uuid.uuid4().hex[:6]}"
    _add(page, title_a, "1.5", certificate)
    # Updates without a reload.
    expect(page.get_by_text("4.5 of 5 CEUs")).to_be_visible()
    expect(page.get_by_text("0.5 remaining").first).to_be_visible()
    expect(page.get_by_role("link", name="workshop-certificate.pdf")).to_be_visible()

    title_b = f"Reading seminar {uuid.uuid4().hex[:6]}"
    _add(page, title_b, "0.5")
    expect(page.get_by_text("5 of 5 CEUs")).to_be_visible()
    renew = page.get_by_role("button", name="File renewal application")
    expect(renew).to_be_visible()
    assert_accessible(page)

    with Session(make_engine(live_server.db_url)) as db:
        saved = db.exec(select(PDActivity).where(PDActivity.title == title_a)).one()
        assert (saved.amount, saved.source, saved.kind) == (1.5, "self", "ceu")
        files = db.exec(select(EvidenceFile).where(EvidenceFile.activity_id == saved.id)).all()
        assert [f.content_type for f in files] == ["application/pdf"]
        # The refused upload stored nothing: only the accepted certificate was added.
        assert len(db.exec(select(EvidenceFile)).all()) == files_before + 1

    # The owner can open the file.
    response = page.request.get(f"/api/evidence/{files[0].id}")
    assert response.status == 200 and response.body() == PDF

    renew.click()
    expect(page).to_have_url(re.compile(r"/apply\?type=renewal&license=\d+&option=\d+"))

    # Delete asks first, then the tracker drops back (leave the demo teacher as found).
    page.goto("/pd")
    for title, expected in ((title_b, "4.5 of 5 CEUs"), (title_a, "3 of 5 CEUs")):
        page.get_by_role("button", name=f"Delete {title}").click()
        dialog = page.get_by_role("alertdialog")
        expect(dialog).to_contain_text(title)
        dialog.get_by_role("button", name="Delete activity").click()
        expect(page.get_by_text(expected)).to_be_visible()
    with Session(make_engine(live_server.db_url)) as db:
        assert (
            db.exec(select(PDActivity).where(PDActivity.title.in_([title_a, title_b]))).all() == []
        )


def test_evidence_is_private_to_its_owner(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    sign_in(page, TEACHER)
    page.goto("/pd")
    certificate = tmp_path / "private.pdf"
    certificate.write_bytes(PDF)
    title = f"Private course {uuid.uuid4().hex[:6]}"
    _add(page, title, "1", certificate)
    expect(page.get_by_role("link", name="private.pdf")).to_be_visible()
    with Session(make_engine(live_server.db_url)) as db:
        file_id = db.exec(
            select(EvidenceFile.id).where(EvidenceFile.original_name == "private.pdf")
        ).first()
    assert page.request.get(f"/api/evidence/{file_id}").status == 200
    page.get_by_role("button", name=f"Delete {title}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete activity").click()
    sign_out(page)

    # Signed out: no file.
    assert page.request.get(f"/api/evidence/{file_id}").status == 401
    # Another educator, and an approver of another district: no file either.
    register(page, f"casey-{uuid.uuid4().hex[:8]}@example.org", "Casey", "Nguyen")
    page.get_by_role("button", name="Sign out").wait_for()
    response = page.request.get(f"/api/evidence/{file_id}")
    assert response.status == 404 and PDF not in response.body()
    sign_out(page)
    sign_in(page, "superintendent@pinevalley.demo.example")
    assert page.request.get(f"/api/evidence/{file_id}").status == 404
    sign_out(page)
    # The teacher's own superintendent may see it (to verify the certificate).
    sign_in(page, "superintendent@magnolia.demo.example")
    assert page.request.get(f"/api/evidence/{file_id}").status == 200
