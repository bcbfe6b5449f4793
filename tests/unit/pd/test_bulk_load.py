"""The state office's bulk PD load (services.pd.bulk_load): preview, load in chunks, and
loading the same file twice adds once."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from approval_world import TODAY, Educator, World, actor_of, add_educator, build_world, principal
from sqlmodel import Session, select

from licensure_app.models import EducatorProfile, License, PDActivity
from licensure_app.services.pd import bulk_load


@pytest.fixture(autouse=True)
def _uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


@pytest.fixture
def teacher(session: Session, world: World) -> Educator:
    return add_educator(session, "riley@example.org", world.magnolia_id, "500100")


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
