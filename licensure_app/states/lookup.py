"""The public license look-up and one license's public record: no sign-in needed.

Everything sent to the browser is a dataclass of public fields built by services/lookup.
The page cursors hold internal ids, so they live in backend-only vars (names starting with
`_`), which Reflex never sends to the browser.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlencode

import reflex as rx
from reflex.event import Event

from .. import routes
from ..db import read_connection
from ..models._base import utcnow
from ..services import lookup
from ..services.pdf import PDF_MIME
from .auth import AuthState
from .guard import opens_page, public
from .ui import focus, run_script

QUERY_FIELD = "q"


def _search(query: str, after: lookup.Cursor | None, descending: bool) -> lookup.LookupPage:
    with read_connection() as session:
        return lookup.search_licenses(
            session, query, lookup.PAGE_SIZE, after, descending=descending
        )


def _record(number: str) -> lookup.LicenseRecord | None:
    with read_connection() as session:
        return lookup.lookup_license(session, number)


def _verification_pdf(number: str) -> bytes | None:
    with read_connection() as session:
        return lookup.public_verification_pdf(session, number, utcnow())


def _fill_field(value: str) -> Event:
    """Put `value` in the query field if the user has not typed in it (assets/focus.js)."""
    return run_script(
        f"window.licensureFillUnlessEdited({json.dumps(QUERY_FIELD)}, {json.dumps(value)})"
    )


def _address(query: str, descending: bool) -> str:
    """The look-up's address for a search: /lookup?q=...[&sort=desc]."""
    params = {"q": query, **({"sort": "desc"} if descending else {})}
    return f"{routes.LOOKUP}?{urlencode(params)}"


class LookupState(AuthState):
    """/lookup: the search form, one page of results, paging and sorting."""

    # The query of the results shown (also the field's default value).
    query: str = ""
    searched: bool = False
    rows: list[lookup.ResultRow] = []
    total_text: str = ""
    page_number: int = 1
    has_next: bool = False
    descending: bool = False
    field_error: str = ""
    refusal: str = ""
    # The address of the search shown: assets/focus.js puts it in the address bar, so a
    # search can be shared without a navigation (which would search again) or an event.
    shown_url: str = routes.LOOKUP
    # Page starts of the current search (None for page 1) and the next page's start.
    _page_starts: list[Any] = []
    _next_start: Any = None

    def _allowed(self) -> bool:
        address = self._client_address() or "unknown"
        if lookup.SEARCH_LIMITER.allow(address):
            self.refusal = ""
            return True
        self.refusal = lookup.rate_limit_message(lookup.SEARCH_LIMITER.retry_after(address))
        return False

    def _clear_results(self) -> None:
        self.searched, self.rows, self.total_text = False, [], ""
        self.page_number, self.has_next = 1, False
        self._page_starts, self._next_start = [], None

    async def _show(self, start: lookup.Cursor | None) -> None:
        """Run the current query from `start` and show that page."""
        # On the event loop, like the other page reads: an index range read of 0.2-0.5 ms
        # (2.6 ms at the 95th percentile with 1M licenses) costs less than the hand-off to
        # a worker thread and back (benchmarks/load.py).
        page = _search(self.query, start, self.descending)
        self.rows = lookup.public_fields(page.rows)
        self._next_start = page.next_cursor
        self.has_next = page.next_cursor is not None
        if page.total is not None:
            self.total_text = lookup.total_text(page)
        self.searched = True

    async def _new_search(self, query: str, descending: bool):  # noqa: ANN202
        query = query.strip()[: lookup.MAX_QUERY_CHARACTERS + 1]
        problem = lookup.query_problem(query)
        self.field_error = problem or ""
        if problem:
            self.query, self.refusal = query, ""
            self._clear_results()
            return focus(QUERY_FIELD)
        if not self._allowed():
            return None
        self.query, self.descending = query, descending
        self._clear_results()
        self._page_starts = [None]
        await self._show(None)
        self.shown_url = _address(query, descending)
        return None

    @rx.event
    @opens_page()
    async def load_from_url(self):  # noqa: ANN201
        """on_load: a shared /lookup?q=... link searches at once; a bare /lookup starts empty."""
        params = self.router.url.query_parameters
        query = params.get("q", "")
        query = query if isinstance(query, str) else ""
        self.field_error, self.refusal = "", ""
        # The field shows the URL's query, unless the user has started typing meanwhile.
        fill = _fill_field(query.strip()) if query.strip() != self.query else None
        if not query.strip():
            self.query, self.descending, self.shown_url = "", False, routes.LOOKUP
            self._clear_results()
            return fill
        shown = await self._new_search(query, params.get("sort") == "desc")
        return [event for event in (fill, shown) if event is not None] or None

    @public
    @rx.event
    async def search(self, form: dict):  # noqa: ANN201
        value = form.get(QUERY_FIELD, "")
        return await self._new_search(value if isinstance(value, str) else "", self.descending)

    @public
    @rx.event
    async def sort_by_name(self):  # noqa: ANN201
        """Flip the name order (A to Z, Z to A) and start again at page 1."""
        if not self.searched or not self.query:
            return None
        return await self._new_search(self.query, not self.descending)

    @public
    @rx.event
    async def next_page(self) -> None:
        if self._next_start is None or not self._allowed():
            return
        start = self._next_start
        await self._show(start)
        self._page_starts = [*self._page_starts, start]
        self.page_number = len(self._page_starts)

    @public
    @rx.event
    async def previous_page(self) -> None:
        if len(self._page_starts) < 2 or not self._allowed():
            return
        starts = self._page_starts[:-1]
        await self._show(starts[-1])
        self._page_starts = starts
        self.page_number = len(starts)


