"""Professional development: activities and the renewal tracker built on them.

Where things live:
- `activities`: the activity form, its checks, add/update/delete, labels and display rows.
- `tracker`: each active license's renewal progress (computed by domain.renewal).
- `evidence`: uploaded certificates and transcripts.
- `bulk_parse`, `bulk_match` and `bulk_load`: the state office's CSV load of activities
  (each load recorded for listing and rollback).
"""

from licensure_app.services.pd import evidence
from licensure_app.services.pd.activities import (
    ACHIEVEMENT_KINDS,
    KIND_LABELS,
    SOURCE_LABELS,
    VERIFICATION_LABELS,
    ActivityForm,
    ActivityRow,
    CleanActivity,
    SaveResult,
    activity_rows,
    add_activity,
    amount_text,
    delete_activity,
    holder_activities,
    update_activity,
    validate_activity,
    verification_text,
)
from licensure_app.services.pd.tracker import (
    NotCountingView,
    OptionView,
    PartView,
    TrackerView,
    page_version,
    trackers,
)

__all__ = [
    "ACHIEVEMENT_KINDS",
    "KIND_LABELS",
    "SOURCE_LABELS",
    "VERIFICATION_LABELS",
    "ActivityForm",
    "ActivityRow",
    "CleanActivity",
    "NotCountingView",
    "OptionView",
    "PartView",
    "SaveResult",
    "TrackerView",
    "activity_rows",
    "add_activity",
    "amount_text",
    "delete_activity",
    "evidence",
    "holder_activities",
    "page_version",
    "trackers",
    "update_activity",
    "validate_activity",
    "verification_text",
]
