"""The renewal tracker: each active license's progress toward renewal, ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam
from sqlmodel import Session, select

from licensure_app.domain import renewal
from licensure_app.models import License, PDActivity
from licensure_app.services.pd.activities import holder_activities
from licensure_app.services.rules import load_rules

# Read on every tracker visit: a statement built once (SQLAlchemy caches its compiled form).
_ACTIVE_LICENSES = (
    select(License)
    .where(License.holder_id == bindparam("profile_id"), License.status == "active")
    .order_by(License.expires_on)
)


@dataclass(frozen=True)
class PartView:
    """One requirement of a renewal option: a progress bar and its two texts."""

    progress_text: str
    remaining_text: str
    percent: int


@dataclass(frozen=True)
class OptionView:
    """One way to renew (e.g. CEUs, or semester hours) and how far along it is."""

    label: str
    closest: bool
    met: bool
    parts: list[PartView]


@dataclass(frozen=True)
class NotCountingView:
    """An activity that does not count toward this license, and why."""

    title: str
    reason: str


@dataclass(frozen=True)
class TrackerView:
    """One license's renewal progress, ready to show (plain values only)."""

    license_number: str
    heading: str
    summary: str
    options: list[OptionView]
    not_counting: list[NotCountingView]
    can_renew: bool
    renewable_problem: str
    met_option_id: int


def _option_view(option: renewal.OptionProgress) -> OptionView:
    return OptionView(
        label=option.label,
        closest=option.is_closest,
        met=option.met,
        parts=[
            PartView(
                progress_text=p.progress_text,
                remaining_text=p.remaining_text,
                percent=round(p.fraction * 100),
            )
            for p in option.parts
        ],
    )


def _tracker_view(
    lic: License, progress: renewal.RenewalProgress, titles: dict[int | None, str]
) -> TrackerView:
    return TrackerView(
        license_number=lic.license_number,
        heading=f"{lic.license_type} license {lic.license_number}, Class {lic.license_class}",
        summary=progress.summary,
        options=[_option_view(o) for o in progress.options],
        not_counting=[
            NotCountingView(title=titles.get(c.activity_id, ""), reason=c.reason)
            for c in progress.activity_counts
            if not c.counts
        ],
        can_renew=progress.can_renew,
        # Until an option is met the summary already says what is missing.
        renewable_problem=(progress.renewable_problem or "") if progress.is_met else "",
        met_option_id=progress.met_option_ids[0] if progress.met_option_ids else 0,
    )


def trackers(
    session: Session,
    profile_id: int,
    today: date,
    activities: list[PDActivity] | None = None,
) -> list[TrackerView]:
    """A tracker per active license of the educator, computed only by renewal.evaluate.

    `activities`: the educator's activities if the caller has read them already (the
    tracker page shows them too, so it reads them once for both).
    """
    licenses = session.exec(_ACTIVE_LICENSES, params={"profile_id": profile_id}).all()
    if not licenses:
        return []
    rules = load_rules(session)
    if activities is None:
        activities = holder_activities(session, profile_id)
    facts = [renewal.ActivityFacts.from_row(a) for a in activities]
    titles = {a.id: a.title for a in activities}
    return [
        _tracker_view(
            lic,
            renewal.evaluate(renewal.LicenseFacts.from_row(lic), facts, rules, today),
            titles,
        )
        for lic in licenses
    ]
