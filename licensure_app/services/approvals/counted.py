"""The renewal's evidence as the approver sees it: the activities counted at submission
(frozen in the applicant's answers), their verification now, and their evidence files."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_date
from licensure_app.domain.rules import Rules
from licensure_app.models import License, PDActivity
from licensure_app.services.pd import KIND_LABELS, amount_text, evidence

from ..applications.answers import Answers

VERIFICATION_WORDS = {
    "unverified": "Not yet verified",
    "verified": "Verified",
    "not_accepted": "Not accepted",
    "deleted": "Deleted by the applicant since",
}


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
    verification: str
    evidence: list[FileRow]


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


def _counted_row(
    item: dict[str, Any], current: dict[int | None, PDActivity], files: dict[int, list[Any]]
) -> CountedRow:
    activity_id = int(item.get("activity_id", 0))
    kind = str(item.get("kind", ""))
    row = current.get(activity_id)
    verification = row.verification if row is not None else "deleted"
    if row is not None and row.voided_at is not None:
        verification = f"Voided by the state office: {row.void_reason}"
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
        verification=VERIFICATION_WORDS.get(verification, verification),
        evidence=[file_row(f) for f in files.get(activity_id, [])],
    )


def renewal_parts(
    session: Session, lic: License | None, answers: Answers, rules: Rules
) -> tuple[str, list[CountedRow], list[str]]:
    """The renewal option chosen, the activities counted, and the totals counted."""
    if lic is None:
        return "", [], []
    category = renewal.renewal_category(lic.license_type, lic.license_class)
    option = next(
        (o for o in rules.options_for(category) if o.id == answers.renewal_option_id), None
    )
    option_text = renewal.option_label(option) if option else "An option no longer offered"
    ids = snapshot_activity_ids(answers)
    files = evidence.evidence_for_activities(session, ids)
    current = {
        a.id: a for a in session.exec(select(PDActivity).where(col(PDActivity.id).in_(ids))).all()
    }
    totals: dict[str, float] = {}
    for item in snapshot_items(answers):
        voided = current.get(int(item.get("activity_id", 0)))
        if voided is not None and voided.voided_at is not None:
            continue  # voided since submission: it no longer counts
        kind = str(item.get("kind", ""))
        totals[kind] = totals.get(kind, 0.0) + float(item.get("amount", 0))
    counted = [_counted_row(item, current, files) for item in snapshot_items(answers)]
    return option_text, counted, [f"{amount_text(k, v)} counted" for k, v in totals.items()]
