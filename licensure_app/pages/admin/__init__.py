"""/admin : state office tools, one tab per panel: state review, districts, rules, the bulk
PD load (and the loads made), an educator's PD activities (voiding one), records, name
changes, disciplinary notices on a license, the expiring-licenses report, the outbox and the audit log. Each panel's view lives
in its own module (`*_view.py`) and reads its own state (states/admin/)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ... import routes
from ...components.layout import app_page
from ...states.admin import AdminReviewState
from ..bulk_verification_view import bulk_verification_section
from .activities_view import activities_panel
from .audit_view import audit_panel
from .bulk_view import bulk_panel
from .discipline_view import discipline_panel
from .districts_view import districts_panel
from .educators_view import educator_record_page, educators_page  # noqa: F401 (registers)
from .expiring_view import expiring_panel
from .name_changes_view import name_changes_panel
from .outbox_view import outbox_panel
from .records_view import records_panel
from .reports_view import reports_page  # noqa: F401 (registers)
from .review_view import review_panel
from .rules_view import rules_panel

TABS: tuple[tuple[str, str], ...] = (
    ("review", "State review"),
    ("districts", "Districts"),
    ("rules", "Rules"),
    ("bulk", "Bulk PD load"),
    ("activities", "PD activities"),
    ("records", "Records"),
    ("name_changes", "Name changes"),
    ("discipline", "Disciplinary notices"),
    ("expiring", "Expiring licenses"),
    ("verify", "Bulk verification"),
    ("outbox", "Outbox"),
    ("audit", "Audit log"),
)
PANELS: dict[str, Callable[[], rx.Component]] = {
    "review": review_panel,
    "districts": districts_panel,
    "rules": rules_panel,
    "bulk": bulk_panel,
    "activities": activities_panel,
    "records": records_panel,
    "name_changes": name_changes_panel,
    "discipline": discipline_panel,
    "expiring": expiring_panel,
    "verify": bulk_verification_section,
    "outbox": outbox_panel,
    "audit": audit_panel,
}


@app_page(routes.ADMIN, "Administration", on_load=[AdminReviewState.load])
def admin_page() -> rx.Component:
    return rx.box(
        rx.heading("State office administration", as_="h1", size="7", margin_bottom="0.5em"),
        rx.tabs.root(
            rx.tabs.list(*[rx.tabs.trigger(label, value=key) for key, label in TABS], wrap="wrap"),
            *[rx.tabs.content(PANELS[key](), value=key) for key, _ in TABS],
            default_value="review",
        ),
    )
