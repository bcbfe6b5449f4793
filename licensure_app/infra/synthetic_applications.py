"""Synthetic applications in bulk, for the reports benchmark (100,000 and more), on SQLite.

Each application belongs to a different licensed educator already in the database (the
newest licenses first; load them with infra.synthetic), is first submitted at a time spread
over the last `days` days, and is either decided (approved or, one in ten, rejected, 3 to 60
days later) or still waiting in one of the open statuses. Every application gets the
transitions a real one would have (submission, the district's decision, the state's), so
the reports read them the way they read the app's own.
"""

from __future__ import annotations

import random
import sqlite3
import time
from datetime import datetime, timedelta

from sqlalchemy.engine import make_url

from licensure_app.models._base import utcnow

APPLICATION_COLUMNS = (
    "id", "applicant_id", "app_type", "license_id", "license_key", "district_id", "status",
    "answers_json", "current_step", "created_at", "updated_at", "submitted_at", "decided_at",
    "first_submitted_at", "district_decided_at",
)  # fmt: skip
TRANSITION_COLUMNS = (
    "id", "application_id", "from_status", "to_status", "actor_id", "actor_role", "reason", "at",
)  # fmt: skip
STATE_TYPES = ("additional_endorsement", "upgrade", "administrator", "reactivation")
WAITING = ("submitted",) * 12 + ("returned",) * 2 + ("resubmitted",) + ("state_review",) * 5


def _text(moment: datetime) -> str:
    """As SQLAlchemy stores a UTC time on SQLite."""
    return moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _one(
    rng: random.Random, now: datetime, days: int, app_id: int, target: tuple
) -> tuple[tuple, list[tuple]]:
    """One application row and its transitions (without ids)."""
    license_id, holder_id, district_id = target
    renewal = rng.random() < 0.7
    app_type = "renewal" if renewal else rng.choice(STATE_TYPES)
    submitted = now - timedelta(seconds=rng.uniform(0, days * 86400))
    district_at = submitted + timedelta(days=rng.uniform(0.5, 25))
    decided = district_at + timedelta(days=0 if renewal else rng.uniform(1, 35))
    moves = [("draft", "submitted", "educator", submitted)]
    decided_at = district_decided = None
    if decided < now:
        status = "rejected" if rng.random() < 0.1 else "approved"
        decided_at = decided
        if not renewal:
            moves += [
                ("submitted", "district_approved", "district_approver", district_at),
                ("district_approved", "state_review", "system", district_at),
            ]
        district_decided = district_at
        role = "district_approver" if renewal else "state_staff"
        moves.append(("submitted" if renewal else "state_review", status, role, decided))
    else:
        status = "submitted" if renewal and district_at > now else rng.choice(WAITING)
        if status == "state_review" and renewal:
            status = "submitted"
        if status == "state_review":
            at = district_decided = min(district_at, now)
            moves += [
                ("submitted", "district_approved", "district_approver", at),
                ("district_approved", "state_review", "system", at),
            ]
        elif status in ("returned", "resubmitted"):
            moves.append(("submitted", "returned", "district_approver", min(district_at, now)))
            if status == "resubmitted":
                moves.append(("returned", "resubmitted", "educator", now))
    row = (
        app_id, holder_id, app_type, license_id, license_id, district_id, status, "{}", 3,
        _text(submitted), _text(decided_at or submitted), _text(submitted),
        _text(decided_at) if decided_at else None, _text(submitted),
        _text(district_decided) if district_decided else None,
    )  # fmt: skip
    return row, [(f, t, role, _text(at)) for f, t, role, at in moves]


def bulk_load_applications(url: str, count: int, days: int = 400, seed: int = 3) -> float:
    """Append `count` synthetic applications with their transitions; the seconds taken."""
    started = time.perf_counter()
    path = make_url(url).database
    if make_url(url).get_backend_name() != "sqlite" or not path:
        raise ValueError("The applications loader writes to a SQLite file")
    rng = random.Random(seed)
    now = utcnow()
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA cache_size=-524288")
        conn.execute("BEGIN IMMEDIATE")
        try:
            targets = conn.execute(
                "SELECT l.id, l.holder_id, p.employing_district_id FROM license l "
                "JOIN educator_profile p ON p.id = l.holder_id "
                "WHERE NOT EXISTS (SELECT 1 FROM application a WHERE a.applicant_id = p.id) "
                "ORDER BY l.id DESC LIMIT ?",
                (count,),
            ).fetchall()
            app_id = (conn.execute("SELECT MAX(id) FROM application").fetchone()[0] or 0) + 1
            move_id = conn.execute("SELECT MAX(id) FROM application_transition").fetchone()[0]
            move_id = (move_id or 0) + 1
            apps, moves = [], []
            for target in targets:
                row, its_moves = _one(rng, now, days, app_id, target)
                apps.append(row)
                for f, t, role, at in its_moves:
                    moves.append((move_id, app_id, f, t, None, role, "", at))
                    move_id += 1
                app_id += 1
            for table, cols, rows in (
                ("application", APPLICATION_COLUMNS, apps),
                ("application_transition", TRANSITION_COLUMNS, moves),
            ):
                marks = ", ".join("?" * len(cols))
                # Table and column names are the constants above, never input.
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",  # noqa: S608
                    rows,
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return time.perf_counter() - started
