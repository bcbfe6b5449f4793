"""The educator's profile page."""

from __future__ import annotations

import asyncio

import reflex as rx

from licensure_app.services import audit
from licensure_app.services.accounts import profiles

from ..db import read_scope, session_scope
from ..models import ROLE_EDUCATOR
from .auth import AuthState
from .guard import current_principal, opens_page, requires
from .ui import focus


class ProfileState(AuthState):
    # The educator's own details; empty until load() has checked who is asking.
    profile: profiles.ProfileView = profiles.ProfileView()
    errors: dict[str, str] = {}
    saved_message: str = ""
    # Changes whenever the profile is (re)loaded so the form re-reads its default values.
    form_version: int = 0

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self) -> None:
        principal = current_principal()
        self.errors, self.saved_message = {}, ""
        if principal.profile_id is None:
            self.profile = profiles.ProfileView()
            return
        with read_scope() as session:
            view = profiles.view_profile(session, principal.profile_id)
        self.profile = view
        self.form_version += 1

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def save(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        if principal.profile_id is None:
            return rx.toast.error("There is no profile for this account.")
        values = {
            f: (form.get(f) if isinstance(form.get(f), str) else "")
            for f in profiles.EDITABLE_FIELDS
        }
        actor = audit.Actor(principal.account_id, principal.role, self._client_address())
        errors = await asyncio.to_thread(
            _save, actor, principal.profile_id, profiles.ProfileForm(**values)
        )
        self.errors = errors
        if errors:
            self.saved_message = ""
            return focus(next(iter(errors)))
        with read_scope() as session:
            self.profile = profiles.view_profile(session, principal.profile_id)
        self.form_version += 1
        self.saved_message = "Profile saved"
        return None


def _save(actor: audit.Actor, profile_id: int, form: profiles.ProfileForm) -> dict[str, str]:
    with session_scope() as session:
        return profiles.save_profile(session, actor, profile_id, form)
