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
    NOTIFICATIONS: frozenset({ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF}),
    ACCOUNT: frozenset({ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF}),
}

# Navigation per role: (label, route).
NAVIGATION: dict[str, list[tuple[str, str]]] = {
    ROLE_EDUCATOR: [
        ("Licenses", LICENSES),
        ("Professional development", PD),
        ("Applications", APPLICATIONS),
        ("Profile", PROFILE),
    ],
    ROLE_DISTRICT_APPROVER: [("Approvals", APPROVALS)],
    ROLE_STATE_STAFF: [("Approvals", APPROVALS), ("Administration", ADMIN)],
}


def home_for(role: str) -> str:
    """Where a user lands after signing in."""
    return NAVIGATION.get(role, [("", PROFILE)])[0][1]


def safe_next(path: str | None) -> str | None:
    """A post-sign-in destination only if it is a path on this site (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    return path
