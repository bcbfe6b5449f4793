"""/account : change the sign-in email or password, after entering the current password;
approvers and state staff also choose how they hear of new work in their queue."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import audit
from licensure_app.services.accounts import mail_preferences
from licensure_app.services.accounts.passwords import password_problem

from ..db import read_scope, session_scope
from ..models import ROLE_DISTRICT_APPROVER, ROLE_EDUCATOR, ROLE_STATE_STAFF
from ..services import accounts
from .auth import AuthState, start_session_script
from .guard import current_principal, opens_page, requires
from .ui import focus, form_text

ANY_SIGNED_IN = (ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)
WITH_A_QUEUE = (ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)


class AccountSecurityState(AuthState):
    email: str = ""
    email_errors: dict[str, str] = {}
    password_errors: dict[str, str] = {}
    message: str = ""
    # Approvers and state staff only: "immediate" or "digest" (Account.queue_mail).
    has_queue: bool = False
    queue_mail: str = ""
    queue_mail_message: str = ""
    queue_mail_error: str = ""

    @rx.event
    @opens_page(*ANY_SIGNED_IN)
    def load(self) -> None:
        principal = current_principal()
        self.email = principal.email
        self.email_errors, self.password_errors = {}, {}
        self.has_queue = principal.has_any(set(WITH_A_QUEUE))
        self.queue_mail_message = self.queue_mail_error = ""
        if self.has_queue:
            with read_scope() as session:
                self.queue_mail = mail_preferences.queue_mail_choice(session, principal.account_id)
        self.message = (
            "Password changed. Every other sign-in has been ended."
            if (self.router.url.query_parameters.get("changed") == "password")
            else ""
        )

    @rx.event
    @requires(*ANY_SIGNED_IN)
    async def change_email(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        current, new_email = form_text(form, "email_current_password"), form_text(form, "new_email")
        self.message = ""
        refused = await asyncio.to_thread(
            _reauthenticate, principal.account_id, current, self._client_address()
        )
        if refused:
            self.email_errors = {"email_current_password": refused}
            return focus("email_current_password")
        error = await asyncio.to_thread(
            _change_email, principal.account_id, new_email, self._client_address()
        )
        if error:
            self.email_errors = {"new_email": error}
            return focus("new_email")
        self.email_errors = {}
        self.email = accounts.normalise_email(new_email)
        self.message = "Email changed. We told your previous address too."
        return None

    @rx.event
    @requires(*WITH_A_QUEUE)
    async def save_queue_mail(self, form: dict) -> None:
        principal = current_principal()
        mode = form_text(form, "queue_mail")
        actor = audit.Actor(principal.account_id, principal.role, self._client_address())
        error = await asyncio.to_thread(_set_queue_mail, actor, principal.account_id, mode)
        self.queue_mail_error = error or ""
        self.queue_mail_message = "" if error else "Your choice is saved."
        if not error:
            self.queue_mail = mode

    @rx.event
    @requires(*ANY_SIGNED_IN)
    async def change_password(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        current = form_text(form, "current_password")
        new, confirm = form_text(form, "new_password"), form_text(form, "confirm_password")
        self.message = ""
        problem = password_problem(new, principal.email)
        if problem:
            self.password_errors = {"new_password": problem}
            return focus("new_password")
        if new != confirm:
            self.password_errors = {"confirm_password": "The passwords do not match."}
            return focus("confirm_password")
        refused = await asyncio.to_thread(
            _reauthenticate, principal.account_id, current, self._client_address()
        )
        if refused:
            self.password_errors = {"current_password": refused}
            return focus("current_password")
        ticket = await asyncio.to_thread(
            _change_password,
            principal.account_id,
            new,
            self._client_address(),
            principal.second_factor,
        )
        self.password_errors = {}
        # Every session was ended; this tab signs in again with a fresh one.
        return start_session_script(ticket)


def _reauthenticate(account_id: int, password: str, address: str) -> str | None:
    with session_scope() as session:
        return accounts.reauthenticate(session, account_id, password, address)


def _change_email(account_id: int, email: str, address: str) -> str | None:
    with session_scope() as session:
        return accounts.change_email(session, account_id, email, address)


def _set_queue_mail(actor: audit.Actor, account_id: int, mode: str) -> str | None:
    with session_scope() as session:
        return mail_preferences.set_queue_mail(session, actor, account_id, mode)


def _change_password(account_id: int, password: str, address: str, second_factor: bool) -> str:
    password_hash = accounts.new_password_hash(password)
    with session_scope() as session:
        return accounts.change_password(session, account_id, password_hash, address, second_factor)
