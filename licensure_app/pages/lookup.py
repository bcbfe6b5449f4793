"""/lookup and /lookup/[license_number]: the public license look-up (no sign-in)."""

import reflex as rx

from .. import routes
from ..components.forms import text_field
from ..components.layout import LINK_COLOR, app_page
from ..components.status import status_badge
from ..services.lookup import CURRENCY_NOTE, MAX_QUERY_CHARACTERS, SEARCH_HELP
from ..states.lookup import QUERY_FIELD, LicenseRecordState, LookupState
from .lookup_verification import disciplinary_notices, download_button, verdict_banner

MUTED = "#414651"  # 9.7:1 on white


def _about() -> rx.Component:
    return rx.el.section(
        rx.heading("About this look-up", as_="h2", size="4", id="about-lookup"),
        rx.text(CURRENCY_NOTE, color=MUTED, margin_top="0.5em"),
        rx.text(
            "Checking many licenses, or from your own system? Use the ",
            rx.link("license verification API", href=routes.VERIFICATION_API, color=LINK_COLOR),
            ".",
            margin_top="0.5em",
        ),
        margin_top="2em",
        aria_labelledby="about-lookup",
    )


def _search_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.box(
                text_field(
                    "Name or license number",
                    QUERY_FIELD,
                    input_type="search",
                    error=LookupState.field_error,
                    default_value=LookupState.query,
                    max_length=MAX_QUERY_CHARACTERS,
                    enter_key_hint="search",
                ),
                flex="1",
                min_width="12em",
            ),
            rx.button("Search", type="submit", size="3", margin_top="1.9em"),
            align="start",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        on_submit=LookupState.search,
        reset_on_submit=False,
        role="search",
    )


def _before_search() -> rx.Component:
    return rx.box(
        rx.text("You can search for:", weight="medium"),
        rx.el.ul(*[rx.el.li(item) for item in SEARCH_HELP], padding_left="1.25em"),
        rx.text(
            "Capital letters and accents do not matter: munoz finds Muñoz.",
            color=MUTED,
            margin_top="0.5em",
        ),
        margin_top="1em",
    )


def _no_results() -> rx.Component:
    return rx.box(
        rx.text(
            "No licenses match \u201c", LookupState.query, "\u201d.", weight="medium", size="4"
        ),
        rx.el.ul(
            rx.el.li("Check the spelling, or type only the first letters of the name."),
            rx.el.li("Write the last name first with a comma: Thompson, Avery."),
            rx.el.li("A license number must be typed in full, digits only."),
            padding_left="1.25em",
            margin_top="0.5em",
        ),
        margin_top="1em",
    )


def _name_header() -> rx.Component:
    arrow = rx.cond(LookupState.descending, "\u25bc", "\u25b2")
    return rx.el.th(
        rx.el.button(
            "Name ",
            rx.el.span(arrow, aria_hidden="true"),
            type="button",
            on_click=LookupState.sort_by_name,
            title=rx.cond(LookupState.descending, "Sort A to Z", "Sort Z to A"),
            style={
                "background": "none",
                "border": "none",
                "padding": "0",
                "font": "inherit",
                "font_weight": "700",
                "color": LINK_COLOR,
                "cursor": "pointer",
                "text_decoration": "underline",
            },
        ),
        scope="col",
        aria_sort=rx.cond(LookupState.descending, "descending", "ascending"),
    )


def _result_row(row: rx.Var) -> rx.Component:
    number = row.license_number
    # Each cell names its column: below 768 px the rows are cards (assets/styles.css).
    return rx.el.tr(
        rx.el.td(row.name, data_label="Name"),
        rx.el.td(
            rx.link(number, href=routes.LOOKUP + "/" + number, color=LINK_COLOR),
            data_label="License number",
        ),
        rx.el.td(row.license_type, data_label="Type"),
        rx.el.td(row.license_class, data_label="Class"),
        rx.el.td(row.endorsements, data_label="Endorsements"),
        rx.el.td(status_badge(row.status), data_label="Status"),
        rx.el.td(row.expires_on, data_label="Expires"),
    )


