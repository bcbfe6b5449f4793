"""The renewal tracker: each active license's progress toward renewal, ready to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain import renewal
from licensure_app.domain.formatting import format_date
from licensure_app.domain.renewal_periods import shown_period
from licensure_app.domain.status import application_label
from licensure_app.infra.driver_reads import Reader, fetch_all
from licensure_app.models import (
    OPEN_STATUSES,
    Application,
    License,
    PDActivity,
    ProfileVersion,
    RuleVersion,
)
from licensure_app.services.pd.activities import holder_activities
from licensure_app.services.rules import load_timeline

# Read on every tracker visit: a statement built once (SQLAlchemy caches its compiled form).
_ACTIVE_LICENSES = (
    select(License)
    .where(License.holder_id == bindparam("profile_id"), License.status == "active")
    .order_by(License.expires_on)
)
# Built once (the tracker opens on every visit): building the statement cost more than
# running it. Core rows through the session's connection.
_OPEN_RENEWALS = select(
    col(Application.license_id), col(Application.id), col(Application.status)
).where(
    col(Application.license_id).in_(bindparam("license_ids", expanding=True)),
    Application.app_type == "renewal",
    col(Application.status).in_(OPEN_STATUSES),
)

# What an educator's tracker page is computed from, in one read: their profile_version
# (raised by database triggers on every table the page shows, models.PROFILE_TABLES) and the
# rules' version (rule_version, likewise).
_PAGE_VERSION = select(
    select(col(ProfileVersion.version))
    .where(ProfileVersion.profile_id == bindparam("profile_id"))
    .scalar_subquery(),
    select(col(RuleVersion.stamp)).where(RuleVersion.id == 1).scalar_subquery(),
    select(col(RuleVersion.version)).where(RuleVersion.id == 1).scalar_subquery(),
)


def page_version(session: Reader, profile_id: int, today: date) -> str:
    """Changes whenever the educator's tracker or activities could show something new:
    a write to their activities, evidence, licenses or applications, a rule change, a new
    day. Read it before the page's data, in the same transaction (or alone, to compare)."""
    (row,) = fetch_all(session, _PAGE_VERSION, {"profile_id": profile_id})
    return f"{profile_id}:{row[0] or 0}:{row[1]}:{row[2]}:{today.isoformat()}"


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
    # The closest option's remaining need: "2 more CEUs by 29 April 2027" ("" when met).
    next_needed: str = ""
    # Where "File renewal application" leads (the wizard, license and met option chosen).
    renew_href: str = ""
    # After an early renewal: the end of the renewed period, and what the tracker follows.
    renewed_through: str = ""
    cycle_note: str = ""
    # An open renewal application of this license: its status and where to follow it.
    open_renewal_id: int = 0
    open_renewal_status: str = ""
    open_renewal_note: str = ""


@dataclass(frozen=True)
class OpenRenewal:
    """A renewal application of a license not decided yet (draft included)."""

    application_id: int
    status: str


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


def _cycle_note(lic: License, today: date) -> tuple[str, str]:
    """After an early renewal: (renewed through, what the tracker follows now)."""
    period = shown_period(
        lic.valid_from, lic.expires_on, lic.prior_valid_from, lic.prior_expires_on, today
    )
    if not period.renewed_early:
        return "", ""
    begins = format_date(lic.valid_from)
    through = format_date(lic.expires_on)
    return through, (
        f"This license is renewed through {through}. The tracker now follows the next "
        f"cycle, {begins} to {through}: activities completed before {begins} won't count "
        "toward it."
    )


def _open_renewal_note(open_renewal: OpenRenewal | None) -> str:
    if open_renewal is None:
        return ""
    if open_renewal.status == "draft":
        return "You have started a renewal application for this license."
    return (
        "Your renewal application for this license is on its way "
        f"({_status_words(open_renewal.status)})."
    )


def _status_words(status: str) -> str:
    return application_label(status).lower() if status != "returned" else "returned to you"


def _renew_href(lic: License, progress: renewal.RenewalProgress) -> str:
    option = progress.met_option_ids[0] if progress.met_option_ids else 0
    return f"{routes.APPLY}?type=renewal&license={lic.license_number}&option={option}"


def _tracker_view(
    lic: License,
    progress: renewal.RenewalProgress,
    titles: dict[int | None, str],
    today: date,
    open_renewal: OpenRenewal | None = None,
) -> TrackerView:
    renewed_through, cycle_note = _cycle_note(lic, today)
    # A cycle already renewed, or with a renewal on its way, is not renewed again.
    blocked = bool(renewed_through) or open_renewal is not None
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
        can_renew=progress.can_renew and not blocked,
        # Until an option is met the summary already says what is missing.
        renewable_problem=(
            (progress.renewable_problem or "") if progress.is_met and not blocked else ""
        ),
        met_option_id=progress.met_option_ids[0] if progress.met_option_ids else 0,
        next_needed=progress.next_needed,
        renew_href=_renew_href(lic, progress),
        renewed_through=renewed_through,
        cycle_note=cycle_note,
        open_renewal_id=open_renewal.application_id if open_renewal else 0,
        open_renewal_status=open_renewal.status if open_renewal else "",
        open_renewal_note=_open_renewal_note(open_renewal),
    )


def open_renewals(session: Session, license_ids: list[int]) -> dict[int, OpenRenewal]:
    """The open renewal application of each license that has one (one query)."""
    if not license_ids:
        return {}
    rows = session.connection().execute(_OPEN_RENEWALS, {"license_ids": license_ids})
    return {lid: OpenRenewal(app_id or 0, status) for lid, app_id, status in rows if lid}


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
    # Each license by the rules in force for its cycle (the one ending on its expiry).
    timeline = load_timeline(session, min(lic.expires_on for lic in licenses))
    if activities is None:
        activities = holder_activities(session, profile_id)
    facts = [renewal.ActivityFacts.from_row(a) for a in activities]
    titles = {a.id: a.title for a in activities}
    open_by_license = open_renewals(session, [lic.id for lic in licenses if lic.id is not None])
    return [
        _tracker_view(
            lic,
            renewal.evaluate(
                renewal.LicenseFacts.from_row(lic), facts, timeline.on(lic.expires_on), today
            ),
            titles,
            today,
            open_by_license.get(lic.id or 0),
        )
        for lic in licenses
    ]
