"""The application wizard end to end (SPEC §5 /apply and /applications, issue 4)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, col, select

from licensure_app.db import make_engine
from licensure_app.infra import clock
from licensure_app.models import (
    Account,
    Application,
    ApplicationTransition,
    AuditEvent,
    EducatorProfile,
    EvidenceFile,
    Notification,
)
from licensure_app.services import applications, audit
from licensure_app.services.applications import transitions

from .conftest import LiveServer, assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e

TEACHER = "teacher@magnolia.demo.example"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _db(live_server: LiveServer) -> Session:
    return Session(make_engine(live_server.db_url))


def _teachers(db: Session) -> object:
    """The demo teacher's applications only: other test files file applications too."""
    profile_id = db.exec(
        select(EducatorProfile.id)
        .join(Account, col(Account.id) == col(EducatorProfile.account_id))
        .where(Account.email == TEACHER)
    ).one()
    return Application.applicant_id == profile_id


def _discard_draft_renewals(live_server: LiveServer) -> None:
    """The tracker offers "Continue your application" instead of a new renewal while a
    draft exists: earlier test files (the tracker's) leave the demo teacher one."""
    with _db(live_server) as db:
        account = db.exec(select(Account).where(Account.email == TEACHER)).one()
        profile_id = db.exec(
            select(EducatorProfile.id).where(EducatorProfile.account_id == account.id)
        ).one()
        drafts = db.exec(
            select(Application.id).where(
                Application.applicant_id == profile_id,
                Application.app_type == "renewal",
                Application.status == "draft",
            )
        ).all()
        actor = audit.Actor(account.id, account.role)
        for application_id in drafts:
            applications.discard(db, actor, profile_id, application_id)
        db.commit()


def _add_ceus(page: Page, title: str, amount: str) -> None:
    page.goto("/pd")
    page.get_by_role("button", name="Add activity").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Provider").fill("Magnolia County School District")
    page.get_by_label("Kind").select_option(label="CEU")
    page.get_by_label("Amount").fill(amount)
    page.get_by_label("Completion date").fill("2026-09-20")
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_role("cell", name=title, exact=True)).to_be_visible()


def _delete_activity(page: Page, title: str) -> None:
    page.goto("/pd")
    page.get_by_role("button", name=f"Delete {title}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete activity").click()
    expect(page.get_by_role("cell", name=title, exact=True)).to_have_count(0)


def _declare(page: Page) -> None:
    page.locator("#conduct_convicted-no").check()
    page.locator("#conduct_disciplined-no").check()
    page.get_by_label("I swear that the information").check()


def _step(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.locator("li[aria-current='step']")).to_contain_text(name)


