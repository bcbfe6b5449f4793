"""/apply : the application wizard. Drafts live in the database, saved on every step."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from licensure_app.domain.status import is_editable
from licensure_app.infra import clock
from licensure_app.services import applications, audit
from licensure_app.services.applications import Answers, ApplicationError, wizard
from licensure_app.services.pd import evidence

from .. import routes
from ..db import read_scope, session_scope
from ..models import ROLE_EDUCATOR, Application
from .auth import AuthState
from .guard import current_principal, opens_page, requires
from .ui import focus

ATTACHMENT_UPLOAD_ID = "attachment"


class WizardState(AuthState):
    step: int = 0
    loaded: bool = False
    type_options: list[applications.TypeChoice] = []
    license_options: list[applications.LicenseChoice] = []
    drafts: list[applications.DraftLink] = []
    chosen_type: str = ""
    chosen_license: str = ""
    # The open application (the applicant's own; every handler re-checks ownership).
    application_id: int = 0
    view: applications.WizardView = applications.WizardView()
    # What the applicant is typing (saved on every step): question key -> text, the
    # conduct answers and explanation, the sworn statement, the option, reused evidence.
    answers: dict[str, str] = {}
    attestation: dict[str, str] = {}
    sworn: bool = False
    renewal_option_id: str = ""
    reused_ids: list[str] = []
    attachment_kind: str = ""
    errors: dict[str, str] = {}
    upload_error: str = ""
    saved_note: str = ""
    submitted: bool = False
    # "Discard draft" asks first (a dialog); the draft is deleted only on confirmation.
    confirming_discard: bool = False
    form_version: int = 0

    # ------------------------------------------------------------ helpers (server only)

    def _actor(self) -> audit.Actor:
        p = current_principal()
        return audit.Actor(p.account_id, p.role, self._client_address())

    def _profile_id(self) -> int:
        profile_id = current_principal().profile_id
        if profile_id is None:
            raise ApplicationError("There is no educator profile for this account.")
        return profile_id

    def _show(self, application_id: int) -> None:
        with read_scope() as session:
            app = session.get(Application, application_id)
            v = wizard.view(session, app, clock.today())
        self.application_id = v.application_id
        self.view = v
        self.answers = dict(v.answers)
        self.attestation = dict(v.attestation)
        self.sworn = v.sworn
        self.renewal_option_id = v.renewal_option_id
        self.reused_ids = list(v.reused_ids)
        needed = v.attachments_needed
        self.attachment_kind = needed[0].key if needed else ""
        self.form_version += 1

    def _open(self, application_id: int) -> None:
        """Open the applicant's own draft or returned application (a returned one reopens at
        the step its reason concerns, with the declaration to give again)."""
        profile_id, actor = self._profile_id(), self._actor()
        with session_scope() as session:
            draft = applications.reopen(session, actor, profile_id, application_id)
        self._show(application_id)
        self.step = max(wizard.ELIGIBILITY, min(draft.step, len(wizard.STEPS) - 1))

    def _payload(self) -> dict[str, Any]:
        return {
            "questions": dict(self.answers),
            "attestation": {**self.attestation, "sworn": self.sworn},
            "renewal_option_id": int(self.renewal_option_id)
            if _is_number(self.renewal_option_id)
            else None,
            "reused_evidence_ids": [int(i) for i in self.reused_ids if _is_number(i)],
        }

    def _save(self, step: int) -> None:
        profile_id, actor, payload, app_id = (
            self._profile_id(),
            self._actor(),
            self._payload(),
            self.application_id,
        )
        with session_scope() as session:
            applications.save_draft(session, actor, profile_id, app_id, payload, step)
        self.saved_note = "Draft saved " + clock.now_text()

    def _merge_form(self, form: dict) -> None:
        keys = {q.key for q in self.view.questions}
        for key, value in form.items():
            if key in keys and isinstance(value, str):
                self.answers[key] = value
            elif key in ("conduct_convicted", "conduct_disciplined", "conduct_explanation"):
                self.attestation[key] = value if isinstance(value, str) else ""
            elif key == "renewal_option" and isinstance(value, str):
                self.renewal_option_id = value
        if self.step == wizard.DECLARATION:
            self.sworn = form.get("sworn") in ("on", True, "true")

    # ------------------------------------------------------------ events

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self):  # noqa: ANN201
        self.errors, self.upload_error, self.saved_note, self.submitted = {}, "", "", False
        self.confirming_discard = False
        self.step, self.application_id = 0, 0
        self.view = applications.WizardView()
        params = self.router.url.query_parameters
        profile_id = current_principal().profile_id
        with read_scope() as session:
            self.type_options = applications.type_choices()
            self.license_options = (
                applications.license_choices(session, profile_id) if profile_id else []
            )
            self.drafts = applications.open_drafts(session, profile_id) if profile_id else []
        self.chosen_type = params.get("type", "")
        self.chosen_license = params.get("license", "")
        self.loaded = True
        try:
            if _is_number(params.get("application", "")):
                self._open(int(params["application"]))
            elif self.chosen_type:
                option = params.get("option", "")
                self._start(int(option) if _is_number(option) else None)
        except ApplicationError as exc:
            self.errors = {"_": str(exc)}
        self.form_version += 1

    def _start(self, option_id: int | None) -> None:
        profile_id, actor = self._profile_id(), self._actor()
        with session_scope() as session:
            draft = applications.start_or_resume(
                session, actor, profile_id, self.chosen_type, self.chosen_license, option_id
            )
        self._open(draft.application_id)

    def _to_choice(self) -> None:
        """Back to the first step (type and license); the draft stays in "Continue"."""
        profile_id = self._profile_id()
        with read_scope() as session:
            self.drafts = applications.open_drafts(session, profile_id)
        self.step, self.application_id = 0, 0
        self.view = applications.WizardView()
        self.errors, self.saved_note = {}, ""

    @rx.event
    @requires(ROLE_EDUCATOR)
    def choose(self, form: dict):  # noqa: ANN201
        self.chosen_type = str(form.get("app_type", "") or "")
        self.chosen_license = str(form.get("license_number", "") or "")
        self.errors = {}
        if not self.chosen_type:
            self.errors = {"app_type": "Choose the type of application."}
            return focus("app_type")
        needs_license = next(
            (t.needs_license for t in self.type_options if t.code == self.chosen_type), False
        )
        if needs_license and not self.chosen_license:
            self.errors = {"license_number": "Choose the license this application is for."}
            return focus("license_number")
        try:
            self._start(None)
        except ApplicationError as exc:
            self.errors = {"_": str(exc)}
            return None
        return focus("wizard-step-heading", interrupt_typing=False)

    @rx.event
    @requires(ROLE_EDUCATOR)
    def set_answer(self, key: str, value: str) -> None:
        if key in {q.key for q in self.view.questions}:
            self.answers[key] = value[:2000]
        elif key in ("conduct_convicted", "conduct_disciplined", "conduct_explanation"):
            self.attestation[key] = value[:2000]
        elif key == "renewal_option":
            self.renewal_option_id = value

    @rx.event
    @requires(ROLE_EDUCATOR)
    def set_sworn(self, checked: bool) -> None:
        self.sworn = bool(checked)

    @rx.event
    @requires(ROLE_EDUCATOR)
    def set_attachment_kind(self, value: str) -> None:
        self.attachment_kind = value

    @rx.event
    @requires(ROLE_EDUCATOR)
    def next_step(self, form: dict):  # noqa: ANN201
        if not self.application_id:
            return None
        self._merge_form(form)
        try:
            self._save(self.step)
        except ApplicationError as exc:
            self.errors = {"_": str(exc)}
            return None
        with read_scope() as session:
            app = session.get(Application, self.application_id)
            errors = wizard.step_errors(session, app, self.step, clock.today())
        self.errors = errors
        if errors:
            return focus(_focus_target(next(iter(errors))))
        if self.step >= wizard.DECLARATION:
            return self._submit()
        self.step += 1
        self._save(self.step)
        self._show(self.application_id)
        return focus("wizard-step-heading", interrupt_typing=False)

    def _submit(self):  # noqa: ANN202
        profile_id, actor = self._profile_id(), self._actor()
        with session_scope() as session:
            assessment = applications.submit(
                session, actor, profile_id, self.application_id, clock.today()
            )
        if not assessment.ready:
            problems = assessment.problems + assessment.attachment_problems
            self.errors = {**assessment.attestation_errors, **assessment.question_errors}
            if problems:
                self.errors["_"] = " ".join(problems)
            return focus(_focus_target(next(iter(self.errors))))
        self.submitted = True
        self.errors = {}
        return rx.redirect(f"{routes.APPLICATIONS}?submitted={self.application_id}")

    @rx.event
    @requires(ROLE_EDUCATOR)
    def back(self):  # noqa: ANN201
        if not self.application_id or self.step < wizard.ELIGIBILITY:
            return None
        if self.step == wizard.ELIGIBILITY:
            self._to_choice()
            self.form_version += 1
            return focus("wizard-step-heading", interrupt_typing=False)
        self.errors = {}
        self.step -= 1
        try:
            self._save(self.step)
        except ApplicationError as exc:
            self.errors = {"_": str(exc)}
        self.form_version += 1
        return focus("wizard-step-heading", interrupt_typing=False)

    @rx.event
    @requires(ROLE_EDUCATOR)
    def save_draft(self) -> None:
        if not self.application_id:
            return
        try:
            self._save(self.step)
        except ApplicationError as exc:
            self.errors = {"_": str(exc)}

    @rx.event
    @requires(ROLE_EDUCATOR)
    def ask_discard(self) -> None:
        self.confirming_discard = bool(self.application_id) and self.view.status == "draft"

    @rx.event
    @requires(ROLE_EDUCATOR)
    def cancel_discard(self) -> None:
        self.confirming_discard = False

    @rx.event
    @requires(ROLE_EDUCATOR)
    def confirm_discard(self):  # noqa: ANN201
        application_id, self.confirming_discard = self.application_id, False
        if not application_id:
            return None
        profile_id, actor = self._profile_id(), self._actor()
        try:
            with session_scope() as session:
                applications.discard(session, actor, profile_id, application_id)
        except ApplicationError as exc:
            self.errors = {"_": str(exc)}
            return focus("wizard-errors")
        self.application_id = 0
        return rx.redirect(f"{routes.APPLICATIONS}?discarded=1")

    @rx.event
    @requires(ROLE_EDUCATOR)
    def toggle_reuse(self, evidence_id: str) -> None:
        ids = list(self.reused_ids)
        if evidence_id in ids:
            ids.remove(evidence_id)
        elif evidence_id in {r.id for r in self.view.reusable}:
            ids.append(evidence_id)
        self.reused_ids = ids
        self._save(self.step)

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def stage_attachment(self, files: list[rx.UploadFile]):  # noqa: ANN201
        if not self.application_id:
            return
        profile_id, actor = self._profile_id(), self._actor()
        self.upload_error = ""
        for file in files:
            data = await file.read(evidence.MAX_BYTES + 1)
            problem = await asyncio.to_thread(
                _attach,
                actor,
                profile_id,
                self.application_id,
                file.name or "attachment",
                data,
                self.attachment_kind,
            )
            if problem:
                self.upload_error = problem
        self._show(self.application_id)


def _is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²", which int() refuses."""
    return text.isascii() and text.isdecimal()


def _focus_target(error_key: str) -> str:
    """The element to focus for an error: the summary, a yes/no group's first radio, or the field."""
    if error_key == "_":
        return "wizard-errors"
    if error_key in ("conduct_convicted", "conduct_disciplined"):
        return f"{error_key}-yes"
    return error_key


def _attach(
    actor: audit.Actor, profile_id: int, application_id: int, name: str, data: bytes, kind: str
) -> str | None:
    with session_scope() as session:
        app = session.get(Application, application_id)
        if app is None or app.applicant_id != profile_id or not is_editable(app.status):
            return "This application can no longer be changed."
        row, problem = evidence.store_evidence(
            session, actor, profile_id, name, data, application_id=application_id
        )
        if row is not None:
            kinds = {**Answers.of(app).attachment_kinds, str(row.id): kind}
            applications.save_draft(
                session,
                actor,
                profile_id,
                application_id,
                {"attachment_kinds": kinds},
                app.current_step,
            )
        return problem
