"""The state office's bulk PD load (services.pd.bulk_load): preview, load in chunks, and
loading the same file twice adds once."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from approval_world import (  # noqa: F401  (fixtures)
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    build_world,
    principal,
    teacher,
    uploads_in_tmp,
    world,
)
from sqlmodel import Session, select

from licensure_app.models import (
    AuditEvent,
    EducatorProfile,
    License,
    PDActivity,
    PDLoad,
    PDLoadRow,
)
from licensure_app.services.pd import bulk_load


@pytest.fixture(autouse=True)
def _uploads(uploads_in_tmp: None) -> None:
    """Every test here writes evidence to its own temporary folder."""


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


def _keyed_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Record ID", "License number", "Title", "Provider", "Kind", "Amount", "Date"])
    writer.writerows(rows)
    return out.getvalue()


def test_a_corrected_row_updates_its_activity_instead_of_adding_a_second_one(
    session: Session, world: World, teacher: Educator
) -> None:
    """Regression (issue 13 #14): the corrected row of a provider's record was a second
    activity, so the educator was credited twice."""
    day = (TODAY - timedelta(days=10)).isoformat()
    actor = actor_of(principal(session, world.state))
    first = _keyed_csv(
        [["EL-1001", "500100", "School Law Update", "MDE eLearning", "CEU", "1.5", day]]
    )
    bulk_load.load_all(session, actor, first, TODAY)
    session.commit()
    corrected = _keyed_csv(
        [["EL-1001", "500100", "School Law Update 2026", "MDE eLearning", "CEU", "2", day]]
    )
    assert bulk_load.preview(session, corrected, TODAY).new == 0
    bulk_load.load_all(session, actor, corrected, TODAY)
    session.commit()
    loaded = session.exec(
        select(PDActivity).where(
            PDActivity.holder_id == teacher.profile_id, PDActivity.source != "self"
        )
    ).all()
    assert [(a.title, a.amount) for a in loaded] == [("School Law Update 2026", 2.0)]


def test_a_correction_is_audited_with_its_values_before_and_after(
    session: Session, world: World, teacher: Educator
) -> None:
    day = (TODAY - timedelta(days=10)).isoformat()
    actor = actor_of(principal(session, world.state))
    row = ["EL-7", "500100", "Data literacy", "MDE eLearning", "CEU", "1.5", day]
    bulk_load.load_all(session, actor, _keyed_csv([row]), TODAY, file_name="first.csv")
    corrected = _keyed_csv([[*row[:5], "2.5", row[6]]])
    shown = bulk_load.preview(session, corrected, TODAY)
    assert (shown.new, shown.corrections, shown.already_loaded) == (0, 1, 0)
    assert shown.rows[0]["status"] == "Correction"
    result = bulk_load.load_all(session, actor, corrected, TODAY, file_name="fixed.csv")
    session.commit()
    assert (result.added, result.updated, result.skipped) == (0, 1, 0)
    [event] = session.exec(
        select(AuditEvent).where(AuditEvent.action == "pd_activity.corrected")
    ).all()
    assert json.loads(event.before_json) == {
        "amount": 1.5,
        "load_key": bulk_load.load_key(
            teacher.profile_id,
            "ceu",
            "Data literacy",
            "MDE eLearning",
            1.5,
            TODAY - timedelta(days=10),
        ),
    }
    assert json.loads(event.after_json)["amount"] == 2.5
    # The same corrected file again changes nothing.
    again = bulk_load.load_all(session, actor, corrected, TODAY)
    assert (again.added, again.updated, again.skipped) == (0, 0, 1)


def test_each_load_is_recorded_with_its_rows(
    session: Session, world: World, teacher: Educator
) -> None:
    day = (TODAY - timedelta(days=3)).isoformat()
    actor = actor_of(principal(session, world.state))
    text = _keyed_csv(
        [
            ["S-1", "500100", "Leading change", "SEMI", "SEMI credits", "6", day],
            ["", "500100", "School law", "MDE eLearning", "CEU", "1", day],
        ]
    )
    first = bulk_load.load_all(session, actor, text, TODAY, file_name="semi.csv")
    second = bulk_load.load_all(session, actor, text, TODAY, file_name="semi.csv")
    session.commit()
    loads = session.exec(select(PDLoad).order_by(PDLoad.id)).all()
    assert [(ld.id, ld.file_name, ld.added, ld.updated, ld.skipped, ld.status) for ld in loads] == [
        (first.load_id, "semi.csv", 2, 0, 0, "loaded"),
        (second.load_id, "semi.csv", 0, 0, 2, "loaded"),
    ]
    rows = session.exec(select(PDLoadRow).where(PDLoadRow.load_id == first.load_id)).all()
    assert sorted((r.line, r.outcome, r.title) for r in rows) == [
        (2, "added", "Leading change"),
        (3, "added", "School law"),
    ]
    keyed = session.exec(select(PDActivity).where(PDActivity.record_key == "S-1")).one()
    assert keyed.source == "state_semi"


def test_a_row_loaded_before_without_its_record_id_takes_it_instead_of_doubling(
    session: Session, world: World, teacher: Educator
) -> None:
    day = (TODAY - timedelta(days=3)).isoformat()
    actor = actor_of(principal(session, world.state))
    unkeyed = _csv([["", "500100", "School law", "MDE eLearning", "CEU", "1", day]])
    bulk_load.load_all(session, actor, unkeyed, TODAY)
    keyed = _keyed_csv([["EL-9", "500100", "School law", "MDE eLearning", "CEU", "1", day]])
    bulk_load.load_all(session, actor, keyed, TODAY)
    corrected = _keyed_csv([["EL-9", "500100", "School law", "MDE eLearning", "CEU", "2", day]])
    bulk_load.load_all(session, actor, corrected, TODAY)
    session.commit()
    loaded = session.exec(select(PDActivity).where(PDActivity.source == "state_elearning")).all()
    assert [(a.record_key, a.amount) for a in loaded] == [("EL-9", 2.0)]


def test_a_record_id_longer_than_64_characters_is_an_error(
    session: Session, world: World, teacher: Educator
) -> None:
    day = (TODAY - timedelta(days=3)).isoformat()
    text = _keyed_csv([["K" * 65, "500100", "School law", "MDE", "CEU", "1", day]])
    assert "record ID is longer" in bulk_load.preview(session, text, TODAY).errors[0]["message"]
