"""Approvals and the state office end to end (issue 5): a renewal arrives in the Magnolia
superintendent's open queue without reload, is verified and approved, and the new expiry
shows to the educator and the public; Pine Valley cannot see or open it; return and
resubmission; an additional endorsement through district and state; the bulk PD load.

Applications are created directly in the live server's database through the services, for
educators made here (the demo teacher stays as the other tests expect it).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_date, format_short_date
from licensure_app.infra import clock, demo
from licensure_app.models import (
    ROLE_EDUCATOR,
    Application,
    AuditEvent,
    Endorsement,
    License,
    PDActivity,
    PDLoad,
)
from licensure_app.services import applications, audit
from licensure_app.services.pd import evidence
from licensure_app.services.rules import load_rules

from .applicants import (
    ATTESTATION,
    LIVE_TIMEOUT,
    MAGNOLIA_SUPER,
    PASSWORD,
    PDF,
    PINE_SUPER,
    VERIFY,
    Db,
    Person,
    make_educator,
    submit_renewal,
)
from .conftest import LiveServer, assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _submit_endorsement(db: Session, person: Person) -> int:
    """An additional-endorsement application (Chemistry 7-12) with its test score report."""
    actor = audit.Actor(person.account_id, ROLE_EDUCATOR)
    draft = applications.start_or_resume(
        db, actor, person.profile_id, "additional_endorsement", person.number
    )
    row, _ = evidence.store_evidence(
        db, actor, person.profile_id, "praxis.pdf", PDF, application_id=draft.application_id
    )
    assert row is not None
    applications.save_draft(
        db,
        actor,
        person.profile_id,
        draft.application_id,
        {
            "questions": {
                "endorsement_subject": "Chemistry",
                "grade_span": "7-12",
                "endorsement_basis": "Licensure test",
            },
            "attachment_kinds": {str(row.id): "qualifying_evidence"},
            "attestation": ATTESTATION,
        },
        3,
    )
    assert applications.submit(
        db, actor, person.profile_id, draft.application_id, clock.today()
    ).ready
    return draft.application_id


def _status(db: Db, application_id: int) -> str:
    with db.read() as session:
        row = session.get(Application, application_id)
        assert row is not None
        return row.status


def _license(db: Db, license_id: int) -> tuple[date, str]:
    with db.read() as session:
        lic = session.get(License, license_id)
        assert lic is not None
        return lic.expires_on, lic.status


def _new_expiry(db: Db, old: date) -> date:
    with db.read() as session:
        return renewal.next_validity_period(old, load_rules(session))[1]


def _new_page(browser: Browser, base_url: str) -> Page:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(15_000)
    return page


def test_renewal_arrives_live_and_approval_renews_the_license(
    page: Page, browser: Browser, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Morgan")
    old_expiry, _ = _license(db, person.license_id)

    sign_in(page, MAGNOLIA_SUPER)
    page.goto("/approvals")
    expect(page.get_by_role("heading", name="Applications", level=1)).to_be_visible()
    expect(page.get_by_label("Status", exact=True)).to_have_value("waiting")
    assert_accessible(page)

    application_id = submit_renewal(db, person)
    # Arrives in the open queue, pushed by the server: no reload.
    link = page.get_by_role("link", name=person.name)
    expect(link).to_be_visible(timeout=LIVE_TIMEOUT)
    assert_accessible(page)

    # Pine Valley's superintendent sees nothing of it, and opening it by URL is refused.
    other = _new_page(browser, live_server.url)
    sign_in(other, PINE_SUPER)
    other.goto("/approvals?status=all")
    expect(other.get_by_role("heading", name="Applications", level=1)).to_be_visible()
    expect(other.get_by_role("link", name=person.name)).to_have_count(0)
    other.goto(f"/approvals?application={application_id}")
    expect(other.get_by_role("heading", name="Application not found")).to_be_visible()
    expect(other.get_by_text(person.email)).to_have_count(0)
    expect(other.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    assert_accessible(other)
    with db.read() as session:
        refused = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "access.refused",
                AuditEvent.entity_type == "application",
                AuditEvent.entity_id == str(application_id),
            )
        ).all()
        assert [json.loads(r.after_json)["action"] for r in refused] == ["open application"]
    other.context.close()

    # The Magnolia superintendent opens it: contact details, counted PD and its evidence.
    link.click()
    expect(page).to_have_url(f"{live_server.url}/approvals?application={application_id}")
    expect(
        page.get_by_role("heading", name=f"Renewal application from {person.name}")
    ).to_be_visible()
    expect(page.get_by_text(person.email)).to_be_visible()
    expect(page.get_by_text("601-555-0199")).to_be_visible()
    expect(page.get_by_text("5 CEUs counted")).to_be_visible()
    page.get_by_role("button", name="View certificate.pdf").click()
    expect(
        page.frame_locator("iframe[title='Evidence: certificate.pdf']").locator("body")
    ).to_be_attached()
    assert_accessible(page)

    # Approving a renewal needs the verification box.
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(
        page.get_by_role("alert").filter(has_text="Confirm that you have verified")
    ).to_be_visible()
    assert_accessible(page)
    assert _status(db, application_id) == "submitted"

    # The educator has their licenses open while the superintendent decides.
    educator = _new_page(browser, live_server.url)
    sign_in(educator, person.email, PASSWORD)
    educator.goto("/licenses")
    card = educator.get_by_role("region", name=f"Standard license {person.number}")
    expect(card.locator("dd").filter(has_text=format_date(old_expiry))).to_be_visible()

    page.get_by_label(VERIFY).check()
    page.get_by_role("button", name="Approve", exact=True).click()
    new_expiry = _new_expiry(db, old_expiry)
    expiry_text = format_date(new_expiry)
    expect(
        page.get_by_role("status").filter(has_text=f"renewed until {expiry_text}")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    assert_accessible(page)
    assert _license(db, person.license_id) == (new_expiry, "active")
    assert _status(db, application_id) == "approved"

    # The public record shows the new expiry at once.
    page.goto(f"/lookup/{person.number}")
    expect(page.get_by_text(expiry_text).first).to_be_visible()

    # And the educator's open page shows it without a reload: renewed early, the card
    # reads the current period and the renewed one (issue 16 #3).
    renewed = f"Renewed through {format_short_date(new_expiry)}"
    expect(card.locator("dd").filter(has_text=renewed)).to_be_visible(timeout=LIVE_TIMEOUT)
    educator.context.close()


def test_return_for_correction_then_resubmission_is_approved(
    page: Page, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Jamie")
    application_id = submit_renewal(db, person)
    sign_in(page, MAGNOLIA_SUPER)
    page.goto(f"/approvals?application={application_id}")
    expect(page.get_by_role("button", name="Return for correction")).to_be_visible()

    page.get_by_role("button", name="Return for correction").click()
    expect(page.get_by_role("alert").filter(has_text="Enter the reason")).to_be_visible()
    expect(page.get_by_label("Reason", exact=True)).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Reason", exact=True).fill(
        "Upload the certificate for the literacy institute."
    )
    page.get_by_role("button", name="Return for correction").click()
    expect(
        page.get_by_role("status").filter(has_text="Returned to the applicant for correction.")
    ).to_be_visible()
    # The next application in the queue opens (issue 15 #1): come back to this one.
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(person.name)
    page.goto(f"/approvals?application={application_id}")
    expect(page.get_by_text("No decision is waiting from you")).to_be_visible()
    assert _status(db, application_id) == "returned"
    with db.read() as session:
        draft = applications.to_draft(session, session.get(Application, application_id))  # type: ignore[arg-type]
    assert draft.return_reason == "Upload the certificate for the literacy institute."

    # The educator resubmits; the open page picks it up without reload.
    actor = audit.Actor(person.account_id, ROLE_EDUCATOR)
    with db.write() as session:
        applications.save_draft(
            session, actor, person.profile_id, application_id, {"attestation": ATTESTATION}, 3
        )
        assert applications.submit(
            session, actor, person.profile_id, application_id, clock.today()
        ).ready
    expect(page.get_by_role("button", name="Approve", exact=True)).to_be_visible(
        timeout=LIVE_TIMEOUT
    )
    history = page.get_by_role("region", name="History")
    expect(history.get_by_text("Resubmitted")).to_be_visible()
    expect(
        history.get_by_text("Upload the certificate for the literacy institute.")
    ).to_be_visible()
    page.get_by_label(VERIFY).check()
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="renewed until")).to_be_visible()
    assert _status(db, application_id) == "approved"


def test_additional_endorsement_through_district_and_state(
    page: Page, browser: Browser, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Casey", ceus=0)
    with db.write() as session:
        application_id = _submit_endorsement(session, person)

    sign_in(page, MAGNOLIA_SUPER)
    page.goto(f"/approvals?application={application_id}")
    expect(page.get_by_text("Test score report or transcript")).to_be_visible()
    expect(page.get_by_text("forwards the application to the state")).to_be_visible()
    # No verification box: the state office decides this type.
    expect(page.get_by_label(VERIFY)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text="forwarded to the state licensure office")
    ).to_be_visible()
    assert _status(db, application_id) == "state_review"

    state = _new_page(browser, live_server.url)
    sign_in(state, demo.STATE_EMAIL)
    state.goto("/admin")
    expect(state.get_by_role("heading", name="State office administration")).to_be_visible()
    assert_accessible(state)
    state.get_by_role("link", name="Open the state review queue").click()
    expect(state.get_by_label("Status", exact=True)).to_have_value("state_review")
    state.get_by_role("link", name=person.name).click()
    expect(state.get_by_text("Approving makes the final decision")).to_be_visible()
    assert_accessible(state)
    state.get_by_role("button", name="Approve", exact=True).click()
    expect(
        state.get_by_role("status").filter(has_text="now carries the endorsement Chemistry (7-12)")
    ).to_be_visible()
    assert _status(db, application_id) == "approved"
    with db.read() as session:
        subjects = session.exec(
            select(Endorsement.subject).where(Endorsement.license_id == person.license_id)
        ).all()
    assert "Chemistry" in subjects
    state.context.close()


def test_bulk_load_twice_adds_once_and_reports_the_bad_row(
    page: Page, live_server: LiveServer, db: Db, tmp_path: Path
) -> None:
    person = make_educator(db, "Robin", ceus=0)
    day = (clock.today() - timedelta(days=5)).isoformat()
    csv_file = tmp_path / "elearning.csv"
    csv_file.write_text(
        "License number,Title,Provider,Kind,Amount,Date\n"
        f"{person.number},Data literacy,MDE eLearning,CEU,1.5,{day}\n"
        f"{person.number},Leading change,SEMI,SEMI credits,6,{day}\n"
        f"0000001,Nobody's course,MDE eLearning,CEU,1,{day}\n",
        encoding="utf-8",
    )
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Bulk PD load").click()
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    expect(page.get_by_text("3 rows; 2 new; 0 already loaded; 1 with errors.")).to_be_visible()
    errors = page.get_by_role("region", name="Rows with errors (not loaded)")
    expect(errors.get_by_text("no license has the number 0000001")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Load 2 new activities").click()
    expect(
        page.get_by_text(
            "Loaded 2 new activities; 0 already loaded; 1 rows with errors not loaded."
        )
    ).to_be_visible()
    expect(page.get_by_text("100% loaded")).to_be_visible()
    assert_accessible(page)

    # The same file again: nothing new.
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    expect(page.get_by_text("3 rows; 0 new; 2 already loaded; 1 with errors.")).to_be_visible()
    page.get_by_role("button", name="Load 0 new activities").click()
    expect(
        page.get_by_text(
            "Loaded 0 new activities; 2 already loaded; 1 rows with errors not loaded."
        )
    ).to_be_visible()
    with db.read() as session:
        loaded = session.exec(
            select(PDActivity.source, PDActivity.amount).where(
                PDActivity.holder_id == person.profile_id, col(PDActivity.source) != "self"
            )
        ).all()
    assert sorted(loaded) == [
        ("state_elearning", 1.5),
        ("state_semi", 6.0),
    ]

    # Staff void one of the loaded activities, with a reason, after a confirmation.
    page.get_by_role("tab", name="PD activities").click()
    page.get_by_label("Educator ID or license number").fill(person.number)
    page.get_by_role("button", name="Show activities").click()
    page.get_by_role("button", name="Void Data literacy").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_role("button", name="Void activity").click()
    expect(dialog.get_by_text("Say why the activity is voided.")).to_be_visible()
    dialog.get_by_label("Reason for voiding").fill("Reported twice by the provider")
    dialog.get_by_role("button", name="Void activity").click()
    expect(page.get_by_role("status").filter(has_text="“Data literacy” voided")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Voided by the state office: Reported twice by the provider")
    ).to_be_visible()
    assert_accessible(page)

    # The first load is listed and rolled back, after a confirmation.
    with db.read() as session:
        first_load = session.exec(
            select(PDLoad.id)
            .where(PDLoad.file_name == "elearning.csv", PDLoad.added == 2)
            .order_by(col(PDLoad.id).desc())
        ).first()
    page.get_by_role("tab", name="Bulk PD load").click()
    loads = page.get_by_role("region", name="Loads, newest first")
    expect(loads.get_by_role("cell", name="elearning.csv").first).to_be_visible()
    page.get_by_role("button", name=f"Roll back load {first_load}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Roll back load").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Load {first_load} (elearning.csv) rolled back")
    ).to_be_visible()
    assert_accessible(page)
    with db.read() as session:
        left = session.exec(
            select(PDActivity).where(
                PDActivity.holder_id == person.profile_id, col(PDActivity.source) != "self"
            )
        ).all()
    assert left == []


def test_bulk_approval_and_designees(page: Page, live_server: LiveServer, db: Db) -> None:
    first, second = make_educator(db, "Avery"), make_educator(db, "Blake")
    ids = [submit_renewal(db, first), submit_renewal(db, second)]
    sign_in(page, MAGNOLIA_SUPER)
    page.goto("/approvals")
    for person in (first, second):
        box = page.get_by_role("checkbox", name=f"Select the renewal of {person.name}")
        box.click()
        expect(box).to_be_checked()
    page.get_by_role("button", name="Approve selected renewals").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"{first.name}, license {first.number}")
    expect(dialog).to_contain_text(f"{second.name}, license {second.number}")
    assert_accessible(page)
    dialog.get_by_role("button", name="Approve 2 renewals").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Confirm that you have verified")
    dialog.get_by_label(VERIFY).check()
    dialog.get_by_role("button", name="Approve 2 renewals").click()
    expect(page.get_by_role("status").filter(has_text="Approved 2 renewals.")).to_be_visible()
    assert [_status(db, i) for i in ids] == ["approved", "approved"]

    # The superintendent designates a colleague of the district, then revokes the right.
    designees = page.get_by_role("region", name="Designees")
    designees.get_by_label("Email of the account to designate").fill(first.email)
    designees.get_by_role("button", name="Grant approver rights").click()
    expect(designees.get_by_text("can now approve applications")).to_be_visible()
    expect(designees.get_by_role("listitem").filter(has_text=first.email)).to_be_visible()
    assert_accessible(page)
    designees.get_by_role("button", name=f"Revoke {first.email}").click()
    dialog = page.get_by_role("alertdialog", name="Revoke approver rights?")
    expect(dialog).to_contain_text(f"{first.email} will no longer approve")
    dialog.get_by_role("button", name="Keep rights").click()
    expect(dialog).to_have_count(0)
    expect(designees.get_by_role("listitem").filter(has_text=first.email)).to_be_visible()
    designees.get_by_role("button", name=f"Revoke {first.email}").click()
    dialog.get_by_role("button", name="Revoke rights").click()
    expect(designees.get_by_text("can no longer approve applications")).to_be_visible()
    expect(designees.get_by_role("listitem").filter(has_text=first.email)).to_have_count(0)


def test_admin_tools(page: Page, live_server: LiveServer, db: Db) -> None:
    person = make_educator(db, "Quinn", expires_in_days=45, ceus=0)
    sign_in(page, demo.STATE_EMAIL)
    page.goto("/admin")
    page.get_by_role("tab", name="Districts").click()
    expect(page.get_by_role("cell", name=demo.MAGNOLIA[1], exact=True)).to_be_visible()
    assert_accessible(page)

    # A rule change is previewed with the educators it affects (cancelled: other tests
    # rely on the default rules).
    page.get_by_role("tab", name="Rules").click()
    page.get_by_label("Setting", exact=True).select_option("renewal_window_days")
    page.get_by_label("New value").fill("300")
    page.get_by_role("button", name="Preview setting change").click()
    expect(page.get_by_text("educators' trackers change")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel", exact=True).click()
    expect(page.get_by_text("educators' trackers change")).to_have_count(0)

    page.get_by_role("tab", name="Records").click()
    page.get_by_label("Educator ID or license number").fill(person.number)
    page.get_by_role("button", name="Find educator").click()
    expect(page.get_by_text(f"Recording for {person.name}")).to_be_visible()
    page.get_by_label("Institution").fill("University of Southern Mississippi")
    page.get_by_label("Received on").fill((clock.today() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Record transcript").click()
    expect(page.get_by_text(f"Transcript recorded for {person.name}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("tab", name="Expiring licenses").click()
    expect(page.get_by_role("cell", name=person.number, exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert report.startswith("District,License number") and person.number in report
    assert_accessible(page)

    page.get_by_role("tab", name="Outbox").click()
    expect(page.get_by_role("region", name="E-mails, newest first (50 a page)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("tab", name="Audit log").click()
    page.get_by_label("Action").fill("transcript.recorded")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="transcript.recorded").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Time", exact=True)).to_be_visible()
    page.get_by_role("button", name="Record checkpoint").click()
    expect(
        page.get_by_role("status").filter(has_text="Checkpoint recorded at event")
    ).to_be_visible()
    page.get_by_role("button", name="Verify audit log").click()
    expect(page.get_by_role("status").filter(has_text="Audit log intact:")).to_be_visible()
    assert_accessible(page)
