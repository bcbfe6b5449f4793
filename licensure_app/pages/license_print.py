"""/licenses/print/[license_number] : the educator's own license, ready to print.

Print rules live in assets/print.css (linked only from this page): they hide the site's
header and the page controls and fit the license on one A4 or Letter sheet.
"""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.layout import LINK_COLOR, app_page
from ..components.status import status_badge
from ..states.licenses import PrintLicenseState

NAVY = "#1e3a5f"  # 11.6:1 on white
MUTED = "#414651"


def _fact(term: str, value: rx.Var | rx.Component | str) -> rx.Component:
    return rx.box(
        rx.el.dt(term, font_size="0.8em", color=MUTED, text_transform="uppercase"),
        rx.el.dd(value, margin="0", font_weight="600"),
    )


def _seal() -> rx.Component:
    # Text, not an image: it prints crisply and reads out to screen readers.
    return rx.box(
        rx.text("Official", font_size="0.7em", weight="bold"),
        rx.text("State Seal", font_size="0.85em", weight="bold"),
        rx.text("Educator Licensure", font_size="0.6em"),
        class_name="license-seal",
        aria_label="Official state seal",
        role="img",
        border=f"3px double {NAVY}",
        border_radius="50%",
        width="7.5em",
        height="7.5em",
        padding="0.5em",
        display="flex",
        flex_direction="column",
        align_items="center",
        justify_content="center",
        text_align="center",
        color=NAVY,
        flex_shrink="0",
    )


def _letterhead() -> rx.Component:
    return rx.hstack(
        _seal(),
        rx.box(
            rx.text("State Board of Education", weight="bold", color=NAVY),
            rx.text("Office of Educator Licensure", color=NAVY),
            rx.heading("Educator License", as_="h1", size="8", color=NAVY),
        ),
        spacing="5",
        align="center",
    )


def _facts() -> rx.Component:
    lic = PrintLicenseState.printable
    return rx.el.dl(
        _fact("License number", lic.number),
        _fact("Type", lic.license_type),
        _fact("Class", lic.license_class),
        _fact("Status", status_badge(lic.status_label)),
        _fact("First issued", lic.first_issued),
        _fact("Valid from", lic.valid_from),
        _fact("Expires on", lic.expires_on),
        rx.cond(lic.renewed_through != "", _fact("Renewed through", lic.renewed_through)),
        display="grid",
        grid_template_columns="repeat(3, minmax(0, 1fr))",
        gap="0.75em 1.5em",
        margin_y="1.25em",
    )


def _endorsements() -> rx.Component:
    lic = PrintLicenseState.printable
    return rx.box(
        rx.el.h2("Endorsements", font_size="0.8em", color=MUTED, text_transform="uppercase"),
        rx.cond(
            lic.endorsements.length() > 0,
            rx.el.ul(
                rx.foreach(lic.endorsements, lambda e: rx.el.li(e)),
                padding_left="1.25em",
                margin="0.25em 0 0 0",
                font_weight="600",
            ),
            rx.text("None", weight="bold"),
        ),
    )


def _verification() -> rx.Component:
    lic = PrintLicenseState.printable
    return rx.hstack(
        rx.image(
            src=lic.qr_data_uri,
            alt="QR code linking to this license's public record at " + lic.verify_url,
            class_name="license-qr",
            width="9em",
            height="9em",
        ),
        rx.box(
            rx.text("Verify this license", weight="bold"),
            rx.text("Scan the code, or open the public license look-up."),
            rx.text(
                "Verify at ",
                rx.el.span(lic.verify_url, class_name="license-verify-url"),
                weight="bold",
                word_break="break-all",
            ),
        ),
        spacing="5",
        align="center",
        margin_top="1.5em",
    )


def _certificate() -> rx.Component:
    lic = PrintLicenseState.printable
    return rx.box(
        _letterhead(),
        rx.text("This certifies that", margin_top="1.5em", color=MUTED),
        rx.text(lic.holder_name, size="7", weight="bold", class_name="license-holder"),
        rx.text(
            "holds the license below, issued under the rules of the State Board of Education.",
            color=MUTED,
        ),
        _facts(),
        _endorsements(),
        _verification(),
        class_name="license-certificate",
        border=f"6px double {NAVY}",
        padding="2em",
        background="white",
        color="#111827",
    )


def _controls() -> rx.Component:
    return rx.hstack(
        rx.button(
            "Print this license",
            on_click=rx.call_script("window.print()"),
            size="3",
        ),
        rx.link("Back to your licenses", href=routes.LICENSES, color=LINK_COLOR),
        class_name="no-print",
        spacing="5",
        align="center",
        margin_bottom="1.5em",
    )


def _not_yours() -> rx.Component:
    return rx.box(
        rx.heading("License not available", as_="h1", size="7", margin_bottom="0.5em"),
        rx.callout(
            "You do not have access to this license: you can print only your own licenses.",
            icon="circle-alert",
            color_scheme="red",
            role="alert",
        ),
        rx.link(
            "Back to your licenses",
            href=routes.LICENSES,
            color=LINK_COLOR,
            margin_top="1em",
            display="inline-block",
        ),
    )


@app_page(routes.PRINT_LICENSE, "Print license", on_load=[PrintLicenseState.load])
def license_print() -> rx.Component:
    return rx.box(
        rx.el.link(rel="stylesheet", href="/print.css"),
        rx.match(
            PrintLicenseState.print_status,
            ("found", rx.box(_controls(), _certificate())),
            ("missing", _not_yours()),
            rx.text("Loading the license…", role="status"),
        ),
        class_name="license-print-page",
    )
