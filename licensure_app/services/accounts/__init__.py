"""Accounts: who may sign in, and how.

Password hashing is slow on purpose: callers run these functions off the event loop
(`asyncio.to_thread`).

Where things live:
- `registration`: registration form checks, `register_educator` (throttled per client
  address), email normalisation, the notice to the owner of an email someone tried to
  register again.
- `sign_in`: `check_credentials` with throttling per account and per address.
- `sessions`: server-side sessions (open, check, touch, close) and one-time session tickets.
  `session_cache`: the check on every event, answered in-process when that is exact.
- `password_reset`: reset links by e-mail and their one-time use.
- `credentials`: re-authentication (throttled, logged), changing password or email.
- `passwords`: hashing and the password policy. `two_factor`: one-time codes.
- `authz`: the signed-in `Principal` and its permissions. `profiles`: the educator's profile
  (contact details). `name_changes`: an educator's legal-name change request;
  `name_change_review`: state staff approve or reject it.
- `mail_preferences`: an approver's choice of an e-mail per application or a daily digest.
"""

from licensure_app.services.accounts import (
    authz,
    mail_preferences,
    name_change_review,
    name_changes,
    passwords,
    profiles,
    registration,
    two_factor,
)
from licensure_app.services.accounts.credentials import (
    WRONG_PASSWORD,
    change_email,
    change_password,
    new_password_hash,
    reauthenticate,
)
from licensure_app.services.accounts.password_reset import (
    RESET_TOKEN_LIFETIME,
    request_password_reset,
    reset_password,
    reset_token_valid,
)
from licensure_app.services.accounts.registration import (
    CHECK_YOUR_EMAIL,
    TOO_MANY_REGISTRATIONS,
    EmailTaken,
    TooManyRegistrations,
    normalise_email,
    register_educator,
    registration_errors,
    registration_throttled,
    tell_owner_of_registration_attempt,
)
from licensure_app.services.accounts.session_cache import check_session_cached
from licensure_app.services.accounts.sessions import (
    SESSION_ABSOLUTE_TIMEOUT,
    SESSION_COOKIE,
    SESSION_IDLE_TIMEOUT,
    SESSION_TOUCH_INTERVAL,
    TICKET_LIFETIME,
    LiveSession,
    check_session,
    close_all_sessions,
    close_session,
    issue_ticket,
    open_session,
    redeem_ticket,
    resolve_session,
    token_digest,
    token_from_cookie_header,
    touch_session,
)
from licensure_app.services.accounts.sign_in import (
    ACCOUNT_FAILURE_LIMIT,
    ADDRESS_FAILURE_LIMIT,
    GENERIC_SIGN_IN_ERROR,
    THROTTLE_WINDOW,
    THROTTLED_ERROR,
    SignInResult,
    check_credentials,
)

__all__ = [
    "ACCOUNT_FAILURE_LIMIT",
    "CHECK_YOUR_EMAIL",
    "TOO_MANY_REGISTRATIONS",
    "ADDRESS_FAILURE_LIMIT",
    "GENERIC_SIGN_IN_ERROR",
    "RESET_TOKEN_LIFETIME",
    "SESSION_ABSOLUTE_TIMEOUT",
    "SESSION_COOKIE",
    "SESSION_IDLE_TIMEOUT",
    "SESSION_TOUCH_INTERVAL",
    "THROTTLED_ERROR",
    "THROTTLE_WINDOW",
    "TICKET_LIFETIME",
    "WRONG_PASSWORD",
    "EmailTaken",
    "TooManyRegistrations",
    "LiveSession",
    "SignInResult",
    "authz",
    "mail_preferences",
    "name_change_review",
    "name_changes",
    "change_email",
    "change_password",
    "check_credentials",
    "check_session",
    "check_session_cached",
    "close_all_sessions",
    "close_session",
    "issue_ticket",
    "new_password_hash",
    "normalise_email",
    "open_session",
    "passwords",
    "profiles",
    "reauthenticate",
    "redeem_ticket",
    "register_educator",
    "registration",
    "registration_errors",
    "registration_throttled",
    "request_password_reset",
    "reset_password",
    "reset_token_valid",
    "resolve_session",
    "tell_owner_of_registration_attempt",
    "token_digest",
    "token_from_cookie_header",
    "touch_session",
    "two_factor",
]