def test_renewal_from_tracker_resume_double_submit_and_withdraw(
    page: Page, live_server: LiveServer
) -> None:
    _discard_draft_renewals(live_server)
    sign_in(page, TEACHER)
    title = f"Summer institute {uuid.uuid4().hex[:6]}"
    _add_ceus(page, title, "2")
    page.goto("/pd")
    page.get_by_role("button", name="File renewal application").click()
    expect(page).to_have_url(re.compile(r"/apply"))
    _step(page, "Eligibility")
    expect(page.get_by_text("You are eligible for this application.")).to_be_visible()
    # The option met in the tracker is pre-set.
    expect(page.get_by_label("5 CEUs (met)")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()
    _step(page, "Questions")
    page.get_by_role("button", name="Next").click()
    _step(page, "Attachments")
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Draft saved"))).to_be_visible()

    # Sign out and back in: the draft resumes where it was left.
    sign_out(page)
    expect(page).to_have_url(re.compile(r"/login/?$"))
    sign_in(page, TEACHER)
    page.goto("/apply")
    page.get_by_role("link", name="Renewal of license 100100").click()
    _step(page, "Attachments")
    page.get_by_role("button", name="Back").click()
    _step(page, "Questions")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    _step(page, "Review")
    expect(page.get_by_role("cell", name=title, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()
    _step(page, "Declaration")
    # Missing declaration: errors next to the fields, focus moves to the first.
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Answer yes or no.").first).to_be_visible()
    expect(page.locator("#conduct_convicted-yes")).to_be_focused()
    assert_accessible(page)
    _declare(page)
    page.get_by_role("button", name="Submit application").dblclick()
    expect(page).to_have_url(re.compile(r"/applications"))
    expect(page.get_by_text("Application submitted.")).to_be_visible()
    expect(page.locator(".status-badge", has_text="Submitted")).to_be_visible()
    assert_accessible(page)

    with _db(live_server) as db:
        apps = db.exec(
            select(Application).where(
                _teachers(db), Application.app_type == "renewal", Application.status == "submitted"
            )
        ).all()
        assert len(apps) == 1
        app_id = apps[0].id
        transitions = db.exec(
            select(ApplicationTransition).where(ApplicationTransition.application_id == app_id)
        ).all()
        assert [t.to_status for t in transitions] == ["submitted"]
        assert db.exec(
            select(Notification).where(Notification.link == f"/approvals?application={app_id}")
        ).first()

    # A second tab cannot submit it again.
    other = page.context.new_page()
    other.goto(f"/apply?application={app_id}")
    expect(other.get_by_text("That application has been submitted.")).to_be_visible()
    other.close()

    page.get_by_role("button", name="Withdraw", exact=True).click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Renewal application for license 100100")
    dialog.get_by_role("button", name="Keep it").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(page.locator(".status-badge", has_text="Submitted")).to_be_visible()
    page.get_by_role("button", name="Withdraw", exact=True).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Withdraw application").click()
    expect(page.get_by_text("Application withdrawn.")).to_be_visible()
    expect(page.locator(".status-badge", has_text="Withdrawn")).to_be_visible()
    with _db(live_server) as db:
        assert db.get(Application, app_id).status == "withdrawn"

    _delete_activity(page, title)


def test_additional_endorsement_with_attachment(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    sign_in(page, TEACHER)
    page.goto("/apply")
    assert_accessible(page)
    page.get_by_label("Application type").select_option(label="Additional endorsement")
    page.get_by_label("License").select_option(value="100100")
    page.get_by_role("button", name="Next").click()
    _step(page, "Eligibility")
    page.get_by_role("button", name="Next").click()
    _step(page, "Questions")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Answer “Subject area of the endorsement”.")).to_be_visible()
    expect(page.get_by_label("Subject area of the endorsement")).to_be_focused()
    page.get_by_label("Subject area of the endorsement").fill("Biology")
    page.get_by_label("Grade span").select_option("7-12")
    page.get_by_label("Qualified by").select_option("Licensure test")
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()
    _step(page, "Attachments")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Attach: Test score report or transcript.")).to_be_visible()
    score = tmp_path / "praxis-biology.pdf"
    score.write_bytes(PDF)
    page.get_by_label("Attachment").set_input_files(str(score))
    expect(page.get_by_text("praxis-biology.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()
    _step(page, "Review")
    expect(page.get_by_text("Biology", exact=True)).to_be_visible()
    page.get_by_role("button", name="Next").click()
    _declare(page)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Application submitted.")).to_be_visible()
    with _db(live_server) as db:
        app = db.exec(
            select(Application).where(
                _teachers(db),
                Application.app_type == "additional_endorsement",
                Application.status == "submitted",
            )
        ).one()
        files = db.exec(select(EvidenceFile).where(EvidenceFile.application_id == app.id)).all()
        assert [f.original_name for f in files] == ["praxis-biology.pdf"]
    # Leave the demo teacher without open applications.
    page.get_by_role("button", name="Withdraw", exact=True).first.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Withdraw application").click()
    expect(page.get_by_text("Application withdrawn.")).to_be_visible()


def _tab_to(page: Page, target: str | Locator, limit: int = 60) -> None:
    """Press Tab until `target` (a CSS selector or a locator) has focus."""
    locator = page.locator(target) if isinstance(target, str) else target
    for _ in range(limit):
        if locator.first.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {target} with Tab")


def test_wizard_by_keyboard_alone(page: Page, live_server: LiveServer) -> None:
    sign_in(page, TEACHER)
    page.goto("/apply")
    expect(page.get_by_label("Application type")).to_be_visible()
    _tab_to(page, "#app_type")
    page.keyboard.type("Substitute")  # type-ahead selects the option
    expect(page.get_by_label("Application type")).to_have_value("substitute")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    _step(page, "Eligibility")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    _step(page, "Questions")
    _tab_to(page, "#education")
    page.keyboard.type("High")
    expect(page.locator("#education")).to_have_value("High school diploma")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    _step(page, "Attachments")
    # The file chooser opens from the keyboard too; here the diploma comes from a file.
    page.get_by_label("Attachment").set_input_files(
        files=[{"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(page.get_by_text("diploma.pdf")).to_be_visible()
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    _step(page, "Review")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    _step(page, "Declaration")
    _tab_to(page, "#conduct_convicted-yes")
    page.keyboard.press("ArrowRight")  # "No"
    _tab_to(page, "#conduct_disciplined-yes")
    page.keyboard.press("ArrowRight")
    _tab_to(page, "#sworn")
    page.keyboard.press("Space")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Application submitted.")).to_be_visible()
    with _db(live_server) as db:
        app = db.exec(
            select(Application).where(
                _teachers(db),
                Application.app_type == "substitute",
                Application.status == "submitted",
            )
        ).one()
        assert app.answers_json and '"education": "High school diploma"' in app.answers_json
    _tab_to(page, page.get_by_role("button", name="Withdraw", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    _tab_to(page, page.get_by_role("button", name="Withdraw application"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Application withdrawn.")).to_be_visible()


def test_an_ineligible_draft_says_why_and_is_discarded(page: Page, live_server: LiveServer) -> None:
    """Issue 13 #18: no "Next" when the eligibility step says no; "Discard draft" deletes it."""
    sign_in(page, TEACHER)
    page.goto("/apply")
    page.get_by_label("Application type").select_option(label="Upgrade")
    page.get_by_label("License").select_option(value="100100")
    page.get_by_role("button", name="Next").click()
    _step(page, "Eligibility")
    expect(page.get_by_text("You cannot file this application yet:")).to_be_visible()
    # Why, in plain words, and where to fix it; no way forward.
    expect(page.get_by_text(re.compile(r"An upgrade may be filed from"))).to_be_visible()
    expect(page.get_by_role("link", name="See your licenses")).to_have_attribute(
        "href", "/licenses"
    )
    expect(page.get_by_role("button", name="Next")).to_have_count(0)
    expect(page.get_by_role("button", name="Back")).to_be_visible()
    assert_accessible(page)
    # The dialog asks first; "Keep draft" keeps it.
    page.get_by_role("button", name="Discard draft").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Discard this draft?")
    assert_accessible(page)
    dialog.get_by_role("button", name="Keep draft").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    with _db(live_server) as db:
        (draft,) = db.exec(
            select(Application).where(
                _teachers(db), Application.app_type == "upgrade", Application.status == "draft"
            )
        ).all()
        draft_id = draft.id
    # By keyboard: to "Discard draft", Enter, then the dialog's "Discard draft", Enter.
    _tab_to(page, page.get_by_role("button", name="Discard draft"))
    page.keyboard.press("Enter")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    _tab_to(page, dialog.get_by_role("button", name="Discard draft"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/applications"))
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Upgrade"))).to_have_count(0)
    with _db(live_server) as db:
        assert db.get(Application, draft_id) is None
        event = db.exec(
            select(AuditEvent).where(
                AuditEvent.action == "application.draft_discarded",
                AuditEvent.entity_id == str(draft_id),
            )
        ).one()
        assert '"type": "upgrade"' in event.before_json


def _endorsement_returned_by_the_state(live_server: LiveServer, reason: str) -> int:
    """The teacher's additional endorsement, submitted, forwarded and returned by the state."""
    with _db(live_server) as db:
        account = db.exec(select(Account).where(Account.email == TEACHER)).one()
        profile = db.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account.id)
        ).one()
        staff = db.exec(select(Account).where(Account.role == "state_staff")).first()
        actor = audit.Actor(account.id, "educator")
        draft = applications.start_or_resume(
            db, actor, profile.id, "additional_endorsement", "100100"
        )
        evidence = EvidenceFile(
            owner_id=profile.id,
            application_id=draft.application_id,
            original_name="praxis.pdf",
            stored_name=uuid.uuid4().hex,
            content_type="application/pdf",
            size_bytes=len(PDF),
            sha256="0" * 64,
        )
        db.add(evidence)
        db.flush()
        answers = {
            "questions": {
                "endorsement_subject": "Biology",
                "grade_span": "7-12",
                "endorsement_basis": "Licensure test",
            },
            "attachment_kinds": {str(evidence.id): "qualifying_evidence"},
            "attestation": {"conduct_convicted": "no", "conduct_disciplined": "no", "sworn": True},
        }
        applications.save_draft(db, actor, profile.id, draft.application_id, answers, 5)
        assert applications.submit(db, actor, profile.id, draft.application_id, clock.today()).ready
        app = db.get(Application, draft.application_id)
        state = audit.Actor(staff.id, "state_staff")
        transitions.transition(db, app, ("submitted",), "district_approved", state)
        transitions.transition(db, app, ("district_approved",), "state_review", audit.SYSTEM)
        transitions.transition(db, app, ("state_review",), "returned", state, reason)
        db.commit()
        return draft.application_id


def test_correct_and_resubmit_starts_at_the_reason_and_goes_back_to_the_state(
    page: Page, live_server: LiveServer
) -> None:
    """Issue 13 #15: reopened at the step the reason concerns, the reason on every step, the
    declaration given again, and back to the state office that returned it."""
    reason = "Attach the score report from the licensure test."
    app_id = _endorsement_returned_by_the_state(live_server, reason)
    sign_in(page, TEACHER)
    page.goto("/applications")
    page.get_by_role("link", name="Correct and resubmit").click()
    _step(page, "Attachments")
    notice = page.get_by_role("status").filter(has_text="Returned for correction")
    expect(notice).to_contain_text(reason)
    assert_accessible(page)
    page.get_by_role("button", name="Next").click()
    _step(page, "Review")
    expect(notice).to_contain_text(reason)
    page.get_by_role("button", name="Next").click()
    _step(page, "Declaration")
    expect(notice).to_contain_text(reason)
    # The declaration is given again.
    expect(page.get_by_label("I swear that the information")).not_to_be_checked()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Confirm the sworn statement to submit.")).to_be_visible()
    _declare(page)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Application submitted.")).to_be_visible()
    expect(page.locator(".status-badge", has_text="In state review")).to_be_visible()
    with _db(live_server) as db:
        assert db.get(Application, app_id).status == "state_review"
    # Leave the demo teacher without open applications.
    page.get_by_role("button", name="Withdraw", exact=True).first.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Withdraw application").click()
    expect(page.get_by_text("Application withdrawn.")).to_be_visible()
