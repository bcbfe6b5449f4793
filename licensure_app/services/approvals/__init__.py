"""District approvals and the state review.

Where things live:
- `scope`: who may see and decide which application (`in_scope`, `may_decide`,
  `stage_of`, `waiting_statuses`), nobody deciding their own or a fellow approver's
  application (`conflicts`, `conflict`) and the audit of a refused look (`refuse`).
- `queue`: the approver's queue (`queue`, `QueueFilters`, `QueueRow`, `QueueView`), its
  live-refresh version (`queue_version`) and the district filter (`districts`).
- `detail`: one application as the approver's page shows it (`detail`, `ApplicationDetail`
  and its row dataclasses); `counted` builds its renewal part (the activities counted and
  their evidence files, `CountedRow`, `FileRow`).
- `decisions`: approve, return, reject (`Decision`), the conditional transition and the
  notifications; what an approval does to a license is in `services.licensing.effects`.
- `evidence_review`: per-activity decisions on a renewal ("Accept" / "Not accepted" with a
  reason, `decide_activity`), returning the application when the option is no longer met.
- `bulk`: bulk approval of renewals.
- `search`: the queue's "Search applicants" (name, email, license number, on indexes).
- `work`: "Assign to me" and internal notes (`assign_to_me`, `add_note`, `work_panel`).
- `notices`: what the applicant and the state office are told about each decision.
- `digest`: the approvers' daily e-mail of what waits in their queue (`send_digests`, run
  by the app's daily scheduler).
"""

from .bulk import BulkCandidate, BulkResult, bulk_approve_renewals, bulk_candidates
from .counted import CountedRow, FileRow
from .decisions import (
    MAX_REASON,
    NOT_FOUND,
    REASON_REQUIRED,
    VERIFY_REQUIRED,
    Decision,
    approve_application,
    reject_application,
    return_application,
)
from .detail import (
    ApplicantView,
    ApplicationDetail,
    EarlierRow,
    LabelValue,
    LicenseSummary,
    TimelineRow,
    detail,
)
from .digest import send_digests
from .evidence_review import (
    MAX_ACTIVITY_REASON,
    REASON_NEEDED,
    ActivityDecision,
    decide_activity,
)
from .queue import (
    PAGE_SIZE,
    DistrictOption,
    QueueFilters,
    QueueRow,
    QueueView,
    StatusCount,
    districts,
    next_after,
    queue,
    queue_version,
    waiting_summary,
)
from .scope import (
    COLLEAGUE_APPLICATION,
    OWN_APPLICATION,
    Conflicts,
    conflict,
    conflicts,
    in_scope,
    is_state,
    may_decide,
    refuse,
    stage_of,
    waiting_statuses,
)
from .search import MAX_SEARCH_CHARACTERS, match_statements, search_conditions
from .work import (
    NOTE_REQUIRED,
    NoteRow,
    WorkPanel,
    WorkResult,
    add_note,
    assign_to_me,
    notes_of,
    work_panel,
)

__all__ = [
    "MAX_ACTIVITY_REASON",
    "REASON_NEEDED",
    "ActivityDecision",
    "decide_activity",
    "NOTE_REQUIRED",
    "NoteRow",
    "WorkPanel",
    "WorkResult",
    "add_note",
    "assign_to_me",
    "MAX_SEARCH_CHARACTERS",
    "match_statements",
    "next_after",
    "notes_of",
    "search_conditions",
    "work_panel",
    "COLLEAGUE_APPLICATION",
    "OWN_APPLICATION",
    "Conflicts",
    "conflict",
    "conflicts",
    "MAX_REASON",
    "NOT_FOUND",
    "PAGE_SIZE",
    "REASON_REQUIRED",
    "VERIFY_REQUIRED",
    "ApplicantView",
    "ApplicationDetail",
    "BulkCandidate",
    "BulkResult",
    "CountedRow",
    "Decision",
    "DistrictOption",
    "EarlierRow",
    "FileRow",
    "LabelValue",
    "LicenseSummary",
    "QueueFilters",
    "QueueRow",
    "QueueView",
    "StatusCount",
    "TimelineRow",
    "approve_application",
    "bulk_approve_renewals",
    "bulk_candidates",
    "detail",
    "districts",
    "in_scope",
    "is_state",
    "may_decide",
    "queue",
    "queue_version",
    "refuse",
    "reject_application",
    "send_digests",
    "return_application",
    "stage_of",
    "waiting_statuses",
    "waiting_summary",
]
