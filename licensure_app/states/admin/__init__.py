"""/admin : the state office's tools, one state per panel, each loading only its own data
when its tab opens (the panel's `open_panel`, called on mount). Thin: rules and writes live
in services.state_office, services.pd.bulk_load and services.licensing; every handler is
for state staff only.

- `review`: the state review count; its `load` is the page's on_load and access check.
- `districts`, `rules`, `bulk` (the bulk PD load and the loads made, with rollback),
  `activities` (an educator's PD activities, voiding one), `records` (transcripts,
  background checks, assessment scores), `discipline` (public disciplinary notices on a
  license), `expiring`, `outbox`, `audit_log` (with
  verification): the other panels.
- `common`: form values, the acting staff member, writes off the event loop.
"""

from __future__ import annotations

from .activities import AdminActivitiesState
from .audit_log import AdminAuditLogState
from .bulk import CSV_UPLOAD_ID, AdminBulkLoadState
from .discipline import AdminDisciplineState
from .districts import AdminDistrictsState
from .educators import EducatorRecordState, EducatorSearchState
from .expiring import AdminExpiringState
from .outbox import AdminOutboxState
from .records import AdminRecordsState
from .review import AdminReviewState
from .rules import AdminRulesState

__all__ = [
    "CSV_UPLOAD_ID",
    "AdminActivitiesState",
    "AdminAuditLogState",
    "AdminBulkLoadState",
    "AdminDisciplineState",
    "AdminDistrictsState",
    "AdminExpiringState",
    "AdminOutboxState",
    "AdminRecordsState",
    "AdminReviewState",
    "AdminRulesState",
    "EducatorRecordState",
    "EducatorSearchState",
]
