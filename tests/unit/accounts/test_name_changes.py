"""Issue 13 #8: the legal name changes only through a name-change request that state staff
approve, with a document; the profile form changes contact details only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import license_world
import pytest
from sqlmodel import Session, select

from licensure_app import db as app_db
from licensure_app.models import (
    Account,
    AuditEvent,
    EducatorProfile,
    License,
    NameChangeRequest,
    Notification,
    OutboxEmail,
)
from licensure_app.services import accounts, audit, licensing, lookup
from licensure_app.services.accounts import name_change_review, name_changes
from licensure_app.services.accounts.authz import Principal, principal_for
from licensure_app.services.pd import evidence
from licensure_app.states.profile import ProfileState

from .account_world import register
from .tabs import open_tab, page_state, run


def test_a_profile_save_with_another_name_leaves_the_legal_name_alone(app_database: str) -> None:
    """Regression: the profile form rewrote the legal name (the public record, the printed
    license) at once. Now it saves contact details only, whatever the form carries."""
    with app_db.session_scope() as session:
        educator = register(session, "dana@example.org")
        token = accounts.open_session(session, educator.id or 0)
        account_id = educator.id
    tab = open_tab(token, "/profile")
    run(tab, ProfileState, "load")
    form = {
        "first_name": "Mallory",
        "middle_name": "X",
        "last_name": "Impostor",
        "phone": "601-555-0134",
        "street": "12 Magnolia Street",
        "city": "Jackson",
        "state": "MS",
        "zip_code": "39205",
    }
    run(tab, ProfileState, "save", form)
    assert page_state(tab, ProfileState).saved_message == "Profile saved"
    with app_db.session_scope() as session:
        profile = session.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account_id)
        ).one()
        assert (profile.first_name, profile.middle_name, profile.last_name) == (
            "Dana",
            "",
            "Whitfield",
        )
        assert (profile.last_name_key, profile.phone, profile.city) == (
            "whitfield",
            "601-555-0134",
            "Jackson",
        )
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "profile.updated")).one()
        assert "Mallory" not in event.after_json and "Impostor" not in event.after_json


# ------------------------------------------------------------------ the request and decisions

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class World:
    educator: Account
    profile: EducatorProfile
    license_id: int
    document_id: int
    staff: Principal
    other_staff: Principal


def _staff(session: Session, email: str) -> Principal:
    account = Account(email=email, password_hash="x", role="state_staff", display_name=email)
    session.add(account)
    session.flush()
    return principal_for(session, account)


def _actor(who: Account | Principal) -> audit.Actor:
    account_id = who.id if isinstance(who, Account) else who.account_id
    return audit.Actor(account_id, who.role, "192.0.2.1")


def _document(session: Session, educator: Account, profile_id: int) -> int:
    row, problem = evidence.store_evidence(
        session, _actor(educator), profile_id, "marriage certificate.pdf", PDF
    )
    assert problem is None and row is not None
    return row.id or 0


@pytest.fixture
def world(session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> World:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    account, profile = license_world.register(session, "dana@example.org", "Dana", "Whitfield")
    license = License(
        license_number="100300",
        holder_id=profile.id or 0,
        license_type="Standard",
        license_class="A",
        first_issued=date(2019, 7, 1),
        valid_from=date(2024, 7, 1),
        expires_on=date(2029, 6, 30),
    )
    session.add(license)
    session.flush()
    document_id = _document(session, account, profile.id or 0)
    staff, other = _staff(session, "staff@example.org"), _staff(session, "other@example.org")
    session.commit()
    return World(account, profile, license.id or 0, document_id, staff, other)


LEE = name_changes.NameChangeForm("Dana", "Marie", "Lee", "Marriage")


def _request(session: Session, world: World, form: name_changes.NameChangeForm = LEE) -> int:
    result = name_changes.request_name_change(
        session, _actor(world.educator), world.profile.id or 0, form, world.document_id
    )
    assert result.ok, result.message
    session.commit()
    return session.exec(select(NameChangeRequest.id)).one()


def _actions(session: Session, action: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def _name(session: Session, world: World) -> tuple[str, str, str]:
    session.expire_all()
    p = session.get(EducatorProfile, world.profile.id)
    return (p.first_name, p.middle_name, p.last_name)


def test_a_request_changes_nothing_until_staff_approve(session: Session, world: World) -> None:
    request_id = _request(session, world)
    assert _name(session, world) == ("Dana", "", "Whitfield")
    record = lookup.lookup_license(session, "100300")
    assert record is not None and record.holder_name == "Whitfield, Dana"
    status = name_changes.latest_request(session, world.profile.id or 0)
    assert status is not None and (status.status, status.requested_name) == (
        "pending",
        "Dana Marie Lee",
    )
    [requested] = _actions(session, "name_change.requested")
    assert requested.entity_id == str(request_id) and requested.actor_id == world.educator.id
    # State staff hear of it (in-app), with nothing private in what they are told.
    staff_notes = session.exec(
        select(Notification).where(Notification.recipient_id == world.staff.account_id)
    ).all()
    assert len(staff_notes) == 1 and "Lee" not in staff_notes[0].text
    rows = name_change_review.pending_requests(session, world.staff)
    assert [(r.current_name, r.requested_name, r.reason) for r in rows] == [
        ("Dana Whitfield", "Dana Marie Lee", "Marriage")
    ]
    assert rows[0].document_href == f"/api/evidence/{world.document_id}"
    assert rows[0].document_kind == "pdf" and rows[0].previous_names == "None"
    assert not rows[0].own


def test_approval_changes_the_legal_name_everywhere_and_keeps_the_previous_one(
    session: Session, world: World
) -> None:
    request_id = _request(session, world)
    result = name_change_review.approve(session, world.staff, _actor(world.staff), request_id)
    session.commit()
    assert result.ok and result.message == "Approved. The legal name is now Dana Marie Lee."
    assert _name(session, world) == ("Dana", "Marie", "Lee")
    profile = session.get(EducatorProfile, world.profile.id)
    assert (profile.last_name_key, profile.previous_names) == ("lee", "Dana Whitfield")
    request = session.get(NameChangeRequest, request_id)
    assert (request.status, request.decided_by_id) == ("approved", world.staff.account_id)
    assert (request.previous_first_name, request.previous_last_name) == ("Dana", "Whitfield")
    # The public record and the printed license carry the new name...
    record = lookup.lookup_license(session, "100300")
    assert record is not None and record.holder_name == "Lee, Dana Marie"
    assert "Name changed" in [entry.event for entry in record.history]
    printed = licensing.print_view(session, world.profile.id or 0, "100300")
    assert printed is not None and printed.holder_name == "Dana Marie Lee"
    # ...and the license's history records the change (for the public history).
    [on_license] = _actions(session, "license.name_changed")
    assert (on_license.entity_type, on_license.entity_id) == ("license", str(world.license_id))
    assert _actions(session, "name_change.approved") and _actions(session, "profile.name_changed")
    # The educator is told, with nothing private in the subject.
    note = session.exec(
        select(Notification).where(Notification.recipient_id == world.educator.id)
    ).one()
    assert "Dana Marie Lee" in note.text
    mail = session.exec(
        select(OutboxEmail).where(OutboxEmail.to_address == "dana@example.org")
    ).one()
    assert "Lee" not in mail.subject and "approved" in mail.subject
    # Previous names are shown to staff on the next request.
    second = name_changes.NameChangeForm("Dana", "", "Whitfield-Lee", "Double-barrelled")
    document_id = _document(session, world.educator, world.profile.id or 0)
    assert name_changes.request_name_change(
        session, _actor(world.educator), world.profile.id or 0, second, document_id
    ).ok
    [row] = name_change_review.pending_requests(session, world.staff)
    assert row.previous_names == "Dana Whitfield"


def test_rejection_needs_a_reason_and_leaves_the_name(session: Session, world: World) -> None:
    request_id = _request(session, world)
    refused = name_change_review.reject(session, world.staff, _actor(world.staff), request_id, " ")
    assert not refused.ok and refused.errors == {
        "reason": name_change_review.REJECT_REASON_REQUIRED
    }
    result = name_change_review.reject(
        session, world.staff, _actor(world.staff), request_id, "The certificate is unreadable."
    )
    session.commit()
    assert result.ok
    assert _name(session, world) == ("Dana", "", "Whitfield")
    status = name_changes.latest_request(session, world.profile.id or 0)
    assert status is not None and status.status == "rejected"
    assert status.decision_reason == "The certificate is unreadable."
    assert _actions(session, "name_change.rejected")
    note = session.exec(
        select(Notification).where(Notification.recipient_id == world.educator.id)
    ).one()
    assert "unreadable" in note.text
    # Decided once: neither decision applies again.
    again = name_change_review.approve(
        session, world.other_staff, _actor(world.other_staff), request_id
    )
    assert not again.ok and again.message == "This request was already rejected."
    assert _name(session, world) == ("Dana", "", "Whitfield")
    # A new request may follow a rejection.
    document_id = _document(session, world.educator, world.profile.id or 0)
    assert name_changes.request_name_change(
        session, _actor(world.educator), world.profile.id or 0, LEE, document_id
    ).ok


def test_only_state_staff_decide(session: Session, world: World) -> None:
    request_id = _request(session, world)
    superintendent = Account(email="super@example.org", password_hash="x", role="district_approver")
    session.add(superintendent)
    session.flush()
    for who in (principal_for(session, world.educator), principal_for(session, superintendent)):
        result = name_change_review.approve(session, who, _actor(who), request_id)
        assert (result.ok, result.message) == (False, name_change_review.NOT_STAFF)
        result = name_change_review.reject(session, who, _actor(who), request_id, "No")
        assert (result.ok, result.message) == (False, name_change_review.NOT_STAFF)
        assert name_change_review.pending_requests(session, who) == []
    session.commit()
    assert _name(session, world) == ("Dana", "", "Whitfield")
    assert session.get(NameChangeRequest, request_id).status == "pending"
    refused = _actions(session, "access.refused")
    assert len(refused) == 4 and all(e.entity_type == "name_change_request" for e in refused)


def test_staff_may_not_decide_a_request_about_their_own_profile(session: Session) -> None:
    """A staff member who also holds a license asks to change their name: a colleague
    decides it, never they themself."""
    staff_account = Account(email="sam@example.org", password_hash="x", role="state_staff")
    session.add(staff_account)
    session.flush()
    profile = EducatorProfile(
        account_id=staff_account.id,
        educator_number="E7000001",
        first_name="Sam",
        last_name="Okafor",
        first_name_key="sam",
        last_name_key="okafor",
    )
    session.add(profile)
    session.flush()
    document_id = _document(session, staff_account, profile.id or 0)
    form = name_changes.NameChangeForm("Sam", "", "Okafor-Reyes", "Marriage")
    assert name_changes.request_name_change(
        session, _actor(staff_account), profile.id or 0, form, document_id
    ).ok
    request_id = session.exec(select(NameChangeRequest.id)).one()
    sam = principal_for(session, staff_account)
    [row] = name_change_review.pending_requests(session, sam)
    assert row.own
    for decide in (
        lambda: name_change_review.approve(session, sam, _actor(sam), request_id),
        lambda: name_change_review.reject(session, sam, _actor(sam), request_id, "Mine"),
    ):
        result = decide()
        assert (result.ok, result.message) == (False, name_change_review.OWN_REQUEST)
    session.commit()
    assert session.get(NameChangeRequest, request_id).status == "pending"
    assert session.get(EducatorProfile, profile.id).last_name == "Okafor"
    refused = _actions(session, "access.refused")
    assert len(refused) == 2 and all("own name change" in e.after_json for e in refused)
    colleague = _staff(session, "colleague@example.org")
    assert name_change_review.approve(session, colleague, _actor(colleague), request_id).ok


def test_a_request_needs_a_name_a_reason_and_the_educators_own_document(
    session: Session, world: World
) -> None:
    profile_id = world.profile.id or 0
    actor = _actor(world.educator)

    def refused(form: name_changes.NameChangeForm, document_id: int) -> dict[str, str]:
        result = name_changes.request_name_change(session, actor, profile_id, form, document_id)
        assert not result.ok
        return result.errors

    assert set(refused(name_changes.NameChangeForm(" ", "", "\u200b", ""), world.document_id)) == {
        "new_first_name",
        "new_last_name",
        "name_change_reason",
    }
    same = name_changes.NameChangeForm("Dana", "", "Whitfield", "No change")
    assert refused(same, world.document_id) == {"new_first_name": name_changes.SAME_NAME}
    assert refused(LEE, 0) == {"name_change_document": name_changes.DOCUMENT_REQUIRED}
    long_reason = name_changes.NameChangeForm("Dana", "", "Lee", "x" * 501)
    assert "name_change_reason" in refused(long_reason, world.document_id)
    # Someone else's document cannot be used.
    other, other_profile = license_world.register(session, "eve@example.org", "Eve", "Stone")
    theirs = _document(session, other, other_profile.id or 0)
    assert refused(LEE, theirs) == {"name_change_document": name_changes.DOCUMENT_REQUIRED}
    assert session.exec(select(NameChangeRequest)).all() == []
    # One request waits at a time.
    _request(session, world)
    document_id = _document(session, world.educator, profile_id)
    result = name_changes.request_name_change(session, actor, profile_id, LEE, document_id)
    assert (result.ok, result.message) == (False, name_changes.ALREADY_PENDING)


def test_previous_names_keep_the_newest_within_the_column() -> None:
    names = "; ".join(f"Name Number{i:03d}" for i in range(40))
    kept = name_change_review.with_previous_name(names, "Newest Name")
    assert len(kept) <= 500 and kept.endswith("; Newest Name")
    assert name_change_review.with_previous_name("", "Dana Whitfield") == "Dana Whitfield"
    assert name_change_review.with_previous_name("Dana Whitfield", "Dana Whitfield") == (
        "Dana Whitfield"
    )


# ------------------------------------------------------------------ the pages' handlers


def test_the_request_and_its_approval_through_the_pages_handlers(
    app_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from licensure_app.states.admin.name_changes import AdminNameChangesState

    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    with app_db.session_scope() as session:
        educator = register(session, "dana@example.org")
        staff = Account(email="staff@example.org", password_hash="x", role="state_staff")
        session.add(staff)
        session.flush()
        profile_id = principal_for(session, educator).profile_id or 0
        document = evidence.info(
            evidence.store_evidence(session, _actor(educator), profile_id, "cert.pdf", PDF)[0]
        )
        educator_token = accounts.open_session(session, educator.id or 0)
        staff_token = accounts.open_session(session, staff.id or 0, second_factor=True)

    tab = open_tab(educator_token, "/profile")
    run(tab, ProfileState, "load")
    run(tab, ProfileState, "open_request")
    profile_state = page_state(tab, ProfileState)
    assert profile_state.request_open
    form = {"new_first_name": "Dana", "new_last_name": "Lee", "name_change_reason": "Marriage"}
    run(tab, ProfileState, "send_request", form)  # no document yet
    assert profile_state.request_errors == {"name_change_document": name_changes.DOCUMENT_REQUIRED}
    profile_state.document = [document]  # what stage_document leaves after an upload
    run(tab, ProfileState, "send_request", form)
    assert not profile_state.request_open and profile_state.request_errors == {}
    assert profile_state.name_change.status == "pending"
    assert profile_state.profile.last_name == "Whitfield"

    # The educator cannot reach the staff panel's handlers with a crafted event.
    run(tab, AdminNameChangesState, "open_panel")
    assert page_state(tab, AdminNameChangesState).name_change_rows == []

    admin = open_tab(staff_token, "/admin")
    run(admin, AdminNameChangesState, "open_panel")
    panel = page_state(admin, AdminNameChangesState)
    [row] = panel.name_change_rows
    run(admin, AdminNameChangesState, "toggle_document", row.request_id)
    assert panel.viewing_request == row.request_id
    run(admin, AdminNameChangesState, "reject_name_change", {"request_id": str(row.request_id)})
    assert (panel.reason_error_request, panel.reason_error) == (
        row.request_id,
        name_change_review.REJECT_REASON_REQUIRED,
    )
    run(admin, AdminNameChangesState, "approve_name_change", {"request_id": str(row.request_id)})
    assert panel.name_change_message == "Approved. The legal name is now Dana Lee."
    assert panel.name_change_rows == [] and panel.reason_error == ""

    run(tab, ProfileState, "load")
    assert (profile_state.profile.first_name, profile_state.profile.last_name) == ("Dana", "Lee")
    assert profile_state.name_change.status == "approved"
