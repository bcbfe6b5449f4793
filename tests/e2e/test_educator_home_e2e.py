"""The educator's side of issue 16 end to end: the home page at a glance (wide and narrow),
the applications timeline that looks ahead, an early renewal on the licenses page and the
public record, and the tracker's wording by option (with the wizard's not-eligible page)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from licensure_app.domain.formatting import format_date, format_short_date
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_EDUCATOR,
    Account,
    Application,
    ApplicationTransition,
    District,
    License,
)
from licensure_app.models._base import utcnow
from licensure_app.services import accounts, approvals, audit
from licensure_app.services.accounts.authz import principal_for
from licensure_app.services.accounts.passwords import hash_password

from .applicants import MAGNOLIA_SUPER, PASSWORD, Db, Person, make_educator, submit_renewal
from .conftest import LiveServer, assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.e2e

MAGNOLIA = "Magnolia County School District"
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}


def _fits_the_width(page: Page) -> None:
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the page scrolls sideways"


def _card(page: Page, person: Person):  # noqa: ANN202
    return page.get_by_role("region", name=f"Standard license {person.number}, Class AA")


def test_the_home_page_is_the_license_at_a_glance_and_the_tracker_names_options(
    page: Page, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Glance", expires_in_days=120, ceus=3)
    expires = format_date(clock.today() + timedelta(days=120))
    sign_in(page, person.email, PASSWORD)
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        page.goto("/")
        expect(
            page.get_by_role("heading", level=1, name="Your license at a glance")
        ).to_be_visible()
        card = _card(page, person)
        expect(card.get_by_text("Active", exact=True)).to_be_visible()
        expect(card.get_by_text("120 days left")).to_be_visible()
        expect(card.get_by_text(f"Still needed: 2 more CEUs by {expires}.")).to_be_visible()
        action = card.get_by_role("link", name="Log professional development")
        expect(action).to_have_attribute("href", "/pd")
        _fits_the_width(page)
        assert_accessible(page)
    page.set_viewport_size(WIDE)

    # The next action leads to the tracker, whose headline names each option.
    _card(page, person).get_by_role("link", name="Log professional development").click()
    expect(page).to_have_url(re.compile(r"/pd/?$"))
    expect(
        page.get_by_text(
            f"Complete one option by {expires}. Option 1: 5 CEUs — 2 more. "
            "Option 2: 3 semester hours — 3 more. "
            "Option 3: National Board certification — not yet completed."
        )
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"You need \d"))).to_have_count(0)

    # The wizard's not-eligible page says what is missing and links to where to fix it.
    page.goto(f"/apply?type=renewal&license={person.number}")
    expect(page.get_by_text("You cannot file this application yet:")).to_be_visible()
    problem = page.get_by_role("listitem").filter(has_text="You have not met a renewal option yet.")
    expect(problem).to_contain_text("Option 1: 5 CEUs — 2 more.")
    expect(problem.get_by_role("link", name="Log professional development")).to_have_attribute(
        "href", "/pd"
    )

    # The draft that visit started is now the next action at a glance.
    page.goto("/")
    card = _card(page, person)
    expect(card.get_by_text("Renewal application: Draft")).to_be_visible()
    expect(card.get_by_role("link", name="Continue your application")).to_be_visible()

    # Signed out, the home page is the public one again.
    sign_out(page)
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Educator licensure")).to_be_visible()
    expect(page.get_by_text("Your license at a glance")).to_have_count(0)


def test_a_new_educator_is_shown_how_to_claim_or_apply(
    page: Page, live_server: LiveServer, db: Db
) -> None:
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.org"
    with db.write() as session:
        accounts.register_educator(session, "Nova", "Unlicensed", email, hash_password(PASSWORD))
    sign_in(page, email, PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Your license at a glance")).to_be_visible()
    expect(page.get_by_text("No license is linked to your account yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Claim a license")).to_have_attribute("href", "/licenses")
    expect(page.get_by_role("link", name="Apply for an initial license")).to_have_attribute(
        "href", "/apply?type=initial"
    )
    assert_accessible(page)


def _submitted_endorsement(db: Db, person: Person) -> int:
    """An additional-endorsement application waiting for the district (the state decides
    after it): set directly, the filing path is not what is tested here."""
    with db.write() as session:
        magnolia = session.exec(select(District).where(District.name == MAGNOLIA)).one()
        app = Application(
            applicant_id=person.profile_id,
            app_type="additional_endorsement",
            license_id=person.license_id,
            license_key=person.license_id,
            district_id=magnolia.id,
            status="submitted",
            answers_json='{"questions": {"endorsement_subject": "Biology", "grade_span": "7-12"}}',
            submitted_at=utcnow(),
        )
        session.add(app)
        session.flush()
        session.add(
            ApplicationTransition(
                application_id=app.id or 0,
                from_status="draft",
                to_status="submitted",
                actor_id=person.account_id,
                actor_role=ROLE_EDUCATOR,
            )
        )
        return app.id or 0


def test_the_applications_timeline_looks_ahead(page: Page, live_server: LiveServer, db: Db) -> None:
    person = make_educator(db, "Timeline", expires_in_days=120, ceus=5)
    submit_renewal(db, person)
    _submitted_endorsement(db, person)
    sign_in(page, person.email, PASSWORD)

    page.goto("/applications")
    renewal = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Renewal"))
    expect(renewal.get_by_role("listitem").filter(has_text="Submitted")).to_be_visible()
    ahead = renewal.get_by_role("list").last
    expect(ahead.get_by_role("listitem")).to_have_text([f"District review — {MAGNOLIA} (now)"])
    expect(renewal.get_by_text(f"Now with: {MAGNOLIA}")).to_be_visible()
    expect(
        renewal.get_by_text("The district usually decides within 10 working days. Submitted today.")
    ).to_be_visible()

    endorsement = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Additional endorsement"))
    )
    expect(endorsement.get_by_role("list").last.get_by_role("listitem")).to_have_text(
        [f"District review — {MAGNOLIA} (now)", "State review"]
    )
    expect(
        endorsement.get_by_text(
            "The district usually reviews it within 30 working days, then the state licensure "
            "office decides within 30 working days. Submitted today."
        )
    ).to_be_visible()
    assert_accessible(page)

    # At a glance: where the renewal is and who holds it.
    page.goto("/")
    card = _card(page, person)
    expect(card.get_by_text("Renewal application: Submitted")).to_be_visible()
    expect(card.get_by_text(f"Now with: {MAGNOLIA}")).to_have_count(2)
    expect(card.get_by_role("listitem")).to_contain_text(
        f"Additional endorsement application for license {person.number}: Submitted"
    )
    expect(card.get_by_role("link", name="See your application")).to_have_attribute(
        "href", "/applications"
    )
    # An open renewal is not offered again on the tracker.
    page.goto("/pd")
    expect(
        page.get_by_text(re.compile(r"Your renewal application for this license is on its way"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="File renewal application")).to_have_count(0)


def _approve(db: Db, application_id: int) -> None:
    """The superintendent's approval through the approvals service (the approval page
    itself is tested in test_approvals_e2e)."""
    with db.write() as session:
        superintendent = session.exec(select(Account).where(Account.email == MAGNOLIA_SUPER)).one()
        approver = principal_for(session, superintendent)
        actor = audit.Actor(superintendent.id, approver.role, "192.0.2.10")
        decision = approvals.approve_application(
            session, approver, actor, application_id, True, clock.today()
        )
        assert decision.ok, decision.message


def test_an_early_renewal_reads_current_and_renewed(
    page: Page, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Early", expires_in_days=120, ceus=5)
    with db.read() as session:
        before = session.get(License, person.license_id)
        assert before is not None
        current = (before.valid_from, before.expires_on)
    _approve(db, submit_renewal(db, person))
    with db.read() as session:
        lic = session.get(License, person.license_id)
        assert lic is not None
        assert (lic.prior_valid_from, lic.prior_expires_on) == current
        assert lic.valid_from == current[1] + timedelta(days=1)
        renewed_from, renewed_to = lic.valid_from, lic.expires_on
    text = (
        f"Current: {format_short_date(current[0])} – {format_short_date(current[1])} · "
        f"Renewed through {format_short_date(renewed_to)}"
    )

    sign_in(page, person.email, PASSWORD)
    page.goto("/licenses")
    card = page.get_by_role("region", name=f"Standard license {person.number}")
    expect(card.locator("dd").filter(has_text=text)).to_be_visible()
    expect(card.get_by_text("Valid from", exact=True)).to_have_count(0)
    expect(card.get_by_role("link", name="Renew now")).to_have_count(0)
    assert_accessible(page)

    page.goto("/pd")
    expect(
        page.get_by_text(
            f"This license is renewed through {format_date(renewed_to)}. The tracker now "
            f"follows the next cycle, {format_date(renewed_from)} to {format_date(renewed_to)}: "
            f"activities completed before {format_date(renewed_from)} won't count toward it."
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name="File renewal application")).to_have_count(0)

    page.goto("/")
    expect(_card(page, person).get_by_text(text)).to_be_visible()
    sign_out(page)

    page.goto(f"/lookup/{person.number}")
    expect(page.locator("dd").filter(has_text=text)).to_be_visible()
    expect(page.get_by_text("Valid from", exact=True)).to_have_count(0)
    expect(page.locator("dd").filter(has_text=re.compile(r"^Active$"))).to_be_visible()
    page.goto("/lookup")
    page.get_by_label("Name or license number").fill(person.number)
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text=person.number)
    expect(row.get_by_role("cell", name="Active")).to_be_visible()
