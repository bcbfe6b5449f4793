"""/verification-api: the human description of the read-only JSON verification API
(licensure_app/verification_api.py), linked from the look-up."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.layout import LINK_COLOR, app_page
from ..services.lookup import SEARCH_LIMITER

_RECORD_EXAMPLE = """{
  "license_number": "100200",
  "holder_name": "Rivera, Jordan",
  "valid": true,
  "status": "Active",
  "license_type": "Standard",
  "license_class": "A",
  "endorsements": [{"code": "0120", "subject": "Elementary Education", "grade_span": "K-6"}],
  "first_issued": "2012-07-01",
  "valid_from": "2022-07-01",
  "expires_on": "2027-06-30",
  "history": [{"on": "1 July 2022", "event": "Renewed", "details": "..."}],
  "notices": [],
  "disciplinary_notices": [],
  "checked_at": "2026-12-01T17:30:00Z",
  "verification_url": "https://.../lookup/100200"
}"""


def _code(text: str) -> rx.Component:
    return rx.el.pre(
        rx.el.code(text),
        white_space="pre-wrap",
        overflow_wrap="anywhere",
        background="var(--gray-2)",
        padding="0.75em",
        border_radius="6px",
        font_size="0.9em",
    )


def _endpoint(heading: str, request: str, *about: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(heading, as_="h2", size="5", margin_top="1.5em"),
        _code(request),
        *about,
    )


@app_page(routes.VERIFICATION_API, "License verification API")
def verification_api_page() -> rx.Component:
    return rx.box(
        rx.heading("License verification API", as_="h1", size="7", margin_bottom="0.5em"),
        rx.text(
            "Employers and other states can check licenses from their own systems. The API "
            "is read-only, needs no account, and gives exactly the public facts of the "
            "license look-up: never a date of birth or contact details.",
        ),
        _endpoint(
            "One license",
            "GET /api/v1/licenses/{license_number}",
            rx.text("A license's public record; 404 when no license has the number."),
            _code(_RECORD_EXAMPLE),
        ),
        _endpoint(
            "Search by name or number",
            "GET /api/v1/licenses?name=Rivera, Jordan&limit=25",
            rx.text(
                "Names as on the look-up: a last name or its start, \u201cLast, First\u201d "
                "or \u201cFirst Last\u201d. Up to 100 results a page; when there are more, "
                "next_cursor is set: pass it as cursor= for the next page."
            ),
        ),
        rx.el.section(
            rx.heading("Limits and errors", as_="h2", size="5", margin_top="1.5em"),
            rx.text(
                f"Each address may make {SEARCH_LIMITER.burst} requests at once, then "
                f"{SEARCH_LIMITER.per_minute} a minute. Over that, the answer is 429 with a "
                "Retry-After header giving the seconds to wait. A bad request is a 400 whose "
                "JSON body says what is wrong in its detail field."
            ),
            rx.text(
                "The full description, for code generators and API tools: ",
                # A plain anchor: the browser loads the JSON (the app's router has no such page).
                rx.el.a(
                    "/api/v1/openapi.json",
                    href="/api/v1/openapi.json",
                    color=LINK_COLOR,
                    text_decoration="underline",
                ),
                ".",
                margin_top="0.5em",
            ),
            rx.text(
                "A district or state office with a signed-in account can also upload a CSV "
                "of license numbers and download the results (bulk verification).",
                margin_top="0.5em",
            ),
        ),
        max_width="48em",
    )