# Pages are pre-rendered with default values, so the default record is empty.
_NO_RECORD = lookup.LicenseRecord("", "", "", "", "", "", "", "", (), (), ())
_NO_VERDICT = lookup.Verdict(False, "", "", "")


class LicenseRecordState(AuthState):
    """/lookup/[license_number]: one license's public record."""

    record: lookup.LicenseRecord = _NO_RECORD
    # The number asked for when no license has it.
    missing_number: str = ""
    refusal: str = ""
    loaded: bool = False
    checked_at: str = ""
    # "Valid" / "Not valid" as of checked_at (empty until loaded).
    verdict: lookup.Verdict = _NO_VERDICT

    @rx.event
    @opens_page()
    async def load(self) -> None:
        self.record, self.verdict = _NO_RECORD, _NO_VERDICT
        self.missing_number, self.refusal, self.loaded = "", "", False
        number = self.router.page.params.get("license_number", "")
        number = number.strip() if isinstance(number, str) else ""
        address = self._client_address() or "unknown"
        if not lookup.SEARCH_LIMITER.allow(address):
            self.refusal = lookup.rate_limit_message(lookup.SEARCH_LIMITER.retry_after(address))
            return
        found = await asyncio.to_thread(_record, number)
        now = utcnow()
        self.checked_at = lookup.checked_at_text(now)
        self.loaded = True
        if found is None:
            self.missing_number = number[:20]
            return
        self.record = found
        self.verdict = lookup.verdict(found, now)

    @public
    @rx.event
    async def download_verification(self):  # noqa: ANN201
        """The public record as a PDF, read afresh (public data only, rate-limited)."""
        number = self.record.license_number
        address = self._client_address() or "unknown"
        if not number:
            return None
        if not lookup.SEARCH_LIMITER.allow(address):
            wait = lookup.SEARCH_LIMITER.retry_after(address)
            return rx.toast.error(lookup.rate_limit_message(wait))
        pdf = await asyncio.to_thread(_verification_pdf, number)
        if pdf is None:
            return rx.toast.error("This license is no longer in the state's records.")
        return rx.download(
            data=pdf, filename=lookup.verification_filename(number), mime_type=PDF_MIME
        )
