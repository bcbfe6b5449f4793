"""All tables. Importing this package registers every table on SQLModel.metadata."""

from .account import (
    QUEUE_MAIL_MODES,
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    ROLES,
    Account,
    AuthSession,
    PasswordResetToken,
    SessionTicket,
    SignInAttempt,
)
from .application import (
    APPLICATION_STATUSES,
    APPLICATION_TYPES,
    OPEN_STATUSES,
    Application,
    ApplicationNote,
    ApplicationTransition,
)
from .audit import AuditCheckpoint, AuditEvent
from .discipline import NOTICE_MAX_CHARACTERS, DisciplinaryNotice
from .district import STAFF_CHANGE_STATUSES, District, DistrictDesignee, StaffChange
from .educator import (
    AssessmentScore,
    BackgroundCheck,
    EducatorProfile,
    LicenseClaimAttempt,
    TranscriptRecord,
)
from .license import LICENSE_CLASSES, LICENSE_STATUSES, LICENSE_TYPES, Endorsement, License
from .name_change import NAME_CHANGE_STATUSES, NameChangeRequest
from .notification import OUTBOX_STATUSES, Notification, OutboxEmail
from .pd import (
    PD_KINDS,
    PD_LOAD_OUTCOMES,
    PD_LOAD_STATUSES,
    PD_SOURCES,
    PD_VERIFICATIONS,
    EvidenceFile,
    PDActivity,
    PDLoad,
    PDLoadRow,
)
from .reminder import ExpiryReminder, ScheduledRun
from .rules import (
    RENEWAL_CATEGORIES,
    RULE_CHANGE_STATUSES,
    RenewalOption,
    RenewalOptionPart,
    RuleChange,
    RuleSetting,
)

__all__ = [
    "APPLICATION_STATUSES",
    "APPLICATION_TYPES",
    "LICENSE_CLASSES",
    "LICENSE_STATUSES",
    "LICENSE_TYPES",
    "NOTICE_MAX_CHARACTERS",
    "NAME_CHANGE_STATUSES",
    "OPEN_STATUSES",
    "OUTBOX_STATUSES",
    "QUEUE_MAIL_MODES",
    "PD_KINDS",
    "PD_LOAD_OUTCOMES",
    "PD_LOAD_STATUSES",
    "PD_SOURCES",
    "PD_VERIFICATIONS",
    "RENEWAL_CATEGORIES",
    "RULE_CHANGE_STATUSES",
    "ROLES",
    "ROLE_DISTRICT_APPROVER",
    "ROLE_EDUCATOR",
    "ROLE_STATE_STAFF",
    "Account",
    "Application",
    "ApplicationNote",
    "ApplicationTransition",
    "AssessmentScore",
    "AuditCheckpoint",
    "AuditEvent",
    "AuthSession",
    "BackgroundCheck",
    "DisciplinaryNotice",
    "District",
    "DistrictDesignee",
    "STAFF_CHANGE_STATUSES",
    "StaffChange",
    "EducatorProfile",
    "Endorsement",
    "EvidenceFile",
    "ExpiryReminder",
    "ScheduledRun",
    "License",
    "NameChangeRequest",
    "LicenseClaimAttempt",
    "Notification",
    "OutboxEmail",
    "PDActivity",
    "PDLoad",
    "PDLoadRow",
    "PasswordResetToken",
    "RenewalOption",
    "RenewalOptionPart",
    "RuleChange",
    "RuleSetting",
    "SessionTicket",
    "SignInAttempt",
    "TranscriptRecord",
]
