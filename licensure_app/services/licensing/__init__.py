"""An educator's own licenses: listing, claiming, the checklist, and the printable license.

Where things live:
- `holder_views`: the licenses page (LicenseView, licenses_for_holder, expiry warnings,
  version_for) and the checklist of what the state office holds (checklist_for).
- `claims`: claiming a license (claim_license, ClaimResult, the messages);
  `claim_limits` counts failures per account, license number and client address (claim_lock);
  `claim_notices` tells the holder and the office, at most once a day per license;
  `claim_review` keeps the record's private details hidden until the office confirms the
  claim (private_details_hidden, pending_claim, confirm_claim);
  `profile_merge` links the account to the state record and merges the registration profile.
- `printing`: the printable license (print_view, PrintableLicense, verify_url, qr_svg,
  print_href); `certificate_pdf`: the same license as a PDF (own_certificate_pdf).
- `license_facts`: the license number as typed (normalise_license_number), endorsement labels.
- `reminders`: expiry reminders (the daily `remind` job).
The state office's records of transcripts, background checks and assessment scores live in
`services.state_office.records`.
"""

from .certificate_pdf import certificate_filename, certificate_pdf, own_certificate_pdf
from .claim_limits import claim_lock
from .claim_review import PendingClaim, confirm_claim, pending_claim, private_details_hidden
from .claims import (
    CLAIM_ALREADY_LINKED,
    CLAIM_AWAITS_CONFIRMATION,
    CLAIM_NO_MATCH,
    CLAIM_RECORD_ALREADY_LINKED,
    ClaimResult,
    claim_license,
)
from .holder_views import (
    EXPIRY_WARNING_DAYS,
    AssessmentView,
    BackgroundCheckView,
    Checklist,
    LicenseView,
    TranscriptView,
    checklist_for,
    licenses_for_holder,
    version_for,
)
from .license_facts import LICENSE_NUMBER_MAX, normalise_license_number
from .printing import PrintableLicense, print_href, print_view, qr_svg, verify_url

__all__ = [
    "CLAIM_ALREADY_LINKED",
    "CLAIM_AWAITS_CONFIRMATION",
    "CLAIM_NO_MATCH",
    "CLAIM_RECORD_ALREADY_LINKED",
    "EXPIRY_WARNING_DAYS",
    "LICENSE_NUMBER_MAX",
    "AssessmentView",
    "BackgroundCheckView",
    "Checklist",
    "ClaimResult",
    "LicenseView",
    "PendingClaim",
    "PrintableLicense",
    "TranscriptView",
    "certificate_filename",
    "certificate_pdf",
    "checklist_for",
    "claim_license",
    "claim_lock",
    "confirm_claim",
    "licenses_for_holder",
    "normalise_license_number",
    "own_certificate_pdf",
    "pending_claim",
    "print_href",
    "print_view",
    "private_details_hidden",
    "qr_svg",
    "verify_url",
    "version_for",
]
