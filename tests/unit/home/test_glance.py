"""`build_glance`: the educator's home at a glance from the licenses, tracker and
applications views (issue 16, item 1). Pure: built from plain views, no database."""

from __future__ import annotations

from dataclasses import replace

from licensure_app.services.applications import ApplicationView
from licensure_app.services.home import build_glance
from licensure_app.services.licensing import LicenseView
from licensure_app.services.pd import TrackerView

LICENSE = LicenseView(
    number="100200",
    license_type="Standard",
    license_class="AA",
    endorsements=(),
    first_issued="30 April 2022",
    valid_from="30 April 2022",
    expires_on="29 April 2027",
    status="active",
    status_label="Active",
    days_to_expiry=148,
    days_text="148 days left",
    warning=True,
    warning_text="Expires in 148 days",
    renewable=True,
    print_href="/licenses/print/100200",
    period_text="30 Apr 2022 – 29 Apr 2027",
)
TRACKER = TrackerView(
    license_number="100200",
    heading="Standard license 100200, Class AA",
    summary="",
    options=[],
    not_counting=[],
    can_renew=False,
    renewable_problem="",
    met_option_id=0,
    next_needed="2 more CEUs by 29 April 2027",
    renew_href="/apply?type=renewal&license=100200&option=0",
)
RENEWAL = ApplicationView(
    application_id=7,
    type_title="Renewal",
    license_number="100200",
    status="submitted",
    status_label="Submitted",
    holder="Magnolia County School District",
)


def test_the_closest_need_and_logging_pd_next() -> None:
    (card,) = build_glance([LICENSE], [TRACKER], []).licenses
    assert card.heading == "Standard license 100200, Class AA"
    assert (card.status_label, card.days_text) == ("Active", "148 days left")
    assert card.needed == "Still needed: 2 more CEUs by 29 April 2027."
    assert (card.action_label, card.action_href) == ("Log professional development", "/pd")
    assert card.application == "" and card.holder == ""


def test_met_and_renewable_offers_the_renewal() -> None:
    met = replace(TRACKER, next_needed="", can_renew=True, met_option_id=3)
    (card,) = build_glance([LICENSE], [met], []).licenses
    assert card.needed == "Renewal requirements met."
    assert (card.action_label, card.action_href) == (
        "File renewal application",
        TRACKER.renew_href,
    )


def test_met_before_the_window_says_when() -> None:
    waiting = replace(
        TRACKER, next_needed="", renewable_problem="You can file your renewal from 1 May 2026."
    )
    (card,) = build_glance([LICENSE], [waiting], []).licenses
    assert card.needed == "Renewal requirements met. You can file your renewal from 1 May 2026."
    assert card.action_label == "See your renewal tracker"


def test_an_open_application_says_where_it_is_and_who_holds_it() -> None:
    (card,) = build_glance([LICENSE], [TRACKER], [RENEWAL]).licenses
    assert card.application == "Renewal application: Submitted"
    assert card.holder == "Magnolia County School District"
    assert (card.action_label, card.action_href) == ("See your application", "/applications")


def test_a_returned_application_comes_first_and_asks_to_fix_it() -> None:
    returned = replace(
        RENEWAL, application_id=9, status="returned", status_label="Returned for correction",
        holder="Returned to you", type_title="Additional endorsement",
    )  # fmt: skip
    (card,) = build_glance([LICENSE], [TRACKER], [RENEWAL, returned]).licenses
    assert card.holder == "Returned to you"
    assert (card.action_label, card.action_href) == ("Fix and resubmit", "/apply?application=9")


def test_a_draft_is_continued() -> None:
    draft = replace(RENEWAL, status="draft", status_label="Draft", holder="You (not submitted yet)")
    (card,) = build_glance([LICENSE], [TRACKER], [draft]).licenses
    assert (card.action_label, card.action_href) == (
        "Continue your application",
        "/apply?application=7",
    )


def test_decided_applications_are_not_open() -> None:
    done = replace(RENEWAL, status="approved", status_label="Approved", holder="")
    (card,) = build_glance([LICENSE], [TRACKER], [done]).licenses
    assert card.application == "" and card.action_label == "Log professional development"


def test_an_expired_license_is_reactivated() -> None:
    expired = replace(
        LICENSE, status="expired", status_label="Expired", days_text="Expired 3 days ago"
    )
    (card,) = build_glance([expired], [], []).licenses
    assert "reactivation application" in card.needed
    assert (card.action_label, card.action_href) == (
        "Apply for reactivation",
        "/apply?type=reactivation&license=100200",
    )


def test_a_suspended_license_points_to_the_licenses_page() -> None:
    suspended = replace(LICENSE, status="suspended", status_label="Suspended")
    (card,) = build_glance([suspended], [], []).licenses
    assert card.needed == "" and card.action_label == "See your licenses"


def test_an_early_renewal_needs_nothing_this_cycle() -> None:
    renewed = replace(TRACKER, renewed_through="29 April 2032", next_needed="5 CEUs by ...")
    (card,) = build_glance([LICENSE], [renewed], []).licenses
    assert card.needed == "Renewed through 29 April 2032: nothing is needed for this cycle."
    assert card.action_label == "See your renewal tracker"


def test_no_license_lists_open_applications_apart() -> None:
    initial = ApplicationView(
        application_id=3, type_title="Initial license", status="state_review",
        status_label="In state review", holder="State licensure office",
    )  # fmt: skip
    glance = build_glance([], [], [initial])
    assert glance.licenses == []
    (app,) = glance.applications
    assert app.title == "Initial license application"
    assert (app.status_label, app.holder) == ("In state review", "State licensure office")
    assert app.action_label == "See your application"


def test_a_renewal_comes_before_other_open_applications_of_the_license() -> None:
    endorsement = replace(
        RENEWAL, application_id=8, type_title="Additional endorsement", status_label="Submitted"
    )
    (card,) = build_glance([LICENSE], [TRACKER], [endorsement, RENEWAL]).licenses
    assert card.application == "Renewal application: Submitted"
    (other,) = card.more_applications
    assert other.title == "Additional endorsement application for license 100200"
    assert other.holder == "Magnolia County School District"
