"""The bulk PD loads as the state office reads them (who, when, which file, what each did,
row by row) and rolling one back: the activities it added are removed and the ones it
corrected get their values back, audited, in the caller's transaction.

A rollback is refused when an activity the load added is counted in a submitted
application (the refusal names the applications), or when a later load changed the same
activities (that one is rolled back first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain import status
from licensure_app.domain.formatting import full_name
from licensure_app.infra import clock
from licensure_app.models import (
    Account,
    Application,
    EducatorProfile,
    EvidenceFile,
    PDActivity,
    PDLoad,
    PDLoadRow,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.applications.answers import Answers
from licensure_app.services.pd.bulk_load import snapshot

from .access import require_staff
from .results import AdminResult

LOADS_SHOWN = 20
ROWS_SHOWN = 200
NOT_FOUND = "That load was not found."
_STATUS_WORDS = {
    "loading": "Loading (or stopped)",
    "loaded": "Loaded",
    "rolled_back": "Rolled back",
}
_OUTCOME_WORDS = {"added": "Added", "updated": "Corrected", "skipped": "Already loaded"}
# Applications whose counted activities are on record: everything filed and not withdrawn.
_FILED = tuple(s for s in status.VISIBLE_TO_APPROVERS if s != status.WITHDRAWN)


@dataclass(frozen=True)
class LoadView:
    load_id: int
    started: str
    by: str
    file_name: str
    added: int
    updated: int
    skipped: int
    status: str
    can_roll_back: bool


@dataclass(frozen=True)
class LoadRowView:
    line: int
    educator: str
    title: str
    amount: str
    outcome: str


def load_views(session: Session, limit: int = LOADS_SHOWN) -> list[LoadView]:
    """The newest loads first."""
    rows = session.exec(
        select(PDLoad, Account.email)
        .join(Account, col(Account.id) == col(PDLoad.actor_id), isouter=True)
        .order_by(col(PDLoad.id).desc())
        .limit(limit)
    ).all()
    return [
        LoadView(
            load_id=load.id or 0,
            started=clock.show(load.started_at),
            by=email or "System",
            file_name=load.file_name,
            added=load.added,
            updated=load.updated,
            skipped=load.skipped,
            status=_STATUS_WORDS.get(load.status, load.status),
            can_roll_back=load.status != "rolled_back" and (load.added + load.updated) > 0,
        )
        for load, email in rows
    ]


def load_rows(session: Session, load_id: int, limit: int = ROWS_SHOWN) -> list[LoadRowView]:
    """A load's rows in file order (the first `limit`)."""
    rows = session.exec(
        select(PDLoadRow)
        .where(PDLoadRow.load_id == load_id)
        .order_by(col(PDLoadRow.line), col(PDLoadRow.id))
        .limit(limit)
    ).all()
    return [
        LoadRowView(
            line=r.line,
            educator=r.educator,
            title=r.title,
            amount=r.amount,
            outcome=_OUTCOME_WORDS.get(r.outcome, r.outcome),
        )
        for r in rows
    ]


# ---------------------------------------------------------------- rolling back


def _changed_rows(session: Session, load_id: int) -> list[PDLoadRow]:
    return list(
        session.exec(
            select(PDLoadRow)
            .where(PDLoadRow.load_id == load_id, col(PDLoadRow.outcome).in_(("added", "updated")))
            .order_by(col(PDLoadRow.id))
        ).all()
    )


def _counted_in(session: Session, activities: list[PDActivity]) -> list[str]:
    """ "application 12 (renewal of Riley Tester)" for each filed application counting one
    of the activities."""
    ids = {a.id for a in activities}
    holders = {a.holder_id for a in activities}
    if not ids:
        return []
    found = []
    for application, profile in session.exec(
        select(Application, EducatorProfile)
        .join(EducatorProfile, col(EducatorProfile.id) == col(Application.applicant_id))
        .where(col(Application.applicant_id).in_(holders), col(Application.status).in_(_FILED))
        .order_by(col(Application.id))
    ).all():
        counted = {
            item.get("activity_id") for item in Answers.of(application).renewal_snapshot or []
        }
        if counted & ids:
            name = full_name(profile.first_name, profile.middle_name, profile.last_name)
            found.append(f"application {application.id} ({name})")
    return found


