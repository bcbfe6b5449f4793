"""One application's record: applicant, license, renewal evidence (`evidence_view`), answers,
history."""

from __future__ import annotations

import reflex as rx

from ... import routes
from ...components.forms import notice
from ...components.layout import LINK_COLOR
from ...components.status import status_badge
from ...services import approvals
from ...states.approvals import ApprovalsState
from .common import MUTED, card, grid, item
from .decision_view import decision
from .evidence_view import counted_activities, file_frame, view_button
from .work_view import work_panel

D = ApprovalsState.detail


def _file(file: rx.Var[approvals.FileRow]) -> rx.Component:
    """An attachment: its link, "View" / "Hide", and the file in the page when viewed."""
    return rx.box(
        rx.hstack(
            rx.cond(file.label != "", rx.text(file.label, ": ", weight="medium")),
            rx.link(file.name, href=file.href, is_external=True, color=LINK_COLOR),
            rx.text("(", file.size, ")", color=MUTED),
            view_button(file),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(ApprovalsState.viewing == file.evidence_id, file_frame(file, "480px")),
        margin_y="0.25em",
    )


def _applicant() -> rx.Component:
    a = D.applicant
    return card(
        "Applicant",
        "applicant-heading",
        grid(
            item("Name", a.name),
            item("Previous names", a.previous_names),
            item("Educator ID", a.educator_number),
            item("Email", a.email),
            item("Phone", a.phone),
            item("Mailing address", a.address),
            item("Employing district", a.district),
        ),
    )


def _license() -> rx.Component:
    lic = D.license
    return rx.cond(
        lic,
        card(
            "License",
            "license-heading",
            grid(
                item("License number", lic.number),
                item("Type", lic.license_type),
                item("Class", lic.license_class),
                item("Status", status_badge(lic.status)),
                item("Valid from", lic.valid_from),
                item("Expires on", lic.expires_on),
                item("First issued", lic.first_issued),
            ),
            rx.el.h3("Endorsements", font_weight="600", margin_top="0.75em"),
            rx.el.ul(rx.foreach(lic.endorsements, lambda e: rx.el.li(e)), padding_left="1.25em"),
        ),
    )


def _label_values(rows: rx.Var[list[approvals.LabelValue]]) -> rx.Component:
    return grid(rx.foreach(rows, lambda a: item(a.label, a.value)))


def _answers() -> rx.Component:
    return card(
        "Answers",
        "answers-heading",
        rx.cond(D.answers.length() > 0, _label_values(D.answers)),
        rx.el.h3("Professional conduct and sworn statement", font_weight="600", margin_y="0.5em"),
        _label_values(D.attestation),
        rx.el.h3("Attachments", font_weight="600", margin_y="0.5em"),
        rx.cond(
            D.attachments.length() > 0,
            rx.foreach(D.attachments, _file),
            rx.text("None", color=MUTED),
        ),
    )


def _history() -> rx.Component:
    return card(
        "History",
        "history-heading",
        rx.el.ol(
            rx.foreach(
                D.timeline,
                lambda t: rx.el.li(
                    rx.text.strong(t.status),
                    " — ",
                    t.at,
                    ", ",
                    t.actor,
                    rx.cond(t.reason != "", rx.el.span(": ", t.reason)),
                ),
            ),
            padding_left="1.25em",
        ),
        rx.el.h3("Earlier applications", font_weight="600", margin_y="0.5em"),
        rx.cond(
            D.earlier.length() > 0,
            rx.el.ul(
                rx.foreach(
                    D.earlier,
                    lambda e: rx.el.li(
                        e.type_title, ", submitted ", e.submitted_on, ": ", status_badge(e.status)
                    ),
                ),
                padding_left="1.25em",
            ),
            rx.text("None", color=MUTED),
        ),
    )


def detail_view() -> rx.Component:
    return rx.box(
        rx.link("Back to the queue", href=routes.APPROVALS, color=LINK_COLOR),
        rx.heading(
            D.type_title,
            " application from ",
            D.applicant.name,
            as_="h1",
            size="7",
            margin_top="0.5em",
        ),
        rx.text(
            "Status: ",
            status_badge(D.status_label),
            " · submitted ",
            D.submitted_on,
            rx.cond(D.age_text != "", " · " + D.age_text, ""),
            " · ",
            D.district_name,
            margin_bottom="1em",
            aria_live="polite",
        ),
        decision(),
        work_panel(),
        _applicant(),
        _license(),
        counted_activities(),
        _answers(),
        _history(),
    )


def missing_view() -> rx.Component:
    return rx.box(
        rx.heading("Application not found", as_="h1", size="7"),
        notice(
            "That application was not found. It may belong to another district, or the link "
            "may be wrong.",
            tone="error",
            margin_y="1em",
        ),
        rx.link("Back to the queue", href=routes.APPROVALS, color=LINK_COLOR),
    )
