"""The educator's licenses page and the printable license: thin wrappers over services.licensing."""

from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx

from licensure_app.infra import clock
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.pdf import PDF_MIME

from .. import routes
from ..db import read_scope, session_scope
from ..models import ROLE_EDUCATOR
from ..services import licensing as svc
from ..services.accounts.authz import Principal
from . import live
from .auth import AuthState
from .guard import current_principal, opens_page, requires
from .ui import focus, focus_result, form_text


def _parse_day(value: str) -> date | None:
    """A <input type=date> value (YYYY-MM-DD), or None when blank or malformed."""
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


class LicensesState(AuthState):
    # Only what the page shows about the educator's own records; empty until load().
    licenses: list[svc.LicenseView] = []
    transcripts: list[svc.TranscriptView] = []
    background_check: str = ""
    assessments: list[svc.AssessmentView] = []
    loaded: bool = False
    claim_errors: dict[str, str] = {}
    claim_error: str = ""
    claim_message: str = ""
    # Changes after a successful claim so the form renders empty again.
    claim_form_version: int = 0
    _live_beat: float = 0.0  # the live loop's heartbeat (states/live.py)

    def _refresh(self, profile_id: int | None) -> None:
        if profile_id is None:
            self.licenses, self.transcripts, self.assessments = [], [], []
            self.background_check = ""
        else:
            with read_scope() as session:
                self.licenses = svc.licenses_for_holder(session, profile_id, clock.today())
                checklist = svc.checklist_for(session, profile_id)
            self.transcripts = list(checklist.transcripts)
            self.assessments = list(checklist.assessments)
            check = checklist.background_check
            self.background_check = check.status_label if check else ""
        self.loaded = True

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self):  # noqa: ANN201
        self.claim_errors, self.claim_error, self.claim_message = {}, "", ""
        self._refresh(current_principal().profile_id)
        return LicensesState.watch

    @rx.event(background=True)
    @requires(ROLE_EDUCATOR)
    async def watch(self) -> None:
        """A renewal approved elsewhere shows here at once (server-side check, no polling)."""

        async def refresh(principal: Principal) -> None:
            async with self:
                self._refresh(principal.profile_id)

        await live.follow(self, routes.LICENSES, _version_of, refresh)

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def claim(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        self.claim_message, self.claim_error = "", ""
        if principal.profile_id is None:
            self.claim_error = "There is no profile for this account."
            return None
        number, raw_day = form_text(form, "license_number"), form_text(form, "date_of_birth")
        day = _parse_day(raw_day)
        if raw_day.strip() and day is None:
            self.claim_errors = {"date_of_birth": "Enter your date of birth as a date."}
            return focus("date_of_birth")
        actor = audit.Actor(principal.account_id, principal.role, self._client_address())
        result = await asyncio.to_thread(
            _claim, actor, principal.account_id, principal.profile_id, number, day
        )
        self.claim_errors = {result.field: result.message} if result.field else {}
        if result.field:
            return focus(result.field)
        if not result.ok:
            self.claim_error = result.message
            return focus("license_number")
        self.claim_message = result.message
        self.claim_form_version += 1
        # The claim moved this account onto the state's record: find its profile again.
        refreshed = self._principal()
        self._refresh(refreshed.profile_id if refreshed else None)
        return focus_result("claim-result")

    @rx.event
    @requires(ROLE_EDUCATOR)
    async def download_pdf(self, number: str):  # noqa: ANN201
        """The holder's own license certificate as a PDF, made on the server.

        Another educator's number (a crafted event) is refused and audited, never served.
        """
        principal = current_principal()
        number = number if isinstance(number, str) else ""
        pdf = None
        if principal.profile_id is not None:
            pdf = await asyncio.to_thread(_certificate, principal.profile_id, number)
        if pdf is None:
            self._record_refusal(principal, f"download license {number[:16]}")
            return rx.toast.error("You can download only your own licenses.")
        return rx.download(
            data=pdf, filename=svc.certificate_filename(number.strip()), mime_type=PDF_MIME
        )


def _certificate(profile_id: int, number: str) -> bytes | None:
    with read_scope() as session:
        return svc.own_certificate_pdf(session, profile_id, number, clock.today(), utcnow())


def _claim(
    actor: audit.Actor, account_id: int, profile_id: int, number: str, day: date | None
) -> svc.ClaimResult:
    with session_scope() as session:
        return svc.claim_license(session, actor, account_id, profile_id, number, day)


# Pages are pre-rendered with default values, so the default license is empty.
_NO_LICENSE = svc.PrintableLicense("", "", "", "", (), "", "", "", "", "", "")


class PrintLicenseState(AuthState):
    # "pending" until load() has run, then "found" or "missing".
    print_status: str = "pending"
    printable: svc.PrintableLicense = _NO_LICENSE

    @rx.event
    @opens_page(ROLE_EDUCATOR)
    def load(self) -> None:
        principal = current_principal()
        number = str(self.router.page.params.get("license_number", ""))
        view = None
        if principal.profile_id is not None:
            with read_scope() as session:
                view = svc.print_view(session, principal.profile_id, number, clock.today())
        self.printable = view or _NO_LICENSE
        self.print_status = "found" if view else "missing"
        if view is None:
            # Someone else's (or an unknown) number: refused, and recorded like any refusal.
            self._record_refusal(principal, f"print license {number[:16]}")


def _version_of(principal: Principal) -> str:
    """What the licenses page shows has changed when this does (read in a worker thread)."""
    if principal.profile_id is None:
        return ""
    with read_scope() as session:
        return svc.version_for(session, principal.profile_id)
