"""Designees, the bulk PD load, the administration tools and the expiry reminders
(services only)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from approval_world import (
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    build_world,
    principal,
    submit_renewal,
)
from sqlmodel import Session, col, func, select

from licensure_app import cli
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    Account,
    AuditEvent,
    District,
    DistrictDesignee,
    ExpiryReminder,
    License,
    Notification,
    PDActivity,
    RenewalOption,
    RenewalOptionPart,
    RuleSetting,
)
from licensure_app.services import approvals, audit, state_office
from licensure_app.services.licensing import reminders
from licensure_app.services.pd import bulk_load
from licensure_app.services.rules import load_rules
from licensure_app.services.state_office import designees


@pytest.fixture(autouse=True)
def _uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def teacher(session: Session, world: World) -> Educator:
    return add_educator(session, "riley@example.org", world.magnolia_id, "500100")


def _actions(session: Session, prefix: str) -> list[AuditEvent]:
    return list(
        session.exec(select(AuditEvent).where(col(AuditEvent.action).startswith(prefix))).all()
    )


# ---------------------------------------------------------------- designees


def test_superintendent_grants_and_revokes_a_designee(
    session: Session, world: World, teacher: Educator
) -> None:
    app_id = submit_renewal(session, teacher)
    colleague = add_educator(
        session, "vp@example.org", world.magnolia_id, "500900", expires_in_days=900, ceus=0
    )
    superintendent = principal(session, world.magnolia_super)
    before = principal(session, colleague.account)
    assert approvals.detail(session, before, app_id) is None

    granted = designees.grant(session, superintendent, actor_of(superintendent), " VP@example.org ")
    session.commit()
    assert granted.ok, granted.message
    (view,) = designees.designees_for(session, superintendent)
    assert view.email == "vp@example.org"
    designee = principal(session, colleague.account)
    assert ROLE_DISTRICT_APPROVER in designee.roles
    assert designee.approver_district_ids == {world.magnolia_id}
    assert approvals.detail(session, designee, app_id) is not None
    again = designees.grant(session, superintendent, actor_of(superintendent), "vp@example.org")
    assert not again.ok and "already" in again.message

    revoked = designees.revoke(session, superintendent, actor_of(superintendent), view.designee_id)
    session.commit()
    assert revoked.ok
    assert approvals.detail(session, principal(session, colleague.account), app_id) is None
    assert designees.designees_for(session, superintendent) == []
    # The history stays.
    assert session.exec(select(DistrictDesignee)).one().revoked_at is not None
    assert [e.action for e in _actions(session, "designee.")] == [
        "designee.granted",
        "designee.revoked",
    ]
    assert session.exec(
        select(Notification).where(Notification.recipient_id == colleague.account.id)
    ).first()


def test_only_the_districts_superintendent_manages_designees(
    session: Session, world: World, teacher: Educator
) -> None:
    outsider = add_educator(
        session, "far@example.org", world.pine_id, "500901", expires_in_days=900, ceus=0
    )
    magnolia = principal(session, world.magnolia_super)
    pine = principal(session, world.pine_super)
    state = principal(session, world.state)
    # An educator of another district cannot be designated.
    assert not designees.grant(session, magnolia, actor_of(magnolia), "far@example.org").ok
    assert not designees.grant(session, magnolia, actor_of(magnolia), "nobody@example.org").ok
    # Only superintendents grant: not state staff, not teachers.
    assert designees.grant(session, state, actor_of(state), "riley@example.org").message == (
        designees.NOT_SUPERINTENDENT
    )
    assert designees.grant(session, magnolia, actor_of(magnolia), "riley@example.org").ok
    session.commit()
    (view,) = designees.designees_for(session, magnolia)
    # Pine Valley's superintendent cannot revoke Magnolia's designee.
    refused = designees.revoke(session, pine, actor_of(pine), view.designee_id)
    session.commit()
    assert not refused.ok
    assert designees.designees_for(session, magnolia)
    assert _actions(session, "access.refused")
    assert outsider.account.id not in approvals_ids(session, world.magnolia_id)


def approvals_ids(session: Session, district_id: int) -> list[int]:
    from licensure_app.services.applications import approver_account_ids

    return approver_account_ids(session, district_id)


# ---------------------------------------------------------------- bulk PD load


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Educator ID", "License number", "Title", "Provider", "Kind", "Amount", "Date"]
    )
    writer.writerows(rows)
    return out.getvalue()


def test_bulk_load_twice_adds_once_and_reports_bad_rows(
    session: Session, world: World, teacher: Educator
) -> None:
    educator_number = session.exec(
        select(License.holder_id).where(License.id == teacher.license_id)
    ).one()
    from licensure_app.models import EducatorProfile

    number = session.get(EducatorProfile, educator_number).educator_number  # type: ignore[union-attr]
    day = (TODAY - timedelta(days=10)).isoformat()
    text = _csv(
        [
            [number, "", "School Law Update", "MDE eLearning", "CEU", "1.5", day],
            ["", "500100", "Leadership Academy", "SEMI", "SEMI credits", "12", day],
            ["", "999999", "Unknown person", "MDE", "CEU", "1", day],
            [number, "", "Too short", "MDE", "CEU", "0.2", day],
            [number, "", "Future", "MDE", "CEU", "1", (TODAY + timedelta(days=3)).isoformat()],
            # The same activity again, spelt differently: one activity.
            [number, "", "school law  update", "mde elearning", "ceu", "1.50", day],
        ]
    )
    preview = bulk_load.preview(session, text, TODAY)
    assert (preview.total, preview.new, preview.already_loaded) == (6, 2, 1)
    assert [e["line"] for e in preview.errors] == ["4", "5", "6"]
    assert "no license has the number 999999" in preview.errors[0]["message"]
    assert "under 0.5 CEU" in preview.errors[1]["message"]
    assert "future" in preview.errors[2]["message"]

    state = principal(session, world.state)
    actor = actor_of(state)
    progress: list[tuple[int, int]] = []
    first = bulk_load.load_all(session, actor, text, TODAY, lambda d, t: progress.append((d, t)))
    session.commit()
    assert (first.added, first.skipped, len(first.errors)) == (2, 1, 3)
    assert progress == [(3, 3)]
    second = bulk_load.load_all(session, actor, text, TODAY)
    session.commit()
    assert (second.added, second.skipped) == (0, 3)
    loaded = session.exec(
        select(PDActivity).where(
            PDActivity.holder_id == teacher.profile_id, PDActivity.source != "self"
        )
    ).all()
    assert sorted((a.source, a.kind, a.amount) for a in loaded) == [
        ("state_elearning", "ceu", 1.5),
        ("state_semi", "semi_credits", 12.0),
    ]
    assert all(a.load_key and len(a.load_key) == 64 for a in loaded)
    assert bulk_load.preview(session, text, TODAY).new == 0


def test_bulk_load_file_errors(session: Session, world: World) -> None:
    assert (
        "lacks these columns" in bulk_load.preview(session, "Title,Amount\nx,1\n", TODAY).file_error
    )
    assert bulk_load.preview(session, "", TODAY).file_error == "The file is empty."
    assert bulk_load.decode(b"\xef\xbb\xbfTitle\n") == "Title\n"


def test_bulk_load_in_chunks(session: Session, world: World, teacher: Educator) -> None:
    rows = [
        ["", "500100", f"Module {i}", "MDE eLearning", "CEU", "0.5", TODAY.isoformat()]
        for i in range(1200)
    ]
    progress: list[tuple[int, int]] = []
    result = bulk_load.load_all(
        session,
        actor_of(principal(session, world.state)),
        _csv(rows),
        TODAY,
        lambda d, t: progress.append((d, t)),
    )
    session.commit()
    assert result.added == 1200
    assert progress == [(500, 1200), (1000, 1200), (1200, 1200)]


# ---------------------------------------------------------------- administration


def test_districts_and_superintendents(session: Session, world: World) -> None:
    actor = actor_of(principal(session, world.state))
    bad = state_office.save_district(session, actor, 0, "12", "")
    assert set(bad.errors) == {"code", "name"}
    assert state_office.save_district(session, actor, 0, "0300", "Cedar Grove School District").ok
    assert not state_office.save_district(session, actor, 0, "0300", "Duplicate").ok
    session.commit()
    cedar = session.exec(select(District).where(District.code == "0300")).one()
    result = state_office.set_superintendent(
        session, actor, cedar.id or 0, "Chief@Cedar.test", "Ana Ruiz"
    )
    session.commit()
    assert result.ok and "set a password" in result.message
    chief = session.exec(select(Account).where(Account.email == "chief@cedar.test")).one()
    assert (chief.role, chief.district_id) == (ROLE_DISTRICT_APPROVER, cedar.id)
    assert principal(session, chief).superintendent_of == cedar.id
    # Teachers cannot be made superintendents; neither can another district's one.
    assert not state_office.set_superintendent(
        session, actor, cedar.id or 0, "super@pine.test", ""
    ).ok
    views = {v.code: v for v in state_office.district_views(session)}
    assert views["0300"].superintendent == "Ana Ruiz"
    assert not state_office.delete_district(session, actor, world.magnolia_id).ok
    session.commit()
    assert session.get(District, world.magnolia_id) is not None
    assert [e.action for e in _actions(session, "district.")] == [
        "district.created",
        "district.superintendent_set",
    ]
    with pytest.raises(PermissionError):
        state_office.save_district(
            session, actor_of(principal(session, world.magnolia_super)), 0, "0400", "X"
        )


def test_rules_are_validated_previewed_and_audited(
    session: Session, world: World, teacher: Educator
) -> None:
    actor = actor_of(principal(session, world.state))
    add_educator(session, "ann@example.org", world.magnolia_id, "500600", license_class="A")
    preview = state_office.preview_setting(session, "renewal_window_days", "200")
    assert preview.ok and preview.affected == 2 and "affects 2 educators" in preview.message
    assert not state_office.preview_setting(session, "renewal_window_days", "12.5").ok
    assert not state_office.preview_setting(session, "standard_validity_years", "0").ok
    assert not state_office.update_setting(session, actor, "upgrade_window_min_days", "90").ok
    assert state_office.update_setting(session, actor, "renewal_window_days", "200").ok
    session.commit()
    assert load_rules(session).setting("renewal_window_days") == 200
    (changed,) = _actions(session, "rules.setting_changed")
    assert json.loads(changed.before_json) == {"value": 365.0}

    aa_first = session.exec(
        select(RenewalOption).where(RenewalOption.category == "AA", RenewalOption.position == 1)
    ).one()
    assert state_office.preview_option_change(session, aa_first.id or 0).affected == 1
    part = session.exec(
        select(RenewalOptionPart).where(RenewalOptionPart.option_id == aa_first.id)
    ).one()
    assert not state_office.update_option_part(session, actor, part.id or 0, "-1").ok
    assert state_office.update_option_part(session, actor, part.id or 0, "6").ok
    session.commit()
    assert load_rules(session).options_for("AA")[0].parts[0].amount == 6
    added = state_office.add_option(session, actor, "AA", [("ceu", "2"), ("semester_hours", "1.5")])
    assert added.ok
    assert not state_office.add_option(session, actor, "AA", [("ceu", "2"), ("ceu", "1")]).ok
    assert not state_office.add_option(session, actor, "AA", [("national_board", "2")]).ok
    session.commit()
    assert len(load_rules(session).options_for("AA")) == 4
    # Withdrawing every option of a class is refused at the last one.
    aa_ids = [o.option_id for o in state_office.option_views(session) if o.category == "AA"]
    results = [state_office.set_option_active(session, actor, i, False).ok for i in aa_ids]
    assert results == [True, True, True, False]
    session.commit()
    assert len(load_rules(session).options_for("AA")) == 1
    assert {e.action for e in _actions(session, "rules.")} == {
        "rules.setting_changed",
        "rules.option_changed",
        "rules.option_added",
        "rules.option_withdrawn",
    }


def test_audit_log_filters(session: Session, world: World, teacher: Educator) -> None:
    app_id = submit_renewal(session, teacher)
    magnolia = principal(session, world.magnolia_super)
    approvals.approve_application(session, magnolia, actor_of(magnolia), app_id, True, TODAY)
    session.commit()
    by_actor = state_office.audit_log(session, state_office.AuditFilters(actor="super@magnolia"))
    assert by_actor and {r.actor for r in by_actor} == {"super@magnolia.test"}
    by_entity = state_office.audit_log(
        session, state_office.AuditFilters(entity_type="license", entity_id=str(teacher.license_id))
    )
    assert [r.action for r in by_entity] == ["license.renewed"]
    assert state_office.audit_log(session, state_office.AuditFilters(action="application.approved"))
    tomorrow = TODAY + timedelta(days=1)
    assert state_office.audit_log(session, state_office.AuditFilters(date_from=tomorrow)) == []
    assert state_office.audit_log(session, state_office.AuditFilters(date_to=TODAY))


def test_expiring_report_per_district_and_csv(
    session: Session, world: World, teacher: Educator
) -> None:
    # The teacher's license expires in 100 days: outside the report.
    add_educator(session, "soon@example.org", world.magnolia_id, "500650", expires_in_days=60)
    add_educator(session, "far@example.org", world.pine_id, "500700", expires_in_days=30)
    add_educator(session, "later@example.org", world.pine_id, "500800", expires_in_days=200)
    report = state_office.expiring(session, TODAY)
    assert report.total == 2
    assert report.per_district == [
        {"district": "Magnolia County School District", "count": "1"},
        {"district": "Pine Valley School District", "count": "1"},
    ]
    lines = state_office.expiring_csv(report).splitlines()
    assert lines[0].startswith("District,License number")
    assert any("500700" in line for line in lines) and not any("500800" in line for line in lines)
    found = state_office.find_educator(session, "500100")
    assert found is not None and found.district == "Magnolia County School District"
    assert state_office.find_educator(session, found.educator_number) == found
    assert state_office.find_educator(session, "nope") is None


# ---------------------------------------------------------------- reminders


def test_reminders_are_sent_once_each(session: Session, world: World) -> None:
    far = add_educator(session, "far@example.org", world.magnolia_id, "501000", expires_in_days=365)
    near = add_educator(
        session, "near@example.org", world.magnolia_id, "501100", expires_in_days=100
    )
    add_educator(session, "later@example.org", world.magnolia_id, "501200", expires_in_days=400)

    first = reminders.send_reminders(session, TODAY)
    session.commit()
    assert (first.sent, first.already_sent) == (2, 0)
    # Only the nearest threshold: 180 for the license 100 days out, not 365 too.
    sent = session.exec(select(ExpiryReminder.license_id, ExpiryReminder.days_before)).all()
    assert sorted(sent) == sorted([(far.license_id, 365), (near.license_id, 180)])
    again = reminders.send_reminders(session, TODAY)
    session.commit()
    assert (again.sent, again.already_sent) == (0, 2)
    note = session.exec(
        select(Notification).where(Notification.recipient_id == near.account.id)
    ).all()
    assert len(note) == 1 and "in 100 days" in note[0].text

    # Ten days later the near license is inside 90 days: the 90-day reminder, once.
    later = reminders.send_reminders(session, TODAY + timedelta(days=10))
    session.commit()
    assert later.sent == 1
    assert reminders.send_reminders(session, TODAY + timedelta(days=11)).sent == 0
    session.commit()
    # A renewal moves the expiry: the new period gets its own reminders in time.
    lic = session.get(License, near.license_id)
    assert lic is not None
    lic.expires_on = lic.expires_on + timedelta(days=5 * 365)
    session.add(lic)
    session.commit()
    assert reminders.send_reminders(session, lic.expires_on - timedelta(days=29)).sent >= 1
    session.commit()
    total = session.exec(select(func.count()).select_from(ExpiryReminder)).one()
    assert (
        total
        == session.exec(
            select(func.count()).select_from(ExpiryReminder).where(ExpiryReminder.days_before > 0)
        ).one()
    )
    assert reminders.threshold_for(366) is None and reminders.threshold_for(0) is None
    assert reminders.threshold_for(30) == 30


def test_remind_command(
    db_url: str, session: Session, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    add_educator(session, "near@example.org", world.magnolia_id, "501100", expires_in_days=20)
    assert cli.main(["remind", "--db-url", db_url]) == 0
    assert "1 sent" in capsys.readouterr().out
    assert cli.main(["remind", "--db-url", db_url]) == 0
    assert "0 sent, 1 already sent" in capsys.readouterr().out
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "reminders.sent")).one()


def test_settings_added_by_the_migration(session: Session) -> None:
    keys = set(session.exec(select(RuleSetting.key)).all())
    assert {"extension_years", "provisional_validity_years"} <= keys
    assert audit.verify_chain(session)[0]
