"""The educator's licenses page and checklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from license_world import NUMBER, TODAY, register, state_record
from sqlalchemy import event
from sqlmodel import Session

from licensure_app.models import (
    Endorsement,
    License,
)
from licensure_app.services import licensing as svc

# ---------------------------------------------------------------- the list


def _licenses_at(session: Session, expires_on: date, status: str = "active") -> svc.LicenseView:
    holder, _ = state_record(session, expires_on=expires_on, status=status)
    (view,) = svc.licenses_for_holder(session, holder.id or 0, TODAY)
    return view


@pytest.mark.parametrize(
    ("days", "warning", "text"),
    [
        (181, False, ""),
        (180, True, "Expires in 180 days"),
        (150, True, "Expires in 150 days"),
        (1, True, "Expires tomorrow"),
        (0, True, "Expires today"),
    ],
)
def test_the_expiry_warning_starts_180_days_before(
    session: Session, days: int, warning: bool, text: str
) -> None:
    view = _licenses_at(session, TODAY + timedelta(days=days))
    assert view.days_to_expiry == days
    assert view.warning is warning and view.warning_text == text
    assert view.status == "active" and view.renewable


def test_a_past_expiry_shows_as_expired(session: Session) -> None:
    view = _licenses_at(session, TODAY - timedelta(days=3))
    assert view.days_to_expiry == -3
    assert (view.status, view.status_label, view.renewable) == ("expired", "Expired", False)
    assert view.warning and view.warning_text.startswith("Expired on 27 February 2026")
    assert view.days_text == "Expired 3 days ago"


def test_a_revoked_license_gets_no_renewal_warning(session: Session) -> None:
    view = _licenses_at(session, TODAY + timedelta(days=30), status="revoked")
    assert not view.warning and not view.renewable and view.status_label == "Revoked"


def test_licenses_for_holder_shows_display_fields_in_two_queries(
    session: Session, db_url: str
) -> None:
    holder, license = state_record(session, expires_on=date(2029, 6, 30))
    session.add(
        License(
            license_number="100201",
            holder_id=holder.id,
            license_type="Administrator",
            license_class="AAA",
            first_issued=date(2020, 1, 1),
            valid_from=date(2022, 1, 1),
            expires_on=date(2026, 12, 31),
        )
    )
    session.add(
        Endorsement(
            license_id=license.id, code="0120", subject="Elementary Education", grade_span="K-6"
        )
    )
    session.commit()
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        views = svc.licenses_for_holder(session, holder.id or 0, TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2
    first, second = views
    assert first.number == NUMBER  # latest expiry first
    assert first.endorsements == ("0120 Elementary Education (K-6)", "0154 English (7-12)")
    assert (first.first_issued, first.valid_from, first.expires_on) == (
        "1 July 2019",
        "1 July 2024",
        "30 June 2029",
    )
    assert first.print_href == f"/licenses/print/{NUMBER}"
    assert second.endorsements == () and second.license_class == "AAA"
    assert svc.licenses_for_holder(session, 999_999, TODAY) == []


# ---------------------------------------------------------------- checklist


def test_checklist_is_empty_for_a_new_educator(session: Session) -> None:
    _, registration = register(session)
    checklist = svc.checklist_for(session, registration.id or 0)
    assert checklist == svc.Checklist((), None, ())
