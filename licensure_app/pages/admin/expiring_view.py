"""The expiring-licenses panel: the total, the CSV download, counts per district and the
first licenses."""

from __future__ import annotations

import reflex as rx

from ...states.admin import AdminExpiringState
from .common import panel, table

State = AdminExpiringState


def _license_row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.district),
        rx.el.td(r.license_number),
        rx.el.td(r.holder),
        rx.el.td(r.license_type),
        rx.el.td(r.license_class),
        rx.el.td(r.expires_on),
        rx.el.td(r.days_left.to_string()),
    )


def expiring_panel() -> rx.Component:
    return panel(
        "Licenses expiring in the next 90 days",
        rx.hstack(
            rx.text(rx.text.strong(State.expiring_total.to_string()), " licenses"),
            rx.button("Download CSV", on_click=State.download_expiring, variant="outline"),
            align="center",
            spacing="4",
        ),
        table(
            "By district",
            ("District", "Licenses"),
            rx.foreach(
                State.expiring_per_district,
                lambda d: rx.el.tr(rx.el.td(d.district), rx.el.td(d.count.to_string())),
            ),
        ),
        table(
            "Licenses (first 500; the CSV has all)",
            ("District", "License", "Holder", "Type", "Class", "Expires on", "Days left"),
            rx.foreach(State.expiring_rows, _license_row),
        ),
        on_mount=State.open_panel,
    )
