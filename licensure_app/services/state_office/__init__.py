"""The state office's tools. Every change is audited in the caller's transaction, and
every change refuses an actor who is not state staff (`access.require_staff`).

- `districts`: districts and their superintendents.
- `designees`: the accounts a superintendent lets approve for the district.
- `rules_admin`: the renewal rules' settings and options, previewed then changed;
  `rule_plans` validates and previews a change, `rule_effects` counts the trackers it
  changes, `rule_changes` records changes with effective dates, applies them when due,
  lists and cancels the scheduled ones.
- `audit_log`: the audit log, filtered.
- `reports`: the state review count and the expiring-licenses report (and its CSV).
- `report_charts`: the charts' figures (backlog, processing time, aging, weekly flow,
  licenses expiring), for every district or one; `report_csv` their tables as CSV.
- `educators`: finding the educator a record is for (Records tab); `educator_search` and
  `educator_record`: "Search educators" and one educator's whole record.
- `records`: transcripts, background checks and assessment scores, recorded and corrected;
  `office_records` lists them on the record page and starts their forms.
- `discipline`: disciplinary notices on a license's public record.
- `pd_activities`: an educator's PD activities for staff, and voiding one.
- `pd_loads`: the bulk PD loads, their rows, and rolling one back.
- `outbox`: the e-mail outbox by status, and retrying a failed message.
- `results`: `AdminResult`, what a change returns.
"""

from __future__ import annotations

from .access import require_staff
from .audit_log import (
    AUDIT_PAGE,
    AuditFilters,
    AuditPage,
    AuditRow,
    FieldChange,
    audit_csv,
    audit_log,
    audit_page,
    audit_rows,
    changed_fields,
    record_checkpoint,
    verification_message,
)
from .districts import (
    DistrictView,
    delete_district,
    district_views,
    save_district,
    set_superintendent,
)
from .educator_record import EducatorRecord, educator_record
from .educator_search import EducatorHit, search_educators
from .educators import EducatorRef, find_educator
from .outbox import OUTBOX_PAGE, OutboxPage, OutboxRow, outbox_page, retry_email
from .pd_activities import StaffActivityRow, staff_activity_rows, void_activity
from .pd_loads import LoadRowView, LoadView, load_rows, load_views, rollback_load
from .reports import (
    EXPIRING_COLUMNS,
    EXPIRING_DAYS,
    EXPIRING_SHOWN,
    DistrictCount,
    ExpiringReport,
    ExpiringRow,
    expiring,
    expiring_csv,
    state_review_count,
)
from .results import AdminResult
from .rule_changes import ScheduledView, scheduled_views
from .rule_changes import apply_due as apply_due_rule_changes
from .rule_changes import apply_due_job as rule_changes_job
from .rule_changes import cancel as cancel_rule_change
from .rule_plans import CATEGORY_LABELS, SETTING_BOUNDS, RulePreview, preview_part, preview_setting
from .rules_admin import (
    OptionPartView,
    OptionView,
    SettingView,
    add_option,
    affected_educators,
    option_views,
    set_option_active,
    setting_views,
    update_option_part,
    update_setting,
)

__all__ = [
    "AUDIT_PAGE",
    "OUTBOX_PAGE",
    "CATEGORY_LABELS",
    "EXPIRING_COLUMNS",
    "EXPIRING_DAYS",
    "EXPIRING_SHOWN",
    "SETTING_BOUNDS",
    "AdminResult",
    "AuditFilters",
    "AuditPage",
    "EducatorHit",
    "EducatorRecord",
    "AuditRow",
    "FieldChange",
    "DistrictCount",
    "DistrictView",
    "EducatorRef",
    "ExpiringReport",
    "ExpiringRow",
    "LoadRowView",
    "LoadView",
    "OptionPartView",
    "OptionView",
    "OutboxPage",
    "OutboxRow",
    "RulePreview",
    "ScheduledView",
    "SettingView",
    "StaffActivityRow",
    "add_option",
    "affected_educators",
    "audit_csv",
    "audit_log",
    "audit_page",
    "audit_rows",
    "educator_record",
    "search_educators",
    "changed_fields",
    "delete_district",
    "district_views",
    "expiring",
    "expiring_csv",
    "find_educator",
    "load_rows",
    "load_views",
    "option_views",
    "outbox_page",
    "preview_part",
    "apply_due_rule_changes",
    "cancel_rule_change",
    "rule_changes_job",
    "scheduled_views",
    "preview_setting",
    "record_checkpoint",
    "require_staff",
    "retry_email",
    "rollback_load",
    "save_district",
    "set_option_active",
    "set_superintendent",
    "setting_views",
    "staff_activity_rows",
    "state_review_count",
    "update_option_part",
    "update_setting",
    "verification_message",
    "void_activity",
]
