"""The state office's tools. Every change is audited in the caller's transaction, and
every change refuses an actor who is not state staff (`access.require_staff`).

- `districts`: districts and their superintendents.
- `designees`: the accounts a superintendent lets approve for the district.
- `rules_admin`: the renewal rules' settings and options, previewed then changed.
- `audit_log`: the audit log, filtered.
- `reports`: the state review count and the expiring-licenses report (and its CSV).
- `educators`: finding the educator a record is for.
- `results`: `AdminResult`, what a change returns.
"""

from __future__ import annotations

from .access import require_staff
from .audit_log import AUDIT_PAGE, AuditFilters, AuditRow, audit_log
from .districts import (
    DistrictView,
    delete_district,
    district_views,
    save_district,
    set_superintendent,
)
from .educators import EducatorRef, find_educator
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
from .rules_admin import (
    CATEGORY_LABELS,
    SETTING_BOUNDS,
    OptionPartView,
    OptionView,
    RulePreview,
    SettingView,
    add_option,
    affected_educators,
    option_views,
    preview_option_change,
    preview_setting,
    set_option_active,
    setting_views,
    update_option_part,
    update_setting,
)

__all__ = [
    "AUDIT_PAGE",
    "CATEGORY_LABELS",
    "EXPIRING_COLUMNS",
    "EXPIRING_DAYS",
    "EXPIRING_SHOWN",
    "SETTING_BOUNDS",
    "AdminResult",
    "AuditFilters",
    "AuditRow",
    "DistrictCount",
    "DistrictView",
    "EducatorRef",
    "ExpiringReport",
    "ExpiringRow",
    "OptionPartView",
    "OptionView",
    "RulePreview",
    "SettingView",
    "add_option",
    "affected_educators",
    "audit_log",
    "delete_district",
    "district_views",
    "expiring",
    "expiring_csv",
    "find_educator",
    "option_views",
    "preview_option_change",
    "preview_setting",
    "require_staff",
    "save_district",
    "set_option_active",
    "set_superintendent",
    "setting_views",
    "state_review_count",
    "update_option_part",
    "update_setting",
]
