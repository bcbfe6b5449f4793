"""A renewal approved before the license's current period ends: the license stays valid
under that period, and the licenses page, the public record, the tracker and the home
page show the current period and the renewed one (issue 16, item 3)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from approval_world import (
    TODAY,
    Educator,
    World,
    actor_of,
    principal,
    reload_license,
    submit_renewal,
)
from pypdf import PdfReader
from sqlmodel import Session

from licensure_app.domain.formatting import format_date, format_short_date
from licensure_app.services import approvals, home, pd
from licensure_app.services.licensing import licenses_for_holder
from licensure_app.services.licensing.certificate_pdf import certificate_pdf
from licensure_app.services.licensing.printing import print_view
from licensure_app.services.lookup.api_documents import record_document
from licensure_app.services.lookup.public_record import lookup_license


def _approve_early(session: Session, world: World, teacher: Educator) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    decision = approvals.approve_application(
        session, magnolia, actor_of(magnolia), app_id, True, TODAY
    )
    session.commit()
    assert decision.ok, decision.message


def test_an_early_renewal_keeps_the_current_period(
    session: Session, world: World, teacher: Educator
) -> None:
    before = reload_license(session, teacher.license_id)
    old_from, old_to = before.valid_from, before.expires_on
    _approve_early(session, world, teacher)

    lic = reload_license(session, teacher.license_id)
    assert (lic.prior_valid_from, lic.prior_expires_on) == (old_from, old_to)
    assert lic.valid_from == old_to + timedelta(days=1)
    expected = (
        f"Current: {format_short_date(old_from)} – {format_short_date(old_to)} · "
        f"Renewed through {format_short_date(lic.expires_on)}"
    )

    view = licenses_for_holder(session, teacher.profile_id, TODAY)[0]
    assert view.renewed_early and view.period_text == expected
    assert view.status == "active" and not view.warning

    record = lookup_license(session, teacher.license_number, TODAY)
    assert record is not None
    assert record.renewed_early and record.period_text == expected
    assert record.status == "Active" and record.notices == ()

    # Once the renewed period begins it is simply the period in force.
    later = lookup_license(session, teacher.license_number, lic.valid_from)
    assert later is not None and not later.renewed_early


def test_the_tracker_follows_the_next_cycle_after_an_early_renewal(
    session: Session, world: World, teacher: Educator
) -> None:
    _approve_early(session, world, teacher)
    lic = reload_license(session, teacher.license_id)
    tracker = pd.trackers(session, teacher.profile_id, TODAY)[0]
    assert not tracker.can_renew
    assert tracker.renewed_through == format_date(lic.expires_on)
    assert f"activities completed before {format_date(lic.valid_from)} won't count" in (
        tracker.cycle_note
    )
    # The workshop of the renewed cycle no longer counts toward the next one.
    assert tracker.not_counting and "before" in tracker.not_counting[0].reason

    glance = home.glance_for(session, teacher.profile_id, TODAY)
    card = glance.licenses[0]
    assert card.needed.startswith(f"Renewed through {format_date(lic.expires_on)}")
    assert card.period_text.startswith("Current: ")
    assert card.action_label == "See your renewal tracker"


def test_an_open_renewal_stops_the_file_renewal_offer(
    session: Session, world: World, teacher: Educator
) -> None:
    assert pd.trackers(session, teacher.profile_id, TODAY)[0].can_renew
    app_id = submit_renewal(session, teacher)
    tracker = pd.trackers(session, teacher.profile_id, TODAY)[0]
    assert not tracker.can_renew and tracker.open_renewal_id == app_id
    assert tracker.open_renewal_note == (
        "Your renewal application for this license is on its way (submitted)."
    )

    card = home.glance_for(session, teacher.profile_id, TODAY).licenses[0]
    assert card.application == "Renewal application: Submitted"
    assert card.holder == "Magnolia County School District"
    assert card.action_label == "See your application"


def test_after_an_early_renewal_the_printed_license_the_pdf_and_the_api_read_the_current_period(
    session: Session, world: World, teacher: Educator
) -> None:
    """Regression: the printed license, its PDF and the API gave the renewed period's start,
    which has not begun, as "Valid from" (as if the license were not valid now)."""
    before = reload_license(session, teacher.license_id)
    old_from, old_to = before.valid_from, before.expires_on
    _approve_early(session, world, teacher)
    lic = reload_license(session, teacher.license_id)

    printed = print_view(session, teacher.profile_id, teacher.license_number, TODAY)
    assert printed is not None
    assert (printed.valid_from, printed.expires_on) == (format_date(old_from), format_date(old_to))
    assert printed.renewed_through == format_date(lic.expires_on)
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(certificate_pdf(printed, datetime.now(UTC)))).pages
    )
    assert f"Renewed through {format_date(lic.expires_on)}" in " ".join(text.split())

    record = lookup_license(session, teacher.license_number, TODAY)
    assert record is not None
    document = record_document(record, "now", "https://example.test")
    assert (document["valid_from"], document["expires_on"]) == (
        old_from.isoformat(),
        old_to.isoformat(),
    )
    assert document["renewed_through"] == lic.expires_on.isoformat()
