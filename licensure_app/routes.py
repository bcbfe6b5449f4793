"""Every route of the app and who may open it, in one place."""

from __future__ import annotations

from .models import ROLE_DISTRICT_APPROVER, ROLE_EDUCATOR, ROLE_STATE_STAFF

HOME = "/"
REGISTER = "/register"
LOGIN = "/login"
FORGOT_PASSWORD = "/forgot-password"
RESET_PASSWORD = "/reset-password"
PROFILE = "/profile"
LICENSES = "/licenses"
PD = "/pd"
APPLY = "/apply"
APPLICATIONS = "/applications"
APPROVALS = "/approvals"
ADMIN = "/admin"
LOOKUP = "/lookup"
LICENSE_RECORD = "/lookup/[license_number]"
PRINT_LICENSE = "/licenses/print/[license_number]"
NOTIFICATIONS = "/notifications"
ACCOUNT = "/account"
VERIFICATION_API = "/verification-api"
DISTRICT = "/district"
ADMIN_EDUCATORS = "/admin/educators"
EDUCATOR_RECORD = "/admin/educators/[educator_id]"
REPORTS = "/admin/reports"
# Reflex's slug for the page shown at every address no other page has.
NOT_FOUND = "404"

EDUCATOR = frozenset({ROLE_EDUCATOR})
APPROVER_OR_STATE = frozenset({ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF})
STATE_STAFF = frozenset({ROLE_STATE_STAFF})

# Pages that need a signed-in user with one of these roles. Routes not listed are public.
PAGE_ROLES: dict[str, frozenset[str]] = {
    PROFILE: EDUCATOR,
    LICENSES: EDUCATOR,
    PRINT_LICENSE: EDUCATOR,
    PD: EDUCATOR,
    APPLY: EDUCATOR,
    APPLICATIONS: EDUCATOR,
    APPROVALS: APPROVER_OR_STATE,
    ADMIN: STATE_STAFF,
    DISTRICT: frozenset({ROLE_DISTRICT_APPROVER}),
    ADMIN_EDUCATORS: STATE_STAFF,
    EDUCATOR_RECORD: STATE_STAFF,
    REPORTS: STATE_STAFF,
    NOTIFICATIONS: frozenset({ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF}),
    ACCOUNT: frozenset({ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF}),
}

# What search engines and link previews say about each public page (<meta name="description">).
DESCRIPTIONS: dict[str, str] = {
    HOME: "Keep your educator license current: log professional development, track what "
    "your renewal still needs, apply online, and verify any license.",
    LOOKUP: "Verify an educator license: search the public record by name or license number "
    "for status, type, class, endorsements and expiry.",
    LICENSE_RECORD: "The public record of one educator license: whether it is valid today, "
    "its type, class, endorsements, validity period and history.",
    LOGIN: "Sign in to manage your educator license, professional development and "
    "applications, or to review your district's applications.",
    REGISTER: "Create an account to claim your educator license, log professional development "
    "and apply for renewal online.",
    FORGOT_PASSWORD: "Get a one-time link by email to set a new password for your account.",
    RESET_PASSWORD: "Set a new password for your educator licensure account.",
    VERIFICATION_API: "Verify educator licenses from your own system: a free, read-only JSON "
    "API with the same public facts as the license look-up.",
}
DEFAULT_DESCRIPTION = DESCRIPTIONS[HOME]

# Navigation per role: (label, route).
NAVIGATION: dict[str, list[tuple[str, str]]] = {
    ROLE_EDUCATOR: [
        ("Licenses", LICENSES),
        ("Professional development", PD),
        ("Applications", APPLICATIONS),
        ("Profile", PROFILE),
    ],
    ROLE_DISTRICT_APPROVER: [("Approvals", APPROVALS), ("District", DISTRICT)],
    ROLE_STATE_STAFF: [
        ("Approvals", APPROVALS),
        ("Educators", ADMIN_EDUCATORS),
        ("Reports", REPORTS),
        ("Administration", ADMIN),
    ],
}


def home_for(role: str) -> str:
    """Where a user lands after signing in."""
    return NAVIGATION.get(role, [("", PROFILE)])[0][1]


def safe_next(path: str | None) -> str | None:
    """A post-sign-in destination only if it is a path on this site (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    return path
