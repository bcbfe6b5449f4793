"""Professional development services: validation, ownership, evidence checks, the tracker view."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from licensure_app.domain.rules import default_rules
from licensure_app.models import (
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    AuditEvent,
    EducatorProfile,
    EvidenceFile,
    License,
    PDActivity,
)
from licensure_app.services import audit, pd
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.pd import evidence

TODAY = date(2026, 11, 24)
PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def _form(**overrides: str) -> pd.ActivityForm:
    values = {
        "title": "Literacy workshop",
        "provider": "MDE",
        "kind": "ceu",
        "amount": "1.5",
        "completed_on": "2026-10-01",
    }
    values.update(overrides)
    return pd.ActivityForm(**values)


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"amount": "0.4"}, "amount", "at least 0.5 CEU (5 contact hours)"),
        ({"amount": "0.49"}, "amount", "at least 0.5 CEU"),
        ({"amount": "-1"}, "amount", "as a number"),
        ({"amount": "nan"}, "amount", "as a number"),
        ({"amount": "abc"}, "amount", "as a number"),
        ({"amount": "1e9"}, "amount", "at most"),
        ({"completed_on": "2026-11-25"}, "completed_on", "cannot be in the future"),
        ({"completed_on": "yesterday"}, "completed_on", "Enter the date"),
        ({"title": "  "}, "title", "Enter the title"),
        ({"provider": ""}, "provider", "Enter who provided it"),
        ({"kind": "bitcoin"}, "kind", "Choose the kind"),
        ({"kind": "national_board", "amount": "2"}, "amount", "counts once"),
    ],
)
def test_validation_names_the_field(overrides: dict, field: str, text: str) -> None:
    clean, errors = pd.validate_activity(_form(**overrides), TODAY, default_rules())
    assert clean is None
    assert text in errors[field]


@pytest.mark.parametrize(
    ("overrides", "amount"),
    [
        ({"amount": "0.5"}, 0.5),
        ({"amount": "1,5"}, 1.5),
        ({"kind": "semester_hours", "amount": "0.25"}, 0.25),
        ({"kind": "national_board", "amount": ""}, 1.0),
        ({"completed_on": "2026-11-24"}, 1.5),
    ],
)
def test_valid_activities(overrides: dict, amount: float) -> None:
    clean, errors = pd.validate_activity(_form(**overrides), TODAY, default_rules())
    assert errors == {} and clean is not None and clean.amount == amount


def _educator(session: Session, number: str = "E0000001", with_license: bool = True) -> int:
    profile = EducatorProfile(educator_number=number, first_name="Avery", last_name="Thompson")
    session.add(profile)
    session.flush()
    if with_license:
        session.add(
            License(
                license_number=number[1:],
                holder_id=profile.id,
                license_type="Standard",
                license_class="AA",
                first_issued=date(2012, 7, 1),
                valid_from=date(2022, 4, 24),
                expires_on=TODAY + timedelta(days=150),
                status="active",
            )
        )
    session.commit()
    return profile.id or 0


ACTOR = audit.Actor(None, ROLE_EDUCATOR)


def test_add_edit_delete_with_audit_and_tracker(session: Session) -> None:
    profile_id = _educator(session)
    result = pd.add_activity(session, ACTOR, profile_id, _form(amount="3"), TODAY)
    session.commit()
    assert result.errors == {} and result.warning == ""
    tracker = pd.trackers(session, profile_id, TODAY)[0]
    assert tracker.options[0]["parts"][0]["progress_text"] == "3 of 5 CEUs"
    assert tracker.options[0]["parts"][0]["remaining_text"] == "2 remaining"
    assert not tracker.can_renew

    pd.update_activity(session, ACTOR, profile_id, result.activity_id, _form(amount="5"), TODAY)
    session.commit()
    tracker = pd.trackers(session, profile_id, TODAY)[0]
    assert tracker.can_renew and tracker.met_option_id
    assert tracker.options[0]["met"] is True

    assert pd.delete_activity(session, ACTOR, profile_id, result.activity_id) is None
    session.commit()
    assert session.exec(select(PDActivity)).all() == []
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["pd_activity.created", "pd_activity.updated", "pd_activity.deleted"]


def test_outside_validity_period_is_saved_with_a_warning(session: Session) -> None:
    profile_id = _educator(session)
    result = pd.add_activity(session, ACTOR, profile_id, _form(completed_on="2021-05-01"), TODAY)
    assert result.errors == {} and "will not count" in result.warning
    tracker = pd.trackers(session, profile_id, TODAY)[0]
    assert tracker.not_counting[0]["title"] == "Literacy workshop"
    assert "before" in tracker.not_counting[0]["reason"]


def test_cannot_touch_another_educators_or_state_loaded_activity(session: Session) -> None:
    mine = _educator(session, "E0000001")
    theirs = _educator(session, "E0000002")
    other = pd.add_activity(session, ACTOR, theirs, _form(), TODAY)
    session.commit()
    assert (
        pd.delete_activity(session, ACTOR, mine, other.activity_id)
        == "That activity was not found."
    )
    result = pd.update_activity(
        session, ACTOR, mine, other.activity_id, _form(title="Hijack"), TODAY
    )
    assert result.errors == {"form": "That activity was not found."}
    loaded = PDActivity(
        holder_id=mine,
        title="SEMI",
        provider="MDE",
        kind="semi_credits",
        amount=10,
        completed_on=TODAY,
        source="state_semi",
        load_key="k1",
    )
    session.add(loaded)
    session.commit()
    assert "cannot be changed" in (pd.delete_activity(session, ACTOR, mine, loaded.id or 0) or "")
    rows = pd.activity_rows(session, mine)
    assert rows[0].editable is False and rows[0].source == "State load (SEMI)"


@pytest.mark.parametrize(
    ("data", "expected"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (b"MZ\x90\x00", None)],
)
def test_type_is_decided_by_content(data: bytes, expected: str | None) -> None:
    assert evidence.sniff_type(data) == expected


def test_upload_refusals_say_why(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uploads = tmp_path / "uploads"
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(uploads))
    profile_id = _educator(session)
    row, problem = evidence.store_evidence(
        session, ACTOR, profile_id, "setup.pdf", b"MZ\x90\x00exe"
    )
    assert row is None and "not a PDF, PNG or JPEG" in (problem or "")
    big = PDF + b"0" * evidence.MAX_BYTES
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "huge.pdf", big)
    assert row is None and "the limit is 10 MB" in (problem or "")
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "empty.pdf", b"")
    assert row is None and "empty" in (problem or "")
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_stored_outside_web_root_under_random_name_and_attached(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    profile_id = _educator(session)
    other_id = _educator(session, "E0000002")
    row, problem = evidence.store_evidence(
        session, ACTOR, profile_id, "../../etc/Certificate.pdf", PDF
    )
    assert problem is None and row is not None
    assert row.original_name == "Certificate.pdf"
    assert (
        row.stored_name != row.original_name
        and (tmp_path / "uploads" / row.stored_name).read_bytes() == PDF
    )
    # Someone else's staged file is never attached to my activity.
    theirs, _ = evidence.store_evidence(session, ACTOR, other_id, "theirs.pdf", PDF)
    result = pd.add_activity(
        session, ACTOR, profile_id, _form(), TODAY, evidence_ids=[row.id, theirs.id]
    )
    session.commit()
    attached = session.exec(
        select(EvidenceFile).where(EvidenceFile.activity_id == result.activity_id)
    ).all()
    assert [f.id for f in attached] == [row.id]


def _principal(
    roles: set[str], profile_id: int | None = None, districts: frozenset = frozenset()
) -> Principal:
    return Principal(
        account_id=99,
        email="x@example.org",
        display_name="X",
        role=next(iter(roles)),
        roles=frozenset(roles),
        approver_district_ids=districts,
        superintendent_of=None,
        profile_id=profile_id,
    )


def test_who_may_read_evidence(session: Session) -> None:
    profile_id = _educator(session)
    profile = session.get(EducatorProfile, profile_id)
    profile.employing_district_id = 7
    row = EvidenceFile(
        owner_id=profile_id,
        original_name="a.pdf",
        stored_name="x.pdf",
        content_type="application/pdf",
        size_bytes=10,
        sha256="0" * 64,
    )
    assert evidence.may_read(session, _principal({ROLE_EDUCATOR}, profile_id), row)
    assert not evidence.may_read(session, _principal({ROLE_EDUCATOR}, profile_id + 1), row)
    assert evidence.may_read(session, _principal({ROLE_STATE_STAFF}), row)
    assert evidence.may_read(session, _principal({"district_approver"}, None, frozenset({7})), row)
    assert not evidence.may_read(
        session, _principal({"district_approver"}, None, frozenset({8})), row
    )
