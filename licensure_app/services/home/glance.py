"""The signed-in educator's home, "Your license at a glance": per license its status and
days to expiry, the single closest thing still needed, where an open application is and
who holds it, and the one next action.

`build_glance` is a pure function over what the licenses page, the renewal tracker (/pd)
and the applications page already compute; it adds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from ... import routes
from ...domain.status import DRAFT, RETURNED, is_withdrawable
from ..applications.views import ApplicationView, applications_for
from ..licensing.holder_views import LicenseView, licenses_for_holder
from ..pd.tracker import TrackerView, trackers

HEADING = "Your license at a glance"

FIX_AND_RESUBMIT = "Fix and resubmit"
CONTINUE_APPLICATION = "Continue your application"
SEE_APPLICATION = "See your application"
FILE_RENEWAL = "File renewal application"
LOG_PD = "Log professional development"
SEE_TRACKER = "See your renewal tracker"
APPLY_REACTIVATION = "Apply for reactivation"
SEE_LICENSES = "See your licenses"


@dataclass(frozen=True)
class GlanceApplication:
    """An open application: what it is, where it is, who holds it now, what to do."""

    application_id: int = 0
    title: str = ""
    status_label: str = ""
    holder: str = ""
    action_label: str = ""
    action_href: str = ""


@dataclass(frozen=True)
class LicenseGlance:
    number: str = ""
    heading: str = ""
    status_label: str = ""
    days_text: str = ""
    period_text: str = ""
    # The closest thing still needed: "Still needed: 2 more CEUs by 29 April 2027.".
    needed: str = ""
    # The open application of this license that comes first ("" when none), and who
    # holds it; any other open application of the license below it.
    application: str = ""
    holder: str = ""
    action_label: str = ""
    action_href: str = ""
    more_applications: list[GlanceApplication] = field(default_factory=list)


@dataclass(frozen=True)
class Glance:
    licenses: list[LicenseGlance] = field(default_factory=list)
    # Open applications for no license of the list (an initial license, say).
    applications: list[GlanceApplication] = field(default_factory=list)


def _application_action(app: ApplicationView) -> tuple[str, str]:
    href = f"{routes.APPLY}?application={app.application_id}"
    if app.status == RETURNED:
        return FIX_AND_RESUBMIT, href
    if app.status == DRAFT:
        return CONTINUE_APPLICATION, href
    return SEE_APPLICATION, routes.APPLICATIONS


def _open_application(app: ApplicationView) -> GlanceApplication:
    label, href = _application_action(app)
    title = f"{app.type_title} application" + (
        f" for license {app.license_number}" if app.license_number else ""
    )
    return GlanceApplication(
        application_id=app.application_id,
        title=title,
        status_label=app.status_label,
        holder=app.holder,
        action_label=label,
        action_href=href,
    )


def _open_in_order(apps: Sequence[ApplicationView]) -> list[ApplicationView]:
    """The open applications, the one that needs the educator first: returned, then a
    draft, then a renewal, then the rest (newest first, as listed)."""
    open_apps = [a for a in apps if is_withdrawable(a.status)]
    order = {RETURNED: 0, DRAFT: 1}

    def rank(a: ApplicationView) -> int:
        return order.get(a.status, 2 if a.type_title == "Renewal" else 3)

    return sorted(open_apps, key=rank)


def _needed(lic: LicenseView, tracker: TrackerView | None) -> str:
    if lic.status == "expired":
        return "This license has expired: it is restored by a reactivation application."
    if lic.status != "active" or tracker is None:
        return ""
    if tracker.renewed_through:
        return f"Renewed through {tracker.renewed_through}: nothing is needed for this cycle."
    if tracker.next_needed:
        return f"Still needed: {tracker.next_needed}."
    met = "Renewal requirements met."
    return f"{met} {tracker.renewable_problem}" if tracker.renewable_problem else met


def _license_action(
    lic: LicenseView, tracker: TrackerView | None, app: ApplicationView | None
) -> tuple[str, str]:
    if app is not None:
        return _application_action(app)
    if lic.status == "expired":
        return APPLY_REACTIVATION, f"{routes.APPLY}?type=reactivation&license={lic.number}"
    if lic.status != "active" or tracker is None:
        return SEE_LICENSES, routes.LICENSES
    if tracker.renewed_through:
        return SEE_TRACKER, routes.PD
    if tracker.can_renew:
        return FILE_RENEWAL, tracker.renew_href
    if tracker.next_needed:
        return LOG_PD, routes.PD
    return SEE_TRACKER, routes.PD


def _license_glance(
    lic: LicenseView, tracker: TrackerView | None, apps: Sequence[ApplicationView]
) -> LicenseGlance:
    ordered = _open_in_order(apps)
    app = ordered[0] if ordered else None
    label, href = _license_action(lic, tracker, app)
    return LicenseGlance(
        number=lic.number,
        heading=f"{lic.license_type} license {lic.number}, Class {lic.license_class}",
        status_label=lic.status_label,
        days_text=lic.days_text,
        period_text=lic.period_text,
        needed=_needed(lic, tracker),
        application=f"{app.type_title} application: {app.status_label}" if app else "",
        holder=app.holder if app else "",
        action_label=label,
        action_href=href,
        more_applications=[_open_application(a) for a in ordered[1:]],
    )


def build_glance(
    licenses: Sequence[LicenseView],
    tracker_views: Sequence[TrackerView],
    applications: Sequence[ApplicationView],
) -> Glance:
    """The at-a-glance summary of the educator's licenses, trackers and applications."""
    by_number = {t.license_number: t for t in tracker_views}
    numbers = {lic.number for lic in licenses}
    return Glance(
        licenses=[
            _license_glance(
                lic,
                by_number.get(lic.number),
                [a for a in applications if a.license_number == lic.number],
            )
            for lic in licenses
        ],
        applications=[
            _open_application(a)
            for a in applications
            if is_withdrawable(a.status) and a.license_number not in numbers
        ],
    )


def glance_for(session: Session, profile_id: int, today: date) -> Glance:
    """The educator's glance, read with the same services /licenses, /pd and /applications
    use."""
    return build_glance(
        licenses_for_holder(session, profile_id, today),
        trackers(session, profile_id, today),
        applications_for(session, profile_id, today),
    )
