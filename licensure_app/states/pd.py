"""/pd : the live renewal tracker and the educator's professional development activities."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import audit, pd
from licensure_app.services.pd import evidence

from ..db import read_connection, read_scope, session_scope
from ..models import ROLE_EDUCATOR
from .auth import AuthState
from .guard import current_principal, opens_page, requires, requires_upload
from .ui import focus, focus_result

EVIDENCE_UPLOAD_ID = "evidence"
FORM_FIELDS = ("title", "provider", "kind", "amount", "completed_on")


class PDState(AuthState):
    trackers: list[pd.TrackerView] = []
    activities: list[pd.ActivityRow] = []
    loaded: bool = False
    # The add/edit form.
    form_open: bool = False
    editing_id: int = 0
    form_values: dict[str, str] = {}
    form_version: int = 0
    errors: dict[str, str] = {}
    # Evidence uploaded in the open form, attached when the activity is saved.
    staged: list[evidence.EvidenceInfo] = []
    upload_error: str = ""
    uploading: bool = False
    notice: str = ""
    warning: str = ""
    delete_id: int = 0
    delete_title: str = ""
    # What the shown tracker and activities were computed from (pd.page_version): a page
    # opened again with nothing changed is not recomputed (nor sent again).
    _shown_version: str = ""

    def _actor(self) -> audit.Actor:
        principal = current_principal()
        return audit.Actor(principal.account_id, principal.role, self._client_address())

    def _refresh(self, profile_id: int | None) -> None:
        if profile_id is None:
            self._assign_changed(trackers=[], activities=[], loaded=True)
            return
        today = clock.today()
        if self.loaded:
            # Most visits change nothing: one small read, without an ORM session.
            with read_connection() as connection:
                if pd.page_version(connection, profile_id, today) == self._shown_version:
                    return
        with read_scope() as session:
            version = pd.page_version(session, profile_id, today)
            activities = pd.holder_activities(session, profile_id)
            trackers = pd.trackers(session, profile_id, today, activities)
            rows = pd.activity_rows(session, profile_id, activities)
        self._assign_changed(trackers=trackers, activities=rows, loaded=True)
        self._shown_version = version

    def _activity(self, activity_id: int) -> pd.ActivityRow | None:
        return next((a for a in self.activities if a.activity_id == activity_id), None)

    def _close_form(self) -> None:
        self._assign_changed(
            form_open=False, editing_id=0, errors={}, staged=[], upload_error="", form_values={}
        )

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self) -> None:
        self._close_form()
        # A reload never brings back a confirmation the user left open.
        self._assign_changed(notice="", warning="", delete_id=0, delete_title="")
        self._refresh(current_principal().profile_id)

    @rx.event
    @requires(ROLE_EDUCATOR)
    def open_add_form(self) -> None:
        self._close_form()
        self.form_open = True
        self.form_version += 1
        self.notice = self.warning = ""
        # The Title field takes focus itself when the form mounts (autofocus): a delayed
        # script could move focus while the user is already typing.

    @rx.event
    @requires(ROLE_EDUCATOR)
    def start_edit(self, activity_id: int):  # noqa: ANN201
        row = self._activity(activity_id)
        if row is None or not row.editable:
            return rx.toast.error("That activity cannot be changed.")
        self._close_form()
        self.form_open, self.editing_id = True, activity_id
        self.form_values = {
            "title": row.title,
            "provider": row.provider,
            "kind": row.kind,
            "amount": row.amount,
            "completed_on": row.completed_on_iso,
        }
        self.form_version += 1
        self.notice = self.warning = ""
        return None

    @rx.event
    @requires(ROLE_EDUCATOR)
    def cancel_form(self) -> None:
        self._close_form()

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def save_activity(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        if principal.profile_id is None:
            return rx.toast.error("There is no profile for this account.")
        values = pd.ActivityForm(
            **{f: v if isinstance(v := form.get(f, ""), str) else "" for f in FORM_FIELDS}
        )
        staged_ids = [f.evidence_id for f in self.staged]
        result = await asyncio.to_thread(
            _save, self._actor(), principal.profile_id, self.editing_id, values, staged_ids
        )
        if result.errors:
            self.errors = result.errors
            self.form_values = dataclasses.asdict(values)
            first = next(iter(result.errors))
            if first == "form":
                return rx.toast.error(result.errors["form"])
            return focus(first)
        self.notice = "Activity updated" if self.editing_id else "Activity saved"
        self.warning = result.warning
        self._close_form()
        self._refresh(principal.profile_id)
        return focus_result("pd-result")

    @rx.event
    @requires_upload(ROLE_EDUCATOR, max_bytes=evidence.MAX_BYTES)
    async def stage_evidence(self, files: list[rx.UploadFile]):  # noqa: ANN201
        principal = current_principal()
        if principal.profile_id is None:
            return
        self.upload_error = ""
        for file in files:
            data = await file.read(evidence.MAX_BYTES + 1)
            name = file.name or "evidence"
            row, problem = await asyncio.to_thread(
                _store, self._actor(), principal.profile_id, name, data
            )
            if problem:
                self.upload_error = problem
            elif row is not None:
                self.staged.append(row)

    @rx.event
    @requires(ROLE_EDUCATOR)
    def unstage_evidence(self, evidence_id: int) -> None:
        self.staged = [f for f in self.staged if f.evidence_id != evidence_id]

    @rx.event
    @requires(ROLE_EDUCATOR)
    def ask_delete(self, activity_id: int) -> None:
        row = self._activity(activity_id)
        if row is not None and row.editable:
            self.delete_id, self.delete_title = activity_id, row.title

    @rx.event
    @requires(ROLE_EDUCATOR)
    def cancel_delete(self) -> None:
        self.delete_id, self.delete_title = 0, ""

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def confirm_delete(self):  # noqa: ANN201
        principal = current_principal()
        activity_id, title = self.delete_id, self.delete_title
        self.delete_id, self.delete_title = 0, ""
        if principal.profile_id is None or not activity_id:
            return None
        problem = await asyncio.to_thread(_delete, self._actor(), principal.profile_id, activity_id)
        if problem:
            return rx.toast.error(problem)
        self.notice, self.warning = f"Deleted “{title}”", ""
        self._refresh(principal.profile_id)
        return focus_result("pd-result")


def _save(
    actor: audit.Actor,
    profile_id: int,
    editing_id: int,
    form: pd.ActivityForm,
    staged_ids: list[int],
) -> pd.SaveResult:
    with session_scope() as session:
        if editing_id:
            return pd.update_activity(
                session, actor, profile_id, editing_id, form, clock.today(), staged_ids
            )
        return pd.add_activity(session, actor, profile_id, form, clock.today(), staged_ids)


def _store(
    actor: audit.Actor, profile_id: int, name: str, data: bytes
) -> tuple[evidence.EvidenceInfo | None, str | None]:
    with session_scope() as session:
        row, problem = evidence.store_evidence(session, actor, profile_id, name, data)
        return (evidence.info(row) if row else None), problem


def _delete(actor: audit.Actor, profile_id: int, activity_id: int) -> str | None:
    with session_scope() as session:
        return pd.delete_activity(session, actor, profile_id, activity_id)
