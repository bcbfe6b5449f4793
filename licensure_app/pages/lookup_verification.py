"""The verification parts of /lookup/[license_number]: the "Valid" / "Not valid" banner as
of the time checked, the public disciplinary notices, and the verification PDF."""

from __future__ import annotations

import reflex as rx

from ..states.lookup import LicenseRecordState

State = LicenseRecordState
# Dark text on a light tint, the verdict also in words: never colour alone (WCAG AA).
_VALID = ("#166534", "#f0fdf4")
_NOT_VALID = ("#991b1b", "#fef2f2")


def verdict_banner() -> rx.Component:
    v = State.verdict
    edge = rx.cond(v.valid, _VALID[0], _NOT_VALID[0])
    return rx.el.section(
        rx.heading(
            v.label,
            as_="h2",
            size="7",
            id="verdict-heading",
            color=edge,
        ),
        rx.text("as of ", rx.el.strong(v.checked_at), margin_top="0.25em", color="#1f2937"),
        rx.text(v.reason, margin_top="0.25em", color="#1f2937"),
        aria_label="Verification result",
        role="status",
        background=rx.cond(v.valid, _VALID[1], _NOT_VALID[1]),
        border_left=rx.cond(v.valid, f"6px solid {_VALID[0]}", f"6px solid {_NOT_VALID[0]}"),
        border_radius="6px",
        padding="1em 1.25em",
        margin_top="1em",
    )


def _notice_row(n: rx.Var) -> rx.Component:
    return rx.el.tr(rx.el.td(n.on), rx.el.td(n.text))


def disciplinary_notices() -> rx.Component:
    return rx.box(
        rx.heading("Disciplinary notices", as_="h2", size="5", margin_top="1.5em"),
        rx.cond(
            State.record.disciplinary.length() > 0,
            rx.el.table(
                rx.el.caption("Public disciplinary notices, oldest first"),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Effective", scope="col", style={"text_align": "left"}),
                        rx.el.th("Notice", scope="col", style={"text_align": "left"}),
                    )
                ),
                rx.el.tbody(rx.foreach(State.record.disciplinary, _notice_row)),
                class_name="data-table",
                margin_top="0.5em",
            ),
            rx.text("No public disciplinary notices.", margin_top="0.5em"),
        ),
    )


def download_button() -> rx.Component:
    return rx.button(
        "Download verification (PDF)",
        on_click=State.download_verification,
        variant="outline",
        size="2",
        margin_top="1em",
    )
