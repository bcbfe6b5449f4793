"""Per-activity evidence review end to end (issue 15 #2): Magnolia's superintendent opens a
renewal, sees each counted activity's evidence in the page, and decides each activity by
its labels; "Not accepted" with a reason returns the renewal when the option is no longer
met (and the educator's /pd says who, when and why), or leaves it in the queue when it
still is; "Accept" then "Approve" renews, keeping the not-accepted activity as it is."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlmodel import select

from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_EDUCATOR,
    Application,
    ApplicationTransition,
    AuditEvent,
    PDActivity,
)
from licensure_app.services import audit, pd
from licensure_app.services.pd import evidence

from .applicants import (
    LIVE_TIMEOUT,
    MAGNOLIA_SUPER,
    PASSWORD,
    PDF,
    VERIFY,
    Db,
    Person,
    make_educator,
    submit_renewal,
)
from .conftest import LiveServer, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

FIRST = "Literacy institute"  # 5 CEUs: alone it meets "5 CEUs"
SECOND = "Reading seminar"
SUPERINTENDENT = "Dana Whitfield"


def _add_seminar(db: Db, person: Person) -> None:
    """A second activity (2 CEUs) with its certificate, before the renewal is filed."""
    with db.write() as session:
        actor = audit.Actor(person.account_id, ROLE_EDUCATOR)
        saved = pd.add_activity(
            session,
            actor,
            person.profile_id,
            pd.ActivityForm(
                SECOND, "MDE", "ceu", "2", (clock.today() - timedelta(days=12)).isoformat()
            ),
            clock.today(),
        )
        assert not saved.errors, saved.errors
        evidence.store_evidence(
            session, actor, person.profile_id, "seminar.pdf", PDF, activity_id=saved.activity_id
        )


def _activity(db: Db, person: Person, title: str) -> PDActivity:
    with db.read() as session:
        row = session.exec(
            select(PDActivity).where(
                PDActivity.holder_id == person.profile_id, PDActivity.title == title
            )
        ).one()
        session.expunge(row)  # its values stay readable after the session ends
        return row


def _press(control: Locator, double: bool = False) -> None:
    """Scroll to the control, then click it. In headless Chromium the first click after
    the page scrolls past a PDF frame can land in the frame's viewer instead (seen here):
    scrolling first makes the click reach the control, as a person's would."""
    control.scroll_into_view_if_needed()
    if double:
        control.dblclick()
    else:
        control.click()


def _status(db: Db, application_id: int) -> str:
    with db.read() as session:
        row = session.get(Application, application_id)
        assert row is not None
        return row.status


def _day(activity: PDActivity) -> str:
    assert activity.verified_at is not None
    return format_date(clock.local(activity.verified_at).date())


def _educator_pd(browser: Browser, base_url: str, person: Person) -> Page:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, person.email, PASSWORD)
    page.goto("/pd")
    return page


