"""/licenses : the educator's own licenses, claiming a license, and their state checklist."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.forms import text_field
from ..components.layout import LINK_COLOR, app_page
from ..components.status import status_badge
from ..components.tables import scroll_region
from ..states.licenses import LicensesState

# Dark text on a pale amber ground (12:1); the band says what is wrong in words, with the
# colour and icon as extra cues only.
WARNING_BG = "#fef3c7"
WARNING_BORDER = "#b45309"
MUTED = "#414651"
CARD_BORDER = "#c5cad3"
# Message boxes: near-black text on pale grounds (over 12:1); the edge colour is a cue only.
TEXT = "#1f2937"
ERROR_BG, ERROR_EDGE = "#fef3f2", "#b42318"
SUCCESS_BG, SUCCESS_EDGE = "#ecfdf3", "#067647"


def _item(term: str, value: rx.Component | rx.Var | str) -> rx.Component:
    return rx.box(
        rx.el.dt(term, font_weight="600", color=MUTED, font_size="0.9em"),
        rx.el.dd(value, margin="0"),
    )


def _message_box(text: rx.Var, role: str, icon: str, background: str, edge: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=20, color=edge, aria_hidden="true", flex_shrink="0"),
        rx.text(text, color=TEXT),
        role=role,
        align="center",
        spacing="2",
        background=background,
        border_left=f"6px solid {edge}",
        padding="0.6em 0.9em",
        margin_top="1em",
        border_radius="4px",
    )


def _warning_band(lic: rx.Var) -> rx.Component:
    return rx.cond(
        lic.warning,
        rx.hstack(
            rx.icon("triangle-alert", size=20, color=WARNING_BORDER, aria_hidden="true"),
            rx.text(lic.warning_text, weight="bold"),
            # Renewing starts at the tracker (what is still needed, then the application).
            rx.cond(
                lic.renewable,
                rx.link("Renew now", href=routes.PD, color=LINK_COLOR, weight="bold"),
            ),
            role="status",
            align="center",
            spacing="2",
            background=WARNING_BG,
            border_left=f"6px solid {WARNING_BORDER}",
            padding="0.6em 0.9em",
            margin_y="0.75em",
            border_radius="4px",
        ),
    )


def _license_card(lic: rx.Var) -> rx.Component:
    heading_id = "license-" + lic.number
    return rx.el.section(
        rx.heading(lic.license_type + " license " + lic.number, as_="h2", size="5", id=heading_id),
        _warning_band(lic),
        rx.el.dl(
            _item("License number", lic.number),
            _item("Type", lic.license_type),
            _item("Class", lic.license_class),
            _item("Status", status_badge(lic.status_label)),
            _item("First issued", lic.first_issued),
            rx.cond(
                lic.renewed_early,
                _item("Validity", lic.period_text),
                rx.fragment(
                    _item("Valid from", lic.valid_from),
                    _item("Expires on", lic.expires_on),
                ),
            ),
            _item("Days to expiry", lic.days_text),
            display="grid",
            grid_template_columns="repeat(auto-fit, minmax(12em, 1fr))",
            gap="0.75em 1.5em",
            margin_y="0.75em",
        ),
        rx.box(
            rx.el.h3("Endorsements", font_weight="600", color=MUTED, font_size="0.9em"),
            rx.cond(
                lic.endorsements.length() > 0,
                rx.el.ul(
                    rx.foreach(lic.endorsements, lambda e: rx.el.li(e)),
                    padding_left="1.25em",
                    margin="0",
                ),
                rx.text("None"),
            ),
            margin_bottom="0.75em",
        ),
        rx.hstack(
            # The link text is exactly "Print"; the heading describes which license.
            rx.link("Print", href=lic.print_href, color=LINK_COLOR, aria_describedby=heading_id),
            # Made on the server for this holder only (LicensesState.download_pdf).
            rx.button(
                "Download PDF",
                on_click=LicensesState.download_pdf(lic.number),
                variant="soft",
                size="2",
                aria_describedby=heading_id,
            ),
            rx.cond(
                lic.renewable,
                rx.link(
                    "Track renewal",
                    href=routes.PD,
                    color=LINK_COLOR,
                    aria_describedby=heading_id,
                ),
            ),
            spacing="5",
            align="center",
        ),
        aria_labelledby=heading_id,
        border=f"1px solid {CARD_BORDER}",
        border_radius="8px",
        padding="1.25em",
        margin_bottom="1.25em",
    )


def _empty_state() -> rx.Component:
    return rx.box(
        rx.text("No license is linked to your account yet.", weight="bold"),
        rx.text(
            "If the state office has issued you a license, claim it below with its license "
            "number and your date of birth. The last name on your ",
            rx.link("profile", href=routes.PROFILE, color=LINK_COLOR),
            " must be the one on your license. If you do not hold a license yet, apply for "
            "one once applications open for you.",
        ),
        border=f"1px dashed {CARD_BORDER}",
        border_radius="8px",
        padding="1.25em",
        margin_bottom="1.25em",
    )


def _licenses_section() -> rx.Component:
    return rx.cond(
        LicensesState.loaded,
        rx.cond(
            LicensesState.licenses.length() > 0,
            rx.box(rx.foreach(LicensesState.licenses, _license_card)),
            _empty_state(),
        ),
        rx.text("Loading your licenses…", role="status"),
    )


def _claim_section() -> rx.Component:
    errors = LicensesState.claim_errors
    return rx.el.section(
        rx.heading("Claim a license", as_="h2", size="5", id="claim-heading"),
        rx.text(
            "Licenses issued before you registered are held by the state office. Link yours to "
            "this account with its license number and your date of birth; the last name on "
            "your profile must match the state's record. Repeated unsuccessful tries lock "
            "claiming for a while.",
            margin_y="0.5em",
        ),
        rx.form(
            text_field(
                "License number",
                "license_number",
                error=errors.get("license_number", ""),
                hint="The number printed on your license, like 1234567.",
                max_length=20,
            ),
            text_field(
                "Date of birth",
                "date_of_birth",
                input_type="date",
                error=errors.get("date_of_birth", ""),
                autocomplete="bday",
            ),
            rx.button("Claim license", type="submit", size="3"),
            on_submit=LicensesState.claim,
            reset_on_submit=False,
            key=LicensesState.claim_form_version.to_string(),
            max_width="28em",
        ),
        rx.cond(
            LicensesState.claim_error != "",
            _message_box(LicensesState.claim_error, "alert", "circle-alert", ERROR_BG, ERROR_EDGE),
        ),
        rx.cond(
            LicensesState.claim_message != "",
            rx.box(
                _message_box(
                    LicensesState.claim_message, "status", "circle-check", SUCCESS_BG, SUCCESS_EDGE
                ),
                id="claim-result",
            ),
        ),
        aria_labelledby="claim-heading",
        margin_y="2em",
    )


def _transcripts() -> rx.Component:
    return rx.cond(
        LicensesState.transcripts.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Institution"),
                    rx.table.column_header_cell("Degree"),
                    rx.table.column_header_cell("Received"),
                )
            ),
            rx.table.body(
                rx.foreach(
                    LicensesState.transcripts,
                    lambda t: rx.table.row(
                        rx.table.row_header_cell(t.institution),
                        rx.table.cell(t.degree),
                        rx.table.cell(t.received_on),
                    ),
                )
            ),
            variant="surface",
            width="100%",
        ),
        rx.text("No transcripts received yet."),
    )


def _assessments() -> rx.Component:
    return rx.cond(
        LicensesState.assessments.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Assessment"),
                    rx.table.column_header_cell("Score"),
                    rx.table.column_header_cell("Passing score"),
                    rx.table.column_header_cell("Taken"),
                    rx.table.column_header_cell("Result"),
                )
            ),
            rx.table.body(
                rx.foreach(
                    LicensesState.assessments,
                    lambda s: rx.table.row(
                        rx.table.row_header_cell(s.assessment),
                        rx.table.cell(s.score),
                        rx.table.cell(s.passing_score),
                        rx.table.cell(s.taken_on),
                        rx.table.cell(s.result),
                    ),
                )
            ),
            variant="surface",
            width="100%",
        ),
        rx.text("No assessment scores on record."),
    )


def _checklist_section() -> rx.Component:
    return rx.el.section(
        rx.heading("Your checklist", as_="h2", size="5", id="checklist-heading"),
        rx.text(
            "What the state office has received for you. Only the office records these; "
            "contact it if something is missing.",
            margin_y="0.5em",
        ),
        rx.heading("Transcripts received", as_="h3", size="4", margin_top="1em"),
        scroll_region(_transcripts(), "Transcripts received"),
        rx.heading("Background check", as_="h3", size="4", margin_top="1.25em"),
        rx.text(
            rx.cond(
                LicensesState.background_check != "",
                LicensesState.background_check,
                "No background check on record.",
            )
        ),
        rx.heading("Assessment scores", as_="h3", size="4", margin_top="1.25em"),
        scroll_region(_assessments(), "Assessment scores"),
        aria_labelledby="checklist-heading",
        margin_y="2em",
    )


@app_page(routes.LICENSES, "Licenses", on_load=[LicensesState.load])
def licenses() -> rx.Component:
    return rx.box(
        rx.heading("Your licenses", as_="h1", size="7", margin_bottom="0.75em"),
        _licenses_section(),
        _claim_section(),
        rx.cond(LicensesState.loaded, _checklist_section()),
    )
