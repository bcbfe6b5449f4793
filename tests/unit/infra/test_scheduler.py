"""Daily jobs run once a day across processes, at the state's local time, and catch up."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.infra import scheduler
from licensure_app.models import ScheduledRun

# 06:00 in Chicago on 1 December is 12:00 UTC (CST, UTC-6).
BEFORE = datetime(2026, 12, 1, 11, 59, tzinfo=UTC)
AFTER = datetime(2026, 12, 1, 12, 1, tzinfo=UTC)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[date]]:
    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    monkeypatch.setattr(scheduler, "_JOBS", {})
    seen: list[date] = []

    def job(_session: Session, day: date) -> str:
        seen.append(day)
        return f"ran for {day}"

    scheduler.every_day("test-job", time(6, 0), job)
    yield seen


def _runs(db_url: str) -> list[ScheduledRun]:
    with Session(make_engine(db_url)) as session:
        return list(session.exec(select(ScheduledRun)).all())


def test_a_job_runs_at_its_local_time_once_a_day(db_url: str, calls: list[date]) -> None:
    assert scheduler.run_due(db_url, BEFORE) == []
    assert scheduler.run_due(db_url, AFTER) == ["test-job"]
    assert scheduler.run_due(db_url, AFTER + timedelta(hours=3)) == []
    assert calls == [date(2026, 12, 1)]
    [run] = _runs(db_url)
    assert run.summary == "ran for 2026-12-01"
    assert run.finished_at is not None


def test_the_state_day_is_used_late_in_the_evening(db_url: str, calls: list[date]) -> None:
    # 23:30 in Chicago on 1 December is already 2 December in UTC.
    late = datetime(2026, 12, 2, 5, 30, tzinfo=UTC)
    scheduler.run_due(db_url, late)
    assert calls == [date(2026, 12, 1)]


def test_a_server_down_at_the_time_runs_the_job_when_it_is_back(
    db_url: str, calls: list[date]
) -> None:
    assert scheduler.run_due(db_url, datetime(2026, 12, 1, 21, 0, tzinfo=UTC)) == ["test-job"]
    assert calls == [date(2026, 12, 1)]


def test_two_processes_run_a_job_once(db_url: str, calls: list[date]) -> None:
    start = threading.Barrier(2)
    ran: list[list[str]] = []

    def process() -> None:
        start.wait()
        ran.append(scheduler.run_due(db_url, AFTER))

    threads = [threading.Thread(target=process) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(len, ran)) == [0, 1]
    assert calls == [date(2026, 12, 1)]


def test_a_run_whose_process_died_is_taken_over_later(db_url: str, calls: list[date]) -> None:
    with Session(make_engine(db_url)) as session:
        session.add(ScheduledRun(job="test-job", day=date(2026, 12, 1), started_at=AFTER))
        session.commit()
    assert scheduler.run_due(db_url, AFTER + timedelta(minutes=10)) == []
    later = AFTER + scheduler.STALE_AFTER + timedelta(minutes=1)
    assert scheduler.run_due(db_url, later) == ["test-job"]
    assert calls == [date(2026, 12, 1)]


def test_a_failing_job_is_not_marked_done(
    db_url: str, monkeypatch: pytest.MonkeyPatch, calls: list[date]
) -> None:
    def broken(_session: Session, _day: date) -> str:
        raise RuntimeError("boom")

    scheduler.every_day("test-job", time(6, 0), broken)
    assert scheduler.run_due(db_url, AFTER) == []
    [run] = _runs(db_url)
    assert run.finished_at is None
