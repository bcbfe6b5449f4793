"""Daily jobs inside the app: each runs once a day across all processes, catching up.

The app module registers the jobs (`every_day`) and runs `run_forever` in every process.
Once a minute each process looks for jobs whose time of day (in the state's time zone) has
come and that have no run today; it takes a job by inserting today's `scheduled_run` row,
which a unique key lets only one process do. A server that was down at a job's time runs
it when it comes back the same day; a job whose process died mid-run is taken again after
`STALE_AFTER`. Jobs themselves must be idempotent (the expiry reminders are): a day that
was missed entirely is caught up by the next day's run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from licensure_app.db import get_engine
from licensure_app.models import ScheduledRun
from licensure_app.models._base import utcnow

from . import clock

log = logging.getLogger("licensure.scheduler")

CHECK_SECONDS = 60.0
STALE_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class DailyJob:
    name: str
    at: time  # the state's local time of day
    # Runs the job for the state's calendar day in its own transaction; returns a summary.
    run: Callable[[Session, date], str]


_JOBS: dict[str, DailyJob] = {}


def every_day(name: str, at: time, run: Callable[[Session, date], str]) -> None:
    _JOBS[name] = DailyJob(name, at, run)


def jobs() -> list[DailyJob]:
    return list(_JOBS.values())


def _take(session: Session, job: DailyJob, day: date, now: datetime) -> ScheduledRun | None:
    """Today's run of `job` for this process, or None if another process has it."""
    existing = session.exec(
        select(ScheduledRun).where(ScheduledRun.job == job.name, ScheduledRun.day == day)
    ).first()
    if existing is None:
        run = ScheduledRun(job=job.name, day=day, started_at=now)
        session.add(run)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
        return run
    if existing.finished_at is not None or now - clock.aware(existing.started_at) < STALE_AFTER:
        return None
    # Its process died mid-run: take it over, unless another process just did.
    moved = session.exec(
        update(ScheduledRun)
        .where(and_(ScheduledRun.id == existing.id, ScheduledRun.started_at == existing.started_at))
        .values(started_at=now)
    )
    session.commit()
    return existing if moved.rowcount == 1 else None


def run_due(url: str | None = None, now: datetime | None = None) -> list[str]:
    """Run every job whose time has come today and that no process has run; their names."""
    moment = now or utcnow()
    local = clock.local(moment)
    ran = []
    for job in jobs():
        if local.time() < job.at:
            continue
        with Session(get_engine(url), expire_on_commit=False) as session:
            taken = _take(session, job, local.date(), moment)
            if taken is None:
                continue
            try:
                summary = job.run(session, local.date())
                session.commit()
            except Exception:
                session.rollback()
                log.exception("daily job %s failed; it is retried after %s", job.name, STALE_AFTER)
                continue
            taken.finished_at = utcnow()
            taken.summary = summary[:500]
            session.add(taken)
            session.commit()
            log.info("daily job %s for %s: %s", job.name, local.date(), summary)
            ran.append(job.name)
    return ran


async def run_forever() -> None:
    """A lifespan task: run the daily jobs when they are due."""
    while True:
        try:
            await asyncio.to_thread(run_due)
        except Exception:  # a database hiccup must not stop the jobs for good
            log.exception("daily jobs check failed")
        await asyncio.sleep(CHECK_SECONDS)