def _results() -> rx.Component:
    headers = ["License number", "Type", "Class", "Endorsements", "Status", "Expires"]
    return rx.box(
        rx.box(
            rx.el.table(
                rx.el.caption(
                    "Licenses matching \u201c",
                    LookupState.query,
                    "\u201d, page ",
                    LookupState.page_number.to_string(),
                ),  # fmt: skip
                rx.el.thead(
                    rx.el.tr(
                        _name_header(),
                        *[rx.el.th(h, scope="col", style={"text_align": "left"}) for h in headers],
                    )
                ),
                rx.el.tbody(rx.foreach(LookupState.rows, _result_row)),
                class_name="data-table lookup-results",
                style={"text_align": "left"},
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.el.nav(
            rx.hstack(
                rx.button(
                    "Previous",
                    on_click=LookupState.previous_page,
                    disabled=LookupState.page_number <= 1,
                    variant="outline",
                ),
                rx.text("Page ", LookupState.page_number.to_string()),
                rx.button(
                    "Next",
                    on_click=LookupState.next_page,
                    disabled=~LookupState.has_next,
                    variant="outline",
                ),
                align="center",
                spacing="4",
            ),
            aria_label="Result pages",
            margin_top="1em",
        ),
        margin_top="1em",
    )


@app_page(routes.LOOKUP, "License look-up", on_load=[LookupState.load_from_url])
def lookup_page() -> rx.Component:
    return rx.box(
        rx.heading("License look-up", as_="h1", size="7", margin_bottom="0.25em"),
        rx.text(
            "Check that an educator holds a license, and its status, class and endorsements. "
            "No account is needed.",
            margin_bottom="1em",
        ),
        _search_form(),
        rx.cond(
            LookupState.refusal != "",
            rx.callout(LookupState.refusal, color_scheme="red", role="alert", margin_top="1em"),
        ),
        # Announced to screen readers after each search.
        rx.el.p(
            rx.cond(
                LookupState.searched,
                rx.cond(
                    LookupState.rows.length() > 0,
                    rx.text.span("Found ", LookupState.total_text, "."),
                    rx.text.span("No licenses found."),
                ),
                "",
            ),
            role="status",
            aria_live="polite",
            margin_top="1em",
            font_weight="500",
        ),
        rx.cond(
            LookupState.searched,
            rx.cond(LookupState.rows.length() > 0, _results(), _no_results()),
            _before_search(),
        ),
        _about(),
        # assets/focus.js keeps the address bar on the search shown (shareable, bookmarkable).
        rx.el.div(hidden=True, custom_attrs={"data-shown-url": LookupState.shown_url}),
    )


def _fact(label: str, value: rx.Var | rx.Component) -> rx.Component:
    return rx.fragment(
        rx.el.dt(label, font_weight="600"),
        rx.el.dd(value, margin_left="0", margin_bottom="0.5em"),
    )


def _endorsement_table() -> rx.Component:
    return rx.cond(
        LicenseRecordState.record.endorsements.length() > 0,
        rx.el.table(
            rx.el.caption("Endorsements"),
            rx.el.thead(
                rx.el.tr(
                    *[
                        rx.el.th(h, scope="col", style={"text_align": "left"})
                        for h in ("Code", "Subject", "Grades")
                    ]
                )
            ),
            rx.el.tbody(
                rx.foreach(
                    LicenseRecordState.record.endorsements,
                    lambda e: rx.el.tr(
                        rx.el.td(e.code),
                        rx.el.td(e.subject),
                        rx.el.td(e.grade_span),
                    ),
                )
            ),
            class_name="data-table",
        ),
        rx.text("This license has no endorsements."),
    )


def _history_table() -> rx.Component:
    return rx.cond(
        LicenseRecordState.record.history.length() > 0,
        rx.el.table(
            rx.el.caption("Issue history, oldest first"),
            rx.el.thead(
                rx.el.tr(
                    *[
                        rx.el.th(h, scope="col", style={"text_align": "left"})
                        for h in ("Date", "Event", "Details")
                    ]
                )
            ),
            rx.el.tbody(
                rx.foreach(
                    LicenseRecordState.record.history,
                    lambda h: rx.el.tr(
                        rx.el.td(h.on),
                        rx.el.td(h.event),
                        rx.el.td(h.details),
                    ),
                )
            ),
            class_name="data-table",
        ),
        rx.text(
            "No renewals or status changes have been recorded for this license since it "
            "was first issued."
        ),
    )


def _record() -> rx.Component:
    r = LicenseRecordState.record
    return rx.box(
        rx.heading(r.holder_name, as_="h1", size="7"),
        rx.text("License ", r.license_number, size="4", color=MUTED),
        verdict_banner(),
        download_button(),
        # The banner's reason is the record's status notice (suspended, revoked, expired,
        # not yet in force), so it is not repeated below.
        rx.el.dl(
            _fact("License number", r.license_number),
            _fact("Type", r.license_type),
            _fact("Class", r.license_class),
            _fact("Status", status_badge(r.status)),
            rx.cond(
                r.renewed_early,
                _fact("Validity", r.period_text),
                rx.fragment(_fact("Valid from", r.valid_from), _fact("Expires on", r.expires_on)),
            ),
            _fact("First issued", r.first_issued),
            margin_top="1em",
        ),
        rx.heading("Endorsements", as_="h2", size="5", margin_top="1em"),
        rx.box(_endorsement_table(), margin_top="0.5em"),
        disciplinary_notices(),
        rx.heading("Issue history", as_="h2", size="5", margin_top="1.5em"),
        rx.box(_history_table(), margin_top="0.5em"),
        rx.text(
            "Read from the state's license records on ",
            LicenseRecordState.checked_at,
            ".",
            color=MUTED,
            margin_top="1.5em",
        ),
    )


def _missing() -> rx.Component:
    return rx.box(
        rx.heading("License not found", as_="h1", size="7"),
        rx.text(
            "No license with number ",
            rx.el.strong(LicenseRecordState.missing_number),
            ". Check the number, or search by the holder's name.",
            margin_top="0.5em",
            role="alert",
        ),
    )


@app_page(routes.LICENSE_RECORD, "License record", on_load=[LicenseRecordState.load])
def license_record_page() -> rx.Component:
    return rx.box(
        rx.link("Back to the license look-up", href=routes.LOOKUP, color=LINK_COLOR),
        rx.box(
            rx.cond(
                LicenseRecordState.refusal != "",
                rx.box(
                    rx.heading("License record", as_="h1", size="7"),
                    rx.callout(
                        LicenseRecordState.refusal,
                        color_scheme="red",
                        role="alert",
                        margin_top="1em",
                    ),
                ),
                rx.cond(
                    LicenseRecordState.loaded,
                    rx.cond(LicenseRecordState.missing_number != "", _missing(), _record()),
                    rx.box(
                        rx.heading("License record", as_="h1", size="7"),
                        rx.text("Loading the license record\u2026", role="status"),
                    ),
                ),
            ),
            margin_top="1em",
        ),
        _about(),
    )
