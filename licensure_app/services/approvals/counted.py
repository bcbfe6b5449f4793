"""The renewal's evidence as the approver sees it: the activities counted at submission
(frozen in the applicant's answers), their verification now (who accepted it or did not,
and when), and their evidence files; and whether those still counting meet the option."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_date
from licensure_app.domain.rules import RenewalOptionRule, Rules
from licensure_app.models import License, PDActivity
from licensure_app.services.pd import KIND_LABELS, amount_text, evidence
from licensure_app.services.pd.verification import verification_sentence, verifier_names

from ..applications.answers import Answers

DELETED = "Deleted by the applicant since"
NOT_REVIEWED = "Not yet reviewed"


@dataclass(frozen=True)
class FileRow:
    """An evidence file the approver may open (`href`) or view in the page."""

    evidence_id: str
    name: str
    size: str
    kind: str  # "pdf" or "image"
    href: str
    label: str = ""


@dataclass(frozen=True)
class CountedRow:
    """An activity counted toward the renewal at submission."""

    activity_id: int
    title: str
    provider: str
    kind: str
    amount: str
    completed_on: str
    verification: str  # "Accepted by <name> on <date>", "Not accepted by …: <reason>", …
    evidence: list[FileRow]
    # What its "Accept" / "Not accepted" controls are named by: the title, with the
    # completion date when two counted activities share a title.
    label: str = ""
    decision: str = ""  # "accepted", "not_accepted", "" (not yet), "gone" (voided, deleted)


def file_row(row: evidence.EvidenceInfo, label: str = "") -> FileRow:
    return FileRow(
        evidence_id=str(row.evidence_id),
        name=row.name,
        size=row.size_text,
        kind="pdf" if row.content_type == "application/pdf" else "image",
        href=f"/api/evidence/{row.evidence_id}",
        label=label,
    )


def snapshot_items(answers: Answers) -> list[dict[str, Any]]:
    """The activities counted at submission (as the applicant's answers froze them)."""
    return [s for s in answers.renewal_snapshot or [] if isinstance(s, dict)]


def snapshot_activity_ids(answers: Answers) -> list[int]:
    return [int(s["activity_id"]) for s in snapshot_items(answers) if "activity_id" in s]


def _decision(row: PDActivity | None) -> str:
    if row is None or row.voided_at is not None:
        return "gone"
    return {"verified": "accepted", "not_accepted": "not_accepted"}.get(row.verification, "")


def _counted_row(
    item: dict[str, Any],
    current: dict[int | None, PDActivity],
    files: dict[int, list[Any]],
    names: dict[int, str],
    label: str,
) -> CountedRow:
    activity_id = int(item.get("activity_id", 0))
    kind = str(item.get("kind", ""))
    row = current.get(activity_id)
    verification = (
        verification_sentence(row, names, "Accepted", NOT_REVIEWED) if row is not None else DELETED
    )
    completed = str(item.get("completed_on", ""))
    with contextlib.suppress(ValueError):
        completed = format_date(date.fromisoformat(completed))
    return CountedRow(
        activity_id=activity_id,
        title=str(item.get("title", "")),
        provider=str(item.get("provider", "")),
        kind=KIND_LABELS.get(kind, kind),
        amount=amount_text(kind, float(item.get("amount", 0))),
        completed_on=completed,
        verification=verification,
        evidence=[file_row(f) for f in files.get(activity_id, [])],
        label=label,
        decision=_decision(row),
    )


def _labels(items: list[dict[str, Any]]) -> list[str]:
    """Each activity's title, made unique: "Workshop (completed 2026-10-01)", then "#2"."""
    titles = [str(i.get("title", "")).strip() or "Untitled activity" for i in items]
    labels = [
        f"{t} (completed {i.get('completed_on', '')})" if titles.count(t) > 1 else t
        for t, i in zip(titles, items, strict=True)
    ]
    return [f"{lab} #{n + 1}" if labels.count(lab) > 1 else lab for n, lab in enumerate(labels)]


def still_counting(item: dict[str, Any], current: dict[int | None, PDActivity]) -> bool:
    """A counted activity still counts unless voided or not accepted since (one the applicant
    deleted was counted at submission: the approver sees it as deleted and decides)."""
    row = current.get(int(item.get("activity_id", 0)))
    return row is None or (row.voided_at is None and row.verification != renewal.NOT_ACCEPTED)


def _current(session: Session, ids: list[int]) -> dict[int | None, PDActivity]:
    if not ids:
        return {}
    rows = session.exec(select(PDActivity).where(col(PDActivity.id).in_(ids))).all()
    return {a.id: a for a in rows}


def _totals(items: list[dict[str, Any]], current: dict[int | None, PDActivity]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for item in items:
        if still_counting(item, current):
            kind = str(item.get("kind", ""))
            totals[kind] = totals.get(kind, 0.0) + float(item.get("amount", 0))
    return totals


def chosen_option(lic: License, answers: Answers, rules: Rules) -> RenewalOptionRule | None:
    category = renewal.renewal_category(lic.license_type, lic.license_class)
    return next((o for o in rules.options_for(category) if o.id == answers.renewal_option_id), None)


def option_still_met(session: Session, lic: License | None, answers: Answers, rules: Rules) -> bool:
    """Whether the activities still counting (not voided, not "not accepted") meet the
    option the application names (True when the option is no longer offered: nothing to
    measure against, and the approver decides)."""
    option = chosen_option(lic, answers, rules) if lic is not None else None
    if option is None:
        return True
    items = snapshot_items(answers)
    current = _current(session, snapshot_activity_ids(answers))
    return renewal.option_met(option, _totals(items, current))


def renewal_parts(
    session: Session, lic: License | None, answers: Answers, rules: Rules
) -> tuple[str, list[CountedRow], list[str]]:
    """The renewal option chosen, the activities counted, and the totals still counting."""
    if lic is None:
        return "", [], []
    option = chosen_option(lic, answers, rules)
    option_text = renewal.option_label(option) if option else "An option no longer offered"
    ids = snapshot_activity_ids(answers)
    files = evidence.evidence_for_activities(session, ids)
    current = _current(session, ids)
    names = verifier_names(session, (a.verified_by_id for a in current.values()))
    items = snapshot_items(answers)
    totals = _totals(items, current)
    counted = [
        _counted_row(item, current, files, names, label)
        for item, label in zip(items, _labels(items), strict=True)
    ]
    return option_text, counted, [f"{amount_text(k, v)} counted" for k, v in totals.items()]
