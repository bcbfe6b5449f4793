"""The application lifecycle, from the first draft to the applicant's list.

Where things live:
- `answers`: `Answers`, the only reader and writer of `Application.answers_json`.
- `transitions`: the transition table (which status may move to which, by which kind of
  actor) and `transition`, the conditional update that records the move and its audit event.
- `drafts`: start or resume an application, `save_draft`, `discard` an unsubmitted draft,
  `Draft`.
- `corrections`: reopening a returned application at the step its reason concerns, with
  the declaration to give again.
- `checks`: eligibility, the `Assessment` before submission, the renewal snapshot.
- `declaration`: the conduct questions and sworn statement, and their check.
- `submission`: submit (a resubmission goes back to the stage that returned it), withdraw.
- `receipts`: who is told of a submission and what: the applicant's receipt, the
  reviewers' notices.
- `views`: the applicant's list of applications with their timelines.
- `choices` and `wizard`: what each step of the application wizard shows.
- `errors`: `ApplicationError`, the refusal shown to the applicant.
"""

from __future__ import annotations

from . import corrections, wizard
from .answers import Answers
from .checks import (
    Assessment,
    assess,
    attached_files,
    eligibility,
    renewal_snapshot,
)
from .choices import (
    DraftLink,
    LicenseChoice,
    TypeChoice,
    license_choices,
    open_drafts,
    type_choices,
)
from .corrections import reopen
from .declaration import CONDUCT_QUESTIONS, SWORN_STATEMENT, attestation_errors
from .drafts import Draft, discard, save_draft, start_or_resume, to_draft
from .errors import ApplicationError
from .receipts import approver_account_ids
from .submission import submit, withdraw
from .transitions import TRANSITIONS, transition
from .views import ApplicationView, TimelineEntry, applications_for, version_for
from .wizard import WizardView

__all__ = [
    "CONDUCT_QUESTIONS",
    "SWORN_STATEMENT",
    "TRANSITIONS",
    "Answers",
    "ApplicationError",
    "ApplicationView",
    "Assessment",
    "Draft",
    "DraftLink",
    "LicenseChoice",
    "TimelineEntry",
    "TypeChoice",
    "WizardView",
    "applications_for",
    "approver_account_ids",
    "assess",
    "attached_files",
    "attestation_errors",
    "corrections",
    "discard",
    "eligibility",
    "license_choices",
    "open_drafts",
    "renewal_snapshot",
    "reopen",
    "save_draft",
    "start_or_resume",
    "submit",
    "to_draft",
    "transition",
    "type_choices",
    "version_for",
    "withdraw",
    "wizard",
]
