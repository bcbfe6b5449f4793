"""What each wizard step shows (typed rows) and what stops the applicant leaving a step."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from licensure_app.models import Application, PDActivity
from licensure_app.services import applications
from licensure_app.services.applications import wizard

from .application_world import ATTEST, TODAY, option_id, ready_renewal


def test_first_step_choices(session: Session, world: dict) -> None:
    types = applications.type_choices()
    renewal = next(t for t in types if t.code == "renewal")
    assert renewal.needs_license and renewal.title
    (lic,) = applications.license_choices(session, world["profile"])
    assert lic.number == "100100"
    assert lic.label.startswith("100100: Standard, Class AA (active, expires ")
    assert applications.open_drafts(session, world["profile"]) == []
    app_id = ready_renewal(session, world)
    (draft,) = applications.open_drafts(session, world["profile"])
    assert draft.id == str(app_id) and draft.label.endswith("of license 100100")


def test_view_of_a_ready_renewal(session: Session, world: dict) -> None:
    app = session.get(Application, ready_renewal(session, world))
    view = wizard.view(session, app, TODAY)
    assert view.problems == [] and view.eligible and view.license_number == "100100"
    assert view.renewal_option_id == str(option_id(session))
    chosen = next(o for o in view.renewal_options if o.id == view.renewal_option_id)
    assert chosen.met
    assert view.attestation == {"conduct_convicted": "no", "conduct_disciplined": "no"}
    assert view.sworn is True
    review = {r.label: r.value for r in view.review}
    assert review["Application"] == view.type_title
    assert review["License"] == "100100" and review["Renewal option"] == chosen.label
    assert review["Attachments"] == "None"
    (row,) = view.snapshot
    assert row.title == "Workshop" and row.amount.startswith("5")


def test_step_errors(session: Session, world: dict) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "upgrade", "100100"
    )
    app = session.get(Application, draft.application_id)
    errors = wizard.step_errors(session, app, wizard.QUESTIONS, TODAY)
    assert errors["years_experience"]
    assert set(wizard.step_errors(session, app, wizard.DECLARATION, TODAY)) == {
        "conduct_convicted",
        "conduct_disciplined",
        "sworn",
    }
    applications.save_draft(
        session, world["actor"], world["profile"], app.id, {"attestation": ATTEST}, 5
    )
    assert wizard.step_errors(session, app, wizard.DECLARATION, TODAY) == {}
    assert wizard.step_errors(session, app, wizard.REVIEW, TODAY) == {}


def test_an_ineligible_renewal_says_why_and_where_to_fix_it(session: Session, world: dict) -> None:
    for activity in session.exec(select(PDActivity)).all():
        session.delete(activity)
    session.commit()
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "renewal", "100100"
    )
    view = wizard.view(session, session.get(Application, draft.application_id), TODAY)
    assert not view.eligible
    (problem,) = view.problems
    assert problem.text.startswith("You have not met a renewal option yet")
    assert problem.fix_href == "/pd" and problem.fix_text


def test_an_upgrade_outside_its_window_points_to_the_licenses(
    session: Session, world: dict
) -> None:
    draft = applications.start_or_resume(
        session, world["actor"], world["profile"], "upgrade", "100100"
    )
    view = wizard.view(session, session.get(Application, draft.application_id), TODAY)
    assert not view.eligible
    assert [p.fix_href for p in view.problems] == ["/licenses"]


@pytest.mark.parametrize(
    ("problem", "href", "link"),
    [
        (
            "You have not met a renewal option yet. Option 1: 5 CEUs — 2 more.",
            "/pd",
            "Log professional development",
        ),
        (
            "This license expired on 1 May 2026. An expired license is restored by a "
            "reactivation application, not a renewal.",
            "/apply?type=reactivation&license=100200",
            "Apply for reactivation",
        ),
        (
            "This is a provisional license, so it cannot be renewed. It is converted or "
            "extended by another type of application.",
            "/apply?type=extension&license=100200",
            "Apply for an extension",
        ),
        (
            "Choose the license this application is for.",
            "/licenses#claim-heading",
            "Claim your license if it is not listed",
        ),
        (
            "License 100200 has not expired (it is valid until 1 May 2027): renew it instead "
            "of reactivating it.",
            "/pd",
            "See your renewal tracker",
        ),
        ("This license is suspended, so it cannot be renewed.", "/licenses", "See your licenses"),
        (
            "An upgrade may be filed from 1 March 2027 to 31 March 2027.",
            "/licenses",
            "See your licenses",
        ),
        ("An upgrade needs at least 4 years of experience in the area.", "", ""),
    ],
)
def test_each_ineligibility_links_to_where_it_is_fixed(problem: str, href: str, link: str) -> None:
    from licensure_app.services.applications.wizard import eligibility_problem

    shown = eligibility_problem(problem, "100200")
    assert (shown.text, shown.fix_href, shown.fix_text) == (problem, href, link)
