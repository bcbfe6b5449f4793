"""Register, sign in, and reset a forgotten password."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import reflex as rx

from licensure_app.services import accounts
from licensure_app.services.accounts import two_factor
from licensure_app.services.accounts.passwords import password_problem

from .. import routes
from ..db import read_scope, session_scope
from ..models import Account
from .auth import AuthState, start_session_script
from .guard import opens_page, public
from .ui import focus, form_text


class RegisterState(AuthState):
    errors: dict[str, str] = {}
    form_error: str = ""
    busy: bool = False
    # Shown when the email has an account: the same words whoever asks (see _register).
    sent_message: str = ""

    @public
    @rx.event
    async def create_account(self, form: dict):  # noqa: ANN201
        first, last, email = (
            form_text(form, "first_name"),
            form_text(form, "last_name"),
            form_text(form, "email"),
        )
        password, confirm = form_text(form, "password"), form_text(form, "confirm_password")
        self.errors = accounts.registration_errors(first, last, email, password, confirm)
        self.form_error, self.sent_message = "", ""
        if self.errors:
            return _focus_first_error(self.errors)
        address = self._client_address()
        ticket = await asyncio.to_thread(_register, first, last, email, password, address)
        if ticket == _THROTTLED:
            self.form_error = accounts.TOO_MANY_REGISTRATIONS
            return None
        if ticket is None:
            self.sent_message = accounts.CHECK_YOUR_EMAIL
            return None
        return start_session_script(ticket)


_THROTTLED = "throttled"


def _register(first: str, last: str, email: str, password: str, address: str) -> str | None:
    """Create the account and return the ticket that signs the new educator in.

    None when the email already has an account: its owner gets an email saying so, and the
    form answers with the generic "check your email" (it does not tell who is registered).
    _THROTTLED when the client address registered too many accounts lately (checked before
    the slow password hash, and whether or not the email has an account).
    """
    with read_scope() as session:
        if accounts.registration_throttled(session, address):
            return _THROTTLED
    password_hash = accounts.new_password_hash(password)
    try:
        with session_scope() as session:
            account = accounts.register_educator(
                session, first, last, email, password_hash, address
            )
            return accounts.issue_ticket(session, account.id or 0, routes.home_for("educator"))
    except accounts.TooManyRegistrations:
        return _THROTTLED
    except accounts.EmailTaken:
        pass
    with session_scope() as session:
        accounts.tell_owner_of_registration_attempt(session, email, address)
    return None


def _focus_first_error(errors: dict[str, str]) -> rx.event.EventSpec:
    return focus(next(iter(errors)))


class LoginState(AuthState):
    error: str = ""
    # "password", then "code" (enrolled) or "enroll" (first sign-in of an approver).
    stage: str = "password"
    enrol_qr: str = ""
    enrol_secret: str = ""
    demo_code: str = ""
    # Between the password and the code: server-only, expires after five minutes.
    _pending_account_id: int = 0
    _pending_until: float = 0.0
    _pending_next: str = ""
    _pending_secret: str = ""

    def _reset_stage(self) -> None:
        self.stage, self.enrol_qr, self.enrol_secret, self.demo_code = "password", "", "", ""
        self._pending_account_id, self._pending_until = 0, 0.0
        self._pending_next, self._pending_secret = "", ""

    @public
    @rx.event
    async def sign_in(self, form: dict):  # noqa: ANN201
        email, password = form_text(form, "email"), form_text(form, "password")
        if not email.strip() or not password:
            self.error = "Enter your email and password."
            return focus("email" if not email.strip() else "password")
        address = self._client_address()
        requested = routes.safe_next(self.router.url.query_parameters.get("next"))
        outcome = await asyncio.to_thread(_sign_in, email, password, address, requested)
        if outcome.error:
            self.error = outcome.error
            return focus("password")
        self.error = ""
        if outcome.ticket:
            return start_session_script(outcome.ticket)
        # Password right; a one-time code is still needed.
        self._pending_account_id = outcome.account_id
        self._pending_until = time.monotonic() + 300
        self._pending_next = outcome.destination
        self.demo_code = outcome.demo_code
        if outcome.enrolled:
            self.stage = "code"
        else:
            self._pending_secret = two_factor.new_secret()
            self.enrol_secret = self._pending_secret
            self.enrol_qr = two_factor.enrolment_qr(self._pending_secret, email.strip().lower())
            self.stage = "enroll"
        return focus("one_time_code")

    @public
    @rx.event
    async def verify_code(self, form: dict):  # noqa: ANN201
        if not self._pending_account_id or time.monotonic() > self._pending_until:
            self._reset_stage()
            self.error = "That took too long. Sign in again."
            return focus("email")
        code = form_text(form, "one_time_code")
        ticket, error = await asyncio.to_thread(
            _second_factor,
            self._pending_account_id,
            code,
            self._client_address(),
            self._pending_secret or None,
            self._pending_next,
        )
        if error:
            self.error = error
            return focus("one_time_code")
        self._reset_stage()
        self.error = ""
        return start_session_script(ticket)

    @rx.event
    @opens_page()
    def clear(self) -> None:
        self.error = ""
        self._reset_stage()


@dataclass(frozen=True)
class _SignInOutcome:
    error: str | None = None
    ticket: str = ""
    account_id: int = 0
    enrolled: bool = False
    destination: str = "/"
    demo_code: str = ""


def _sign_in(email: str, password: str, address: str, requested: str | None) -> _SignInOutcome:
    """Check the password; hand back a ticket, or say that a one-time code comes next."""
    with session_scope() as session:
        result = accounts.check_credentials(session, email, password, address)
        if result.account_id is None:
            return _SignInOutcome(error=result.error)
        account = session.get(Account, result.account_id)
        assert account is not None
        destination = requested or routes.home_for(account.role)
        if two_factor.needs_second_factor(session, account):
            return _SignInOutcome(
                account_id=result.account_id,
                enrolled=bool(account.totp_secret),
                destination=destination,
                demo_code=two_factor.demo_code(account),
            )
        return _SignInOutcome(ticket=accounts.issue_ticket(session, result.account_id, destination))


def _second_factor(
    account_id: int, code: str, address: str, secret: str | None, destination: str
) -> tuple[str, str | None]:
    with session_scope() as session:
        error = two_factor.check_code(session, account_id, code, address, secret)
        if error:
            return "", error
        # This sign-in passed the code: its session carries the approver and staff roles.
        ticket = accounts.issue_ticket(session, account_id, destination, second_factor=True)
        return ticket, None


class ForgotPasswordState(AuthState):
    sent_message: str = ""
    error: str = ""

    @public
    @rx.event
    async def send_link(self, form: dict):  # noqa: ANN201
        email = form_text(form, "email").strip()
        if "@" not in email:
            self.error = "Enter the email address of your account."
            return focus("email")
        self.error = ""
        await asyncio.to_thread(_request_reset, email, self._client_address())
        self.sent_message = (
            "If an account uses that email, we have sent it a link to set a new password. "
            "The link works once, for 30 minutes."
        )
        return None


def _request_reset(email: str, address: str) -> None:
    with session_scope() as session:
        accounts.request_password_reset(session, email, address)


class ResetPasswordState(AuthState):
    token_ok: bool = False
    checked: bool = False
    errors: dict[str, str] = {}
    done: bool = False

    @rx.event
    @opens_page()
    def check_token(self) -> None:
        token = self.router.url.query_parameters.get("token", "")
        with read_scope() as session:
            self.token_ok = bool(token) and accounts.reset_token_valid(session, token)
        self.checked, self.done, self.errors = True, False, {}

    @public
    @rx.event
    async def set_password(self, form: dict):  # noqa: ANN201
        password, confirm = form_text(form, "new_password"), form_text(form, "confirm_password")
        problem = password_problem(password)
        if problem:
            self.errors = {"new_password": problem}
            return focus("new_password")
        if password != confirm:
            self.errors = {"confirm_password": "The passwords do not match."}
            return focus("confirm_password")
        token = self.router.url.query_parameters.get("token", "")
        ok = await asyncio.to_thread(_reset, token, password, self._client_address())
        self.errors = {}
        if not ok:
            self.token_ok = False
            return None
        self.done = True
        return None


def _reset(token: str, password: str, address: str) -> bool:
    password_hash = accounts.new_password_hash(password)
    with session_scope() as session:
        return accounts.reset_password(session, token, password_hash, address)
