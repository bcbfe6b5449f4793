"""/district : the district's licensed staff (who holds which license, until when),
filtered to those expiring soon and exported as CSV; and bulk verification of license
numbers, for the district's superintendent and designees."""

import reflex as rx

from .. import routes
from ..components.forms import notice
from ..components.layout import app_page
from ..components.status import status_badge
from ..components.tables import scroll_region
from ..services.approvals.district_staff import EXPIRING_WITHIN, SHOWN
from ..states.district import DistrictState as State
from .admin.common import MUTED, SELECT_STYLE
from .bulk_verification_view import bulk_verification_section
from .employment_view import staff_changes_section
from .report_charts_view import report_sections

HEADERS = ("Name", "License number", "Type", "Class", "Status", "Expires", "Days left")


def _row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.name),
        rx.el.td(rx.link(r.license_number, href="/lookup/" + r.license_number)),
        rx.el.td(r.license_type),
        rx.el.td(r.license_class),
        rx.el.td(status_badge(r.status)),
        rx.el.td(r.expires, white_space="nowrap"),
        rx.el.td(r.days_left.to_string(), text_align="right"),
    )


def _select(label: str, field_id: str, value: rx.Var, on_change, *options) -> rx.Component:  # noqa: ANN001
    return rx.box(
        rx.el.label(label, html_for=field_id, display="block", font_weight="600"),
        rx.el.select(*options, id=field_id, value=value, on_change=on_change, style=SELECT_STYLE),
        min_width="14em",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.cond(
            State.district_options.length() > 1,
            _select(
                "District",
                "district-choice",
                State.district_id,
                State.choose_district,
                rx.foreach(State.district_options, lambda o: rx.el.option(o[1], value=o[0])),
            ),
        ),
        _select(
            "Expiring within",
            "expiring-within",
            State.within,
            State.choose_within,
            rx.el.option("Any time (every license)", value=""),
            *[rx.el.option(f"{days} days", value=str(days)) for days in EXPIRING_WITHIN],
        ),
        rx.button("Download staff CSV", on_click=State.download_staff_csv, variant="outline"),
        align="end",
        spacing="4",
        wrap="wrap",
    )


def _staff() -> rx.Component:
    return rx.box(
        rx.heading("Licensed staff", as_="h2", size="5", margin_y="0.75em"),
        _filters(),
        rx.cond(
            State.district_error != "",
            notice(State.district_error, tone="error", role="alert", margin_y="0.5em"),
        ),
        rx.text(
            State.staff_total.to_string(),
            rx.cond(State.staff_total == 1, " license", " licenses"),
            rx.cond(State.within != "", " expiring within " + State.within + " days", ""),
            rx.cond(
                State.staff_total > SHOWN,
                f"; the first {SHOWN} are shown, the CSV holds them all.",
                ".",
            ),
            role="status",
            margin_y="0.75em",
        ),
        rx.cond(
            State.staff_rows.length() > 0,
            scroll_region(
                rx.el.table(
                    rx.el.caption(
                        "Licensed staff: current licenses soonest expiry first, then lapsed ones",
                        text_align="left",
                    ),
                    rx.el.thead(
                        rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in HEADERS])
                    ),
                    rx.el.tbody(rx.foreach(State.staff_rows, _row)),
                    class_name="data-table",
                ),
                "Licensed staff",
            ),
            rx.text(
                "No licensed educator employed by the district matches. Educators choose "
                "their employing district on their profile.",
                color=MUTED,
            ),
        ),
    )


@app_page(routes.DISTRICT, "District", on_load=[State.load])
def district_page() -> rx.Component:
    return rx.box(
        rx.heading(
            rx.cond(State.district_name != "", State.district_name, "Your district"),
            as_="h1",
            size="7",
        ),
        _staff(),
        rx.el.section(
            rx.heading("Reports", as_="h2", size="5", margin_top="1.5em"),
            rx.text("Applications and licenses of this district only."),
            report_sections(State, "district-report-period"),
            aria_label="District reports",
        ),
        staff_changes_section(),
        bulk_verification_section(),
        max_width="72em",
    )