def _later_load(session: Session, load_id: int, activity_ids: set[int]) -> PDLoad | None:
    """A later load, not rolled back, that added or corrected one of these activities."""
    if not activity_ids:
        return None
    return session.exec(
        select(PDLoad)
        .join(PDLoadRow, col(PDLoadRow.load_id) == col(PDLoad.id))
        .where(
            col(PDLoad.id) > load_id,
            PDLoad.status != "rolled_back",
            col(PDLoadRow.activity_id).in_(activity_ids),
            col(PDLoadRow.outcome).in_(("added", "updated")),
        )
        .order_by(col(PDLoad.id).desc())
        .limit(1)
    ).first()


def _restore(session: Session, actor: audit.Actor, row: PDLoadRow, load_id: int) -> bool:
    activity = session.get(PDActivity, row.activity_id)
    if activity is None:
        return False
    before = snapshot(activity)
    values = json.loads(row.before_json or "{}")
    for name in ("holder_id", "title", "provider", "kind", "amount", "load_key", "record_key"):
        if name in values:
            setattr(activity, name, values[name])
    if "completed_on" in values:
        activity.completed_on = date.fromisoformat(values["completed_on"])
    session.add(activity)
    changed_before, changed_after = audit.changes(before, snapshot(activity))
    audit.record(
        session,
        actor,
        "pd_activity.restored",
        "pd_activity",
        activity.id,
        before=changed_before,
        after={**changed_after, "load_id": load_id},
    )
    return True


def _remove(session: Session, activity: PDActivity) -> None:
    for file in session.exec(select(EvidenceFile).where(EvidenceFile.activity_id == activity.id)):
        file.activity_id = None  # the file stays; it is only detached
        session.add(file)
    session.delete(activity)


def _refusal(session: Session, load: PDLoad, rows: list[PDLoadRow]) -> str:
    """Why the load cannot be rolled back ("" when it can)."""
    if load.status == "rolled_back":
        return "That load was already rolled back."
    added_ids = [r.activity_id for r in rows if r.outcome == "added"]
    added = list(session.exec(select(PDActivity).where(col(PDActivity.id).in_(added_ids))).all())
    counted = _counted_in(session, added)
    if counted:
        return (
            "Not rolled back: activities this load added are counted in "
            + ", ".join(counted)
            + ". Void those activities instead, or decide those applications first."
        )
    later = _later_load(session, load.id or 0, {r.activity_id for r in rows})
    if later is not None:
        return (
            f"Not rolled back: load {later.id} ({later.file_name}) changed some of the same "
            "activities later. Roll that load back first."
        )
    return ""


def _undo(
    session: Session, actor: audit.Actor, load: PDLoad, rows: list[PDLoadRow]
) -> tuple[list[int], list[dict[str, object]]]:
    """Restore the corrected activities (newest change first), remove the added ones."""
    restored = [
        r.activity_id
        for r in reversed(rows)
        if r.outcome == "updated" and _restore(session, actor, r, load.id or 0)
    ]
    removed = []
    for row in rows:
        activity = session.get(PDActivity, row.activity_id) if row.outcome == "added" else None
        if activity is not None:
            removed.append({"activity_id": activity.id, **snapshot(activity)})
            _remove(session, activity)
    session.flush()
    return restored, removed


def _activities(n: int) -> str:
    return f"{n} activity" if n == 1 else f"{n} activities"


def rollback_load(session: Session, actor: audit.Actor, load_id: int) -> AdminResult:
    """Undo a load in the caller's transaction: one audit event for the load, one for each
    activity restored."""
    require_staff(actor)
    load = session.get(PDLoad, load_id)
    if load is None:
        return AdminResult(False, NOT_FOUND)
    rows = _changed_rows(session, load_id)
    problem = _refusal(session, load, rows)
    if problem:
        return AdminResult(False, problem)
    try:
        with session.begin_nested():
            restored, removed = _undo(session, actor, load, rows)
    except IntegrityError:
        return AdminResult(
            False, "Not rolled back: an activity's earlier values are now another activity's."
        )
    load.status = "rolled_back"
    load.rolled_back_at, load.rolled_back_by_id = utcnow(), actor.account_id
    session.add(load)
    audit.record(
        session,
        actor,
        "pd_load.rolled_back",
        "pd_load",
        load_id,
        before={"removed": removed},
        after={"restored_activity_ids": restored, "removed": len(removed)},
    )
    return AdminResult(
        True,
        f"Load {load_id} ({load.file_name}) rolled back: "
        f"{_activities(len(removed))} removed, {len(restored)} restored.",
    )
