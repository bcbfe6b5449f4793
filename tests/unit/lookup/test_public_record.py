"""One license's public record: history, notices, unknown numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from licensure_app.domain.formatting import format_date
from licensure_app.models import License
from licensure_app.services import audit, lookup

from .holders import TODAY, person

# ---------------------------------------------------------------------------- one license


def test_public_record_with_history(session: Session, people: dict[str, License]) -> None:
    lic = people["avery"]
    old_expiry = lic.expires_on
    new_expiry = old_expiry + timedelta(days=1826)
    actor = audit.Actor(account_id=None, role="district_approver", client_address="10.9.8.7")
    audit.record(
        session,
        actor,
        "license.claimed",
        "license",
        lic.id,
        before={"account_id": None},
        after={"account_id": 77, "holder_id": lic.holder_id},
    )
    audit.record(
        session,
        actor,
        "license.renewed",
        "license",
        lic.id,
        before={"expires_on": old_expiry.isoformat(), "status": "active"},
        after={"expires_on": new_expiry.isoformat(), "status": "active"},
    )
    audit.record(
        session, actor, "license.status_changed", "license", lic.id,
        before={"status": "active"}, after={"status": "suspended", "reason": "private note"},
    )  # fmt: skip
    session.commit()

    record = lookup.lookup_license(session, f" {lic.license_number} ", TODAY)
    assert record is not None
    assert record.holder_name == "Thompson, Avery Lynn"
    assert record.status == "Active"
    assert record.endorsements == (lookup.EndorsementView("0120", "Elementary Education", "K-6"),)
    # Issue 16 #7: the history starts with the issue date and names a suspension.
    assert [h.event for h in record.history] == ["Issued", "Renewed", "Suspended"]
    assert record.history[0].on == format_date(lic.first_issued)
    assert format_date(new_expiry) in record.history[1].details
    assert record.history[2].details == "status: Active to Suspended"
    everything = repr(record)
    for private in ("10.9.8.7", "77", "private note", "district_approver", "claimed"):
        assert private not in everything


def test_public_record_notices_and_unknown_numbers(session: Session) -> None:
    _, (expired,) = person(session, "Casey", "Lapsed", expires_on=TODAY - timedelta(days=3))
    _, (revoked,) = person(session, "Riley", "Barred", status="revoked")
    session.commit()
    lapsed = lookup.lookup_license(session, expired.license_number, TODAY)
    assert lapsed is not None and lapsed.status == "Expired"
    assert lapsed.notices == (f"This license expired on {format_date(expired.expires_on)}.",)
    barred = lookup.lookup_license(session, revoked.license_number, TODAY)
    assert barred is not None and "revoked" in barred.notices[0]
    assert [h.event for h in barred.history] == ["Issued"]
    for unknown in ("999999", "", "x" * 40, "1 OR 1=1"):
        assert lookup.lookup_license(session, unknown, TODAY) is None


# ---------------------------------------------------------------------------- the state's time

LATE_EVENING = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)  # 23:30 on 30 November in Chicago


def test_history_and_checked_at_use_the_states_time(
    session: Session, people: dict[str, License], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    monkeypatch.setattr(audit, "utcnow", lambda: LATE_EVENING)
    lic = people["avery"]
    audit.record(
        session, audit.SYSTEM, "license.status_changed", "license", lic.id,
        before={"status": "active"}, after={"status": "suspended"},
    )  # fmt: skip
    session.commit()

    record = lookup.lookup_license(session, lic.license_number, TODAY)

    assert record is not None and record.history[-1].on == "30 November 2026"
    assert lookup.checked_at_text(LATE_EVENING) == "30 November 2026 at 11:30 PM CST"
