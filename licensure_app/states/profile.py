"""The educator's profile page: contact details, and a request to change the legal name."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import audit
from licensure_app.services.accounts import name_changes, profiles
from licensure_app.services.pd import evidence

from ..db import read_scope, session_scope
from ..models import ROLE_EDUCATOR
from .auth import AuthState
from .guard import current_principal, opens_page, requires, requires_upload
from .ui import focus, form_text

DOCUMENT_UPLOAD_ID = "name_change_document"


class ProfileState(AuthState):
    # The educator's own details; empty until load() has checked who is asking.
    profile: profiles.ProfileView = profiles.ProfileView()
    errors: dict[str, str] = {}
    saved_message: str = ""
    # Changes whenever the profile is (re)loaded so the form re-reads its default values.
    form_version: int = 0
    # The latest name-change request (request_id 0: none) and the request form.
    name_change: name_changes.NameChangeStatus = name_changes.NameChangeStatus()
    request_open: bool = False
    request_errors: dict[str, str] = {}
    request_message: str = ""
    # The document uploaded for the request (at most one), sent with it.
    document: list[evidence.EvidenceInfo] = []
    document_error: str = ""

    def _actor(self) -> audit.Actor:
        principal = current_principal()
        return audit.Actor(principal.account_id, principal.role, self._client_address())

    def _close_request(self) -> None:
        self._assign_changed(request_open=False, request_errors={}, document=[], document_error="")

    def _show(self, profile_id: int) -> None:
        with read_scope() as session:
            self.profile = profiles.view_profile(session, profile_id)
            latest = name_changes.latest_request(session, profile_id)
        self.name_change = latest or name_changes.NameChangeStatus()
        self.form_version += 1

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self) -> None:
        principal = current_principal()
        self.errors, self.saved_message = {}, ""
        self._close_request()
        self.request_message = ""
        if principal.profile_id is None:
            self.profile = profiles.ProfileView()
            self.name_change = name_changes.NameChangeStatus()
            return
        self._show(principal.profile_id)

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def save(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        if principal.profile_id is None:
            return rx.toast.error("There is no profile for this account.")
        # Contact details only: name fields a crafted event may carry are ignored.
        values = {f: form_text(form, f) for f in profiles.EDITABLE_FIELDS}
        errors = await asyncio.to_thread(
            _save, self._actor(), principal.profile_id, profiles.ProfileForm(**values)
        )
        self.errors = errors
        if errors:
            self.saved_message = ""
            return focus(next(iter(errors)))
        self._show(principal.profile_id)
        self.saved_message = "Profile saved"
        return None

    @rx.event
    @requires(ROLE_EDUCATOR)
    def open_request(self):  # noqa: ANN201
        self._close_request()
        self.request_open, self.request_message = True, ""
        return focus("new_first_name")

    @rx.event
    @requires(ROLE_EDUCATOR)
    def cancel_request(self) -> None:
        self._close_request()

    @rx.event
    @requires_upload(ROLE_EDUCATOR, max_bytes=evidence.MAX_BYTES)
    async def stage_document(self, files: list[rx.UploadFile]):  # noqa: ANN201
        principal = current_principal()
        if principal.profile_id is None or not files:
            return
        file = files[0]
        data = await file.read(evidence.MAX_BYTES + 1)
        row, problem = await asyncio.to_thread(
            _store, self._actor(), principal.profile_id, file.name or "document", data
        )
        self.document_error = problem or ""
        if row is not None:
            self.document = [row]

    @rx.event
    @requires(ROLE_EDUCATOR)
    def remove_document(self) -> None:
        self.document = []

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def send_request(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        if principal.profile_id is None:
            return rx.toast.error("There is no profile for this account.")
        request = name_changes.NameChangeForm(
            first_name=form_text(form, "new_first_name"),
            middle_name=form_text(form, "new_middle_name"),
            last_name=form_text(form, "new_last_name"),
            reason=form_text(form, "name_change_reason"),
        )
        document_id = self.document[0].evidence_id if self.document else 0
        result = await asyncio.to_thread(
            _request, self._actor(), principal.profile_id, request, document_id
        )
        if not result.ok:
            self.request_errors = result.errors
            if not result.errors:
                return rx.toast.error(result.message)
            return focus(next(iter(result.errors)))
        self._close_request()
        self.request_message = result.message
        self._show(principal.profile_id)
        return None


def _save(actor: audit.Actor, profile_id: int, form: profiles.ProfileForm) -> dict[str, str]:
    with session_scope() as session:
        return profiles.save_profile(session, actor, profile_id, form)


def _store(
    actor: audit.Actor, profile_id: int, name: str, data: bytes
) -> tuple[evidence.EvidenceInfo | None, str | None]:
    with session_scope() as session:
        row, problem = evidence.store_evidence(session, actor, profile_id, name, data)
        return (evidence.info(row) if row else None), problem


def _request(
    actor: audit.Actor, profile_id: int, form: name_changes.NameChangeForm, document_id: int
) -> name_changes.NameChangeResult:
    with session_scope() as session:
        return name_changes.request_name_change(session, actor, profile_id, form, document_id)
