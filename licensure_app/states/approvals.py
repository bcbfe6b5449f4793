"""/approvals : the approver's live queue, one application's record, decisions (the
district's designees are states/designees.py).

Thin: every rule and every write is in services.approvals / services.designees. Public vars
hold the services' dataclasses with only what the page shows; the applicant's contact details
reach the browser only inside `detail`, which services.approvals fills only for an approver of
the applicant's district (or state staff).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import plural
from licensure_app.domain.status import VISIBLE_TO_APPROVERS, application_label
from licensure_app.services import approvals, audit
from licensure_app.services.accounts.authz import Principal

from .. import routes
from ..db import read_scope, session_scope
from ..models import ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF
from . import approvals_jobs as jobs
from . import live
from .auth import AuthState
from .guard import current_principal, opens_page, requires
from .ui import focus, focus_result, form_text, run_script

APPROVERS = (ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)
STATUS_FILTERS: tuple[tuple[str, str], ...] = (
    ("waiting", "Waiting for my decision"),
    ("all", "All statuses"),
    *[(s, application_label(s)) for s in VISIBLE_TO_APPROVERS],
)
TYPE_FILTERS: tuple[tuple[str, str], ...] = (
    ("", "All types"),
    *[(code, t.title) for code, t in TYPES.items()],
)
SORTS: tuple[tuple[str, str], ...] = (
    ("oldest", "Waiting longest first"),
    ("newest", "Newest first"),
    ("expiring", "Expiring soonest"),
)
ASSIGNEES: tuple[tuple[str, str], ...] = (
    ("any", "Anyone"),
    ("me", "Assigned to me"),
    ("none", "Unassigned"),
)


def _int(value: Any) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


def _detail_url(application_id: int) -> str:
    return f"{routes.APPROVALS}?application={application_id}"


class ApprovalsState(AuthState):
    # The queue.
    rows: list[approvals.QueueRow] = []
    counts: list[approvals.StatusCount] = []
    waiting: int = 0
    badge_days: int = 14
    page: int = 0
    has_next: bool = False
    loaded: bool = False
    is_state: bool = False
    is_superintendent: bool = False
    district_options: list[approvals.DistrictOption] = []
    filter_district: str = ""
    filter_type: str = ""
    filter_status: str = "waiting"
    sort: str = "oldest"
    search: str = ""
    filter_assignee: str = "any"
    # One application (None when the queue is shown).
    detail: approvals.ApplicationDetail | None = None
    detail_missing: bool = False
    viewing: str = ""
    reason: str = ""
    verified: bool = False
    reason_error: str = ""
    verify_error: str = ""
    form_version: int = 0
    message: str = ""
    message_tone: str = "success"
    # Its assignment and internal notes (approvers and state staff only, never the applicant).
    work: approvals.WorkPanel | None = None
    note_error: str = ""
    note_version: int = 0
    reject_open: bool = False
    # Per-activity evidence review: the message and reason error of the activity last decided.
    review_activity: int = 0
    review_message: str = ""
    review_tone: str = "success"
    review_error: str = ""
    # Backend only: the "Reason for not accepting" typed per activity (id -> text).
    _activity_reasons: dict[str, str] = {}
    # Bulk approval of renewals.
    selected: list[int] = []
    bulk_open: bool = False
    bulk_list: list[approvals.BulkCandidate] = []
    bulk_verified: bool = False
    bulk_error: str = ""
    # Designees (superintendents only).
    # Backend only: the heartbeat of this tab's live loop (`live.follow`).
    _live_beat: float = 0.0

    # ------------------------------------------------------------ helpers

    def _actor(self, principal: Principal) -> audit.Actor:
        return audit.Actor(principal.account_id, principal.role, self._client_address())

    def _filters(self) -> approvals.QueueFilters:
        return approvals.QueueFilters(
            district_id=_int(self.filter_district) or None,
            app_type=self.filter_type if self.filter_type in TYPES else "",
            status=self.filter_status,
            sort=self.sort,
            search=self.search,
            assignee=self.filter_assignee,
            page=self.page,
        )

    def _show_queue(self, view: approvals.QueueView) -> None:
        self.rows = list(view.rows)
        self.counts = list(view.counts)
        self.waiting, self.badge_days = view.waiting, view.badge_days
        self.page, self.has_next = view.page, view.has_next
        visible = {r.application_id for r in view.rows if r.can_bulk_approve}
        self.selected = [i for i in self.selected if i in visible]
        self.loaded = True

    def _refresh_queue(self, principal: Principal) -> None:
        with read_scope() as session:
            self._show_queue(approvals.queue(session, principal, self._filters()))

    def _refresh_detail(self, principal: Principal, application_id: int) -> None:
        with read_scope() as session:
            found = approvals.detail(session, principal, application_id)
            work = approvals.work_panel(session, principal, application_id) if found else None
        self.detail, self.detail_missing, self.work = found, found is None, work

    def _reset_decision_form(self) -> None:
        self.reason, self.verified, self.reason_error, self.verify_error = "", False, "", ""
        self.viewing, self.note_error, self.reject_open = "", "", False
        self.review_activity, self.review_message, self.review_error = 0, "", ""
        self._activity_reasons = {}
        self.form_version += 1

    # ------------------------------------------------------------ loading

    @rx.event
    @opens_page(*APPROVERS)
    def load(self):  # noqa: ANN201
        """on_load: the queue, and the application named in ?application=<id>."""
        principal = current_principal()
        self.is_state = approvals.is_state(principal)
        self.is_superintendent = principal.superintendent_of is not None
        query = self.router.url.query_parameters
        if query.get("status") in dict(STATUS_FILTERS):
            self.filter_status = query["status"]
        if self.is_state:
            with read_scope() as session:
                self.district_options = approvals.districts(session)
        self.message, self.bulk_open, self.bulk_error = "", False, ""
        self.note_error, self.reject_open = "", False
        self._reset_decision_form()
        requested = query.get("application", "")
        if requested:
            application_id = _int(requested)
            self._refresh_detail(principal, application_id)
            if self.detail_missing:
                # Another district's application, or none: the same answer, and a record.
                with session_scope() as session:
                    approvals.refuse(
                        session, self._actor(principal), requested[:40], "open application"
                    )
        else:
            self.detail, self.detail_missing, self.work = None, False, None
        self._refresh_queue(principal)
        return ApprovalsState.watch

    @rx.event(background=True)
    @requires(*APPROVERS)
    async def watch(self):  # noqa: ANN201
        """Server-side live refresh (the shared loop, `live.follow`): the queue and the open
        application are re-read when an application in scope arrives or changes."""
        await live.follow(self, routes.APPROVALS, jobs.version, self._refresh_live)

    async def _refresh_live(self, principal: Principal) -> None:
        async with self:
            filters = self._filters()
            open_id = self.detail.application_id if self.detail else 0
        view, found, work = await asyncio.to_thread(jobs.snapshot, principal, filters, open_id)
        async with self:
            if self._filters() == filters:  # the filters did not change meanwhile
                self._show_queue(view)
            if open_id and self.detail and self.detail.application_id == open_id:
                self.detail, self.detail_missing, self.work = found, found is None, work

    # ------------------------------------------------------------ filters

    @rx.event
    @requires(*APPROVERS)
    def set_filter_status(self, value: str) -> None:
        self.filter_status = value if value in dict(STATUS_FILTERS) else "waiting"
        self.page = 0
        self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def set_filter_type(self, value: str) -> None:
        self.filter_type = value if value in TYPES else ""
        self.page = 0
        self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def set_filter_district(self, value: str) -> None:
        self.filter_district = str(_int(value) or "")
        self.page = 0
        self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def set_sort(self, value: str) -> None:
        self.sort = value if value in dict(SORTS) else "oldest"
        self.page = 0
        self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def set_filter_assignee(self, value: str) -> None:
        self.filter_assignee = value if value in dict(ASSIGNEES) else "any"
        self.page = 0
        self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def search_applicants(self, form: dict) -> None:
        self.search = form_text(form, "search").strip()[: approvals.MAX_SEARCH_CHARACTERS]
        self.page = 0
        self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def next_page(self) -> None:
        if self.has_next:
            self.page += 1
            self._refresh_queue(current_principal())

    @rx.event
    @requires(*APPROVERS)
    def previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self._refresh_queue(current_principal())

    @rx.var
    def all_selected(self) -> bool:
        """Every renewal of this page that can be bulk-approved is selected (and one is)."""
        ids = [r.application_id for r in self.rows if r.can_bulk_approve]
        return bool(ids) and all(i in self.selected for i in ids)

    @rx.var
    def any_selectable(self) -> bool:
        return any(r.can_bulk_approve for r in self.rows)

    @rx.event
    @requires(*APPROVERS)
    def toggle_all(self, checked: bool) -> None:
        """ "Select all": the bulk-approvable renewals of the visible page."""
        page = [r.application_id for r in self.rows if r.can_bulk_approve]
        rest = [i for i in self.selected if i not in page]
        self.selected = rest + page if checked else rest

    # ------------------------------------------------------------ one application

    @rx.event
    @requires(*APPROVERS)
    def set_reason(self, value: str) -> None:
        self.reason = str(value)[: approvals.MAX_REASON]
        if self.reason.strip():
            self.reason_error = ""

    @rx.event
    @requires(*APPROVERS)
    def set_verified(self, checked: bool) -> None:
        self.verified = bool(checked)
        if self.verified:
            self.verify_error = ""

    @rx.event
    @requires(*APPROVERS)
    def toggle_view(self, evidence_id: str) -> None:
        self.viewing = "" if self.viewing == str(evidence_id) else str(evidence_id)

    async def _apply_decision(self, kind: str, application_id: Any, then_next: bool = False):  # noqa: ANN202
        principal = current_principal()
        application_id = _int(application_id)
        actor = self._actor(principal)
        before = [r.application_id for r in self.rows]
        self.reject_open = False
        decision = await asyncio.to_thread(
            jobs.decide, kind, principal, actor, application_id, self.verified, self.reason
        )
        self.reason_error = decision.message if decision.field == "reason" else ""
        self.verify_error = decision.message if decision.field == "verified" else ""
        if decision.field:
            self.message = ""
            return focus("reason" if decision.field == "reason" else "verified")
        self.message = decision.message
        self.message_tone = "success" if decision.ok else "error"
        if decision.ok:
            self._reset_decision_form()
        self._refresh_queue(principal)
        upcoming = approvals.next_after(
            before, [r.application_id for r in self.rows], application_id
        )
        if decision.ok and then_next and upcoming:
            # The next application opens in place, and the address follows it.
            self._refresh_detail(principal, upcoming)
            return [
                run_script(f"window.history.replaceState(null, '', '{_detail_url(upcoming)}')"),
                focus_result("approvals-result"),
            ]
        self._refresh_detail(principal, application_id)
        if self.detail_missing:
            self.detail, self.detail_missing, self.work = None, False, None
        return focus_result("approvals-result")

    @rx.event
    @requires(*APPROVERS)
    async def approve(self, application_id: int):  # noqa: ANN201
        return await self._apply_decision("approve", application_id)

    @rx.event
    @requires(*APPROVERS)
    async def approve_and_next(self, application_id: int):  # noqa: ANN201
        return await self._apply_decision("approve", application_id, then_next=True)

    @rx.event
    @requires(*APPROVERS)
    async def return_for_correction(self, application_id: int):  # noqa: ANN201
        return await self._apply_decision("return", application_id, then_next=True)

    @rx.event
    @requires(*APPROVERS)
    def ask_reject(self):  # noqa: ANN201
        """ "Reject": the reason first, then the confirmation dialog."""
        if not self.reason.strip():
            self.reason_error, self.message = approvals.REASON_REQUIRED, ""
            return focus("reason")
        self.reason_error, self.reject_open = "", True
        return None

    @rx.event
    @requires(*APPROVERS)
    def cancel_reject(self) -> None:
        self.reject_open = False

    @rx.event
    @requires(*APPROVERS)
    async def reject(self, application_id: int):  # noqa: ANN201
        return await self._apply_decision("reject", application_id, then_next=True)

    # ------------------------------------------------------------ per-activity evidence review

    @rx.event
    @requires(*APPROVERS)
    def set_activity_reason(self, activity_id: int, value: str) -> None:
        key = str(_int(activity_id))
        self._activity_reasons = {**self._activity_reasons, key: str(value)[:1000]}
        if str(value).strip() and self.review_activity == _int(activity_id):
            self.review_error = ""

    @rx.event
    @requires(*APPROVERS)
    async def accept_activity(self, activity_id: int):  # noqa: ANN201
        return await self._review_activity(activity_id, True)

    @rx.event
    @requires(*APPROVERS)
    async def not_accept_activity(self, activity_id: int):  # noqa: ANN201
        return await self._review_activity(activity_id, False)

    async def _review_activity(self, activity_id: Any, accepted: bool):  # noqa: ANN202
        """ "Accept" / "Not accepted" on one counted activity; the record is read again (and
        the queue, when the application went back to the applicant)."""
        principal = current_principal()
        activity_id = _int(activity_id)
        application_id = self.detail.application_id if self.detail else 0
        key = str(activity_id)
        reason = "" if accepted else self._activity_reasons.get(key, "")
        result = await asyncio.to_thread(
            jobs.review,
            principal,
            self._actor(principal),
            application_id,
            activity_id,
            accepted,
            reason,
        )
        self.review_activity = activity_id
        self.review_error = result.message if result.field == "reason" else ""
        self.review_message = "" if result.field else result.message
        self.review_tone = "success" if result.ok else "error"
        if result.field:
            return focus(f"activity-reason-{activity_id}")
        if result.ok:
            self._activity_reasons = {k: v for k, v in self._activity_reasons.items() if k != key}
        self._refresh_detail(principal, application_id)
        if not result.returned:
            return None
        # Returned to the applicant: the decision controls are gone; say so at the top.
        self.message, self.message_tone = result.message, "success"
        self._refresh_queue(principal)
        return focus_result("approvals-result")

    # ------------------------------------------------------------ assignment and notes

    @rx.event
    @requires(*APPROVERS)
    async def assign_to_me(self, application_id: int):  # noqa: ANN201
        principal = current_principal()
        application_id = _int(application_id)
        result = await asyncio.to_thread(
            jobs.assign, principal, self._actor(principal), application_id
        )
        self.message, self.message_tone = result.message, "success" if result.ok else "error"
        self._refresh_detail(principal, application_id)
        self._refresh_queue(principal)
        return focus_result("approvals-result")

    @rx.event
    @requires(*APPROVERS)
    async def add_note(self, form: dict):  # noqa: ANN201
        principal = current_principal()
        application_id = self.detail.application_id if self.detail else 0
        result = await asyncio.to_thread(
            jobs.note, principal, self._actor(principal), application_id, form_text(form, "note")
        )
        if not result.ok:
            self.note_error = result.message
            return focus("note")
        self.note_error = ""
        self.note_version += 1
        self._refresh_detail(principal, application_id)
        return None

    # ------------------------------------------------------------ bulk approval

    @rx.event
    @requires(*APPROVERS)
    def toggle_selected(self, application_id: int, checked: bool) -> None:
        application_id = _int(application_id)
        rest = [i for i in self.selected if i != application_id]
        allowed = {r.application_id for r in self.rows if r.can_bulk_approve}
        self.selected = rest + [application_id] if checked and application_id in allowed else rest

    @rx.event
    @requires(*APPROVERS)
    def open_bulk(self) -> None:
        with read_scope() as session:
            found = approvals.bulk_candidates(session, current_principal(), list(self.selected))
        self.bulk_list = found
        self.bulk_verified, self.bulk_error = False, ""
        self.bulk_open = bool(found)

    @rx.event
    @requires(*APPROVERS)
    def cancel_bulk(self) -> None:
        self.bulk_open, self.bulk_list, self.bulk_error = False, [], ""

    @rx.event
    @requires(*APPROVERS)
    def set_bulk_verified(self, checked: bool) -> None:
        self.bulk_verified = bool(checked)
        if self.bulk_verified:
            self.bulk_error = ""

    @rx.event
    @requires(*APPROVERS)
    async def confirm_bulk(self):  # noqa: ANN201
        principal = current_principal()
        if not self.bulk_verified:
            self.bulk_error = approvals.VERIFY_REQUIRED
            return focus("bulk-verified")
        ids = [c.application_id for c in self.bulk_list]
        result = await asyncio.to_thread(jobs.bulk, principal, self._actor(principal), ids)
        self.bulk_open, self.bulk_list, self.selected = False, [], []
        self.message = f"Approved {plural(len(result.approved), 'renewal')}." + (
            " Not approved: " + " ".join(result.problems) if result.problems else ""
        )
        self.message_tone = "error" if result.problems else "success"
        self._refresh_queue(principal)
        return focus_result("approvals-result")