def test_not_accepted_returns_the_renewal_with_the_reason_on_the_educators_pd(
    page: Page, browser: Browser, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Quinn")
    application_id = submit_renewal(db, person)
    sign_in(page, MAGNOLIA_SUPER)
    page.goto(f"/approvals?application={application_id}")

    card = page.get_by_role("article", name=FIRST)
    expect(card).to_contain_text("Decision: Not yet reviewed")
    # The evidence opens in the page, full width.
    _press(card.get_by_role("button", name="View certificate.pdf"))
    expect(
        card.frame_locator("iframe[title='Evidence: certificate.pdf']").locator("body")
    ).to_be_attached()
    assert_accessible(page)

    # "Not accepted" needs a reason: nothing is written without one.
    _press(card.get_by_role("button", name=f"Not accepted {FIRST}"))
    expect(card.get_by_role("alert")).to_contain_text("Enter the reason for not accepting")
    assert_accessible(page)
    assert _activity(db, person, FIRST).verification == "unverified"

    reason = "The certificate names another person"
    card.get_by_label(f"Reason for not accepting {FIRST}").fill(reason)
    _press(card.get_by_role("button", name=f"Not accepted {FIRST}"))

    # Nothing else counts: the renewal goes back to the educator at once, with the reason.
    expect(
        page.get_by_role("status").filter(has_text="returned to the applicant for correction").first
    ).to_be_visible()
    expect(card).to_contain_text(f"Not accepted by {SUPERINTENDENT}")
    expect(card.get_by_role("button", name=f"Accept {FIRST}")).to_have_count(0)
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    assert_accessible(page)
    activity = _activity(db, person, FIRST)
    assert (activity.verification, activity.verification_reason) == ("not_accepted", reason)
    assert _status(db, application_id) == "returned"
    with db.read() as session:
        returned = session.exec(
            select(ApplicationTransition).where(
                ApplicationTransition.application_id == application_id,
                ApplicationTransition.to_status == "returned",
            )
        ).one()
        assert f"Not accepted: {FIRST} — {reason}." in returned.reason
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "pd_activity.not_accepted",
                AuditEvent.entity_id == str(activity.id),
            )
        ).one()
        assert json.loads(event.after_json)["application_id"] == application_id
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text(f"Not accepted: {FIRST} — {reason}.")

    # The educator's /pd says who did not accept it, when, and why.
    educator = _educator_pd(browser, live_server.url, person)
    expected = f"Not accepted by {SUPERINTENDENT} on {_day(activity)}: {reason}"
    expect(educator.get_by_role("cell", name=expected)).to_be_visible()
    assert_accessible(educator)
    educator.context.close()


def test_accept_one_not_accept_another_then_approve(
    page: Page, browser: Browser, live_server: LiveServer, db: Db
) -> None:
    person = make_educator(db, "Avery")
    _add_seminar(db, person)
    application_id = submit_renewal(db, person)  # 7 CEUs counted, 5 needed
    sign_in(page, MAGNOLIA_SUPER)
    page.goto(f"/approvals?application={application_id}")
    expect(page.get_by_text("7 CEUs counted")).to_be_visible()

    first = page.get_by_role("article", name=FIRST)
    accept = first.get_by_role("button", name=f"Accept {FIRST}")
    _press(accept, double=True)  # a double click accepts once
    expect(first.get_by_role("status")).to_have_text(f"Accepted: {FIRST}.")
    expect(first).to_contain_text(f"Decision: Accepted by {SUPERINTENDENT}")
    with db.read() as session:
        accepted = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "pd_activity.accepted",
                AuditEvent.entity_id == str(_activity(db, person, FIRST).id),
            )
        ).all()
        assert len(accepted) == 1

    # The seminar is not accepted; 5 CEUs still count, so the renewal stays in the queue.
    second = page.get_by_role("article", name=SECOND)
    second.get_by_label(f"Reason for not accepting {SECOND}").fill("No certificate of completion")
    _press(second.get_by_role("button", name=f"Not accepted {SECOND}"))
    expect(second.get_by_role("status")).to_have_text(f"Not accepted: {SECOND}.")
    expect(second).to_contain_text(f"Not accepted by {SUPERINTENDENT}", timeout=LIVE_TIMEOUT)
    expect(page.get_by_text("5 CEUs counted")).to_be_visible()
    assert _status(db, application_id) == "submitted"
    assert_accessible(page)

    page.get_by_label(VERIFY).scroll_into_view_if_needed()
    page.get_by_label(VERIFY).check()
    _press(page.get_by_role("button", name="Approve", exact=True))
    expect(page.get_by_role("status").filter(has_text="renewed until")).to_be_visible()
    assert _status(db, application_id) == "approved"
    institute, seminar = _activity(db, person, FIRST), _activity(db, person, SECOND)
    assert institute.verification == "verified"
    assert (seminar.verification, seminar.verification_reason) == (
        "not_accepted",
        "No certificate of completion",
    )

    educator = _educator_pd(browser, live_server.url, person)
    expect(
        educator.get_by_role("cell", name=f"Verified by {SUPERINTENDENT} on {_day(institute)}")
    ).to_be_visible()
    expect(
        educator.get_by_role(
            "cell",
            name=f"Not accepted by {SUPERINTENDENT} on {_day(seminar)}: "
            "No certificate of completion",
        )
    ).to_be_visible()
    educator.context.close()
