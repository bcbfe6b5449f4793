"""/admin/educators (find an educator) and /admin/educators/[educator_id] (their whole
record, each section a table or list; every opening is audited)."""

from __future__ import annotations

import reflex as rx

from ... import routes
from ...components.forms import notice
from ...components.layout import LINK_COLOR, app_page
from ...components.tables import scroll_region
from ...states.admin import EducatorRecordState, EducatorSearchState
from .common import MUTED, SELECT_STYLE
from .office_records_view import office_records_section

Search = EducatorSearchState
Record = EducatorRecordState
RECORD_BASE = routes.EDUCATOR_RECORD.replace("[educator_id]", "")


def _hit(h: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.link(h.name, href=RECORD_BASE + h.educator_number, color=LINK_COLOR)),
        rx.el.td(h.educator_number),
        rx.el.td(h.previous_names),
        rx.el.td(h.email, overflow_wrap="anywhere"),
        rx.el.td(h.district),
        rx.el.td(h.licenses),
    )


def _table(caption: str, headers: tuple[str, ...], body: rx.Component) -> rx.Component:
    return scroll_region(
        rx.el.table(
            rx.el.caption(caption, text_align="left"),
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])),
            rx.el.tbody(body),
            class_name="data-table",
        ),
        caption,
    )


@app_page(routes.ADMIN_EDUCATORS, "Educators", on_load=[Search.load])
def educators_page() -> rx.Component:
    return rx.box(
        rx.heading("Educators", as_="h1", size="7", margin_bottom="0.5em"),
        rx.form(
            rx.el.label(
                "Search educators", html_for="educator_query", display="block", font_weight="600"
            ),
            rx.text(
                "Name or previous name (Last, First), e-mail, educator ID or license number.",
                id="educator-query-hint",
                color=MUTED,
                size="2",
            ),
            rx.hstack(
                rx.input(
                    id="educator_query",
                    name="educator_query",
                    default_value=Search.educator_query,
                    aria_describedby="educator-query-hint",
                    max_length=100,
                    width="24em",
                ),
                rx.button("Search", type="submit"),
                spacing="2",
                wrap="wrap",
                margin_y="0.5em",
            ),
            on_submit=Search.search,
            reset_on_submit=False,
        ),
        rx.cond(
            Search.educator_searched,
            rx.cond(
                Search.educator_hits.length() > 0,
                _table(
                    "Educators found (25 at most)",
                    ("Name", "Educator ID", "Previous names", "E-mail", "District", "Licenses"),
                    rx.foreach(Search.educator_hits, _hit),
                ),
                rx.text("No educator matches.", role="status", margin_y="1em"),
            ),
        ),
        max_width="72em",
    )


def _lines(caption: str, rows: rx.Var, empty: str) -> rx.Component:
    return rx.box(
        rx.heading(caption, as_="h2", size="5", margin_top="1.25em"),
        rx.cond(
            rows.length() > 0,
            _table(
                caption,
                ("When", "What", "Details"),
                rx.foreach(
                    rows,
                    lambda r: rx.el.tr(
                        rx.el.td(r.on, white_space="nowrap"),
                        rx.el.td(r.what),
                        rx.el.td(r.details, overflow_wrap="anywhere"),
                    ),
                ),
            ),
            rx.text(empty, color=MUTED),
        ),
    )


def _license(lic: rx.Var) -> rx.Component:
    return rx.box(
        rx.heading(
            rx.link(lic.license_number, href="/lookup/" + lic.license_number, color=LINK_COLOR),
            as_="h3",
            size="4",
        ),
        rx.text(lic.summary),
        rx.el.ul(
            rx.foreach(lic.history, lambda h: rx.el.li(h.on, ": ", h.what, " ", h.details)),
        ),
        margin_y="0.5em",
    )


def _application(app: rx.Var) -> rx.Component:
    return rx.box(
        rx.heading(rx.link(app.title, href=app.link, color=LINK_COLOR), as_="h3", size="4"),
        rx.el.ol(rx.foreach(app.steps, lambda s: rx.el.li(s.on, " — ", s.what, " ", s.details))),
        rx.cond(
            app.notes.length() > 0,
            rx.box(
                rx.text("Internal notes", weight="bold"),
                rx.el.ul(
                    rx.foreach(app.notes, lambda n: rx.el.li(n.on, " — ", n.what, ": ", n.details))
                ),
            ),
        ),
        margin_y="0.5em",
    )


def _profile() -> rx.Component:
    facts = (
        ("Educator ID", Record.educator_number),
        ("Previous names", Record.previous_names),
        ("E-mail", Record.email),
        ("Phone", Record.phone),
        ("Employing district", Record.employing_district),
    )
    return rx.el.dl(
        *[
            rx.box(rx.el.dt(label, font_weight="600"), rx.el.dd(value, margin_left="0"))
            for label, value in facts
        ],
        display="grid",
        grid_template_columns="repeat(auto-fill, minmax(14em, 1fr))",
        gap="0.75em",
    )


def _set_district() -> rx.Component:
    return rx.form(
        rx.el.label(
            "Set employing district", html_for="record_district", display="block", font_weight="600"
        ),
        rx.hstack(
            rx.el.select(
                rx.el.option("Choose a district", value=""),
                rx.foreach(Record.district_choices, lambda o: rx.el.option(o[1], value=o[0])),
                id="record_district",
                name="record_district",
                style=SELECT_STYLE | {"width": "auto"},
            ),
            rx.button("Set district", type="submit"),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            Record.district_error != "", notice(Record.district_error, tone="error", role="alert")
        ),
        rx.cond(
            Record.district_message != "",
            notice(Record.district_message, tone="success", role="status"),
        ),
        on_submit=Record.set_employing_district,
        reset_on_submit=True,
        margin_top="1em",
    )


def _audit_row(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(r.at, white_space="nowrap"),
        rx.el.td(r.actor),
        rx.el.td(r.action),
        rx.el.td(r.entity),
    )


def _record() -> rx.Component:
    return rx.box(
        rx.heading(Record.educator_name, as_="h1", size="7"),
        _profile(),
        _set_district(),
        rx.heading("Licenses", as_="h2", size="5", margin_top="1.25em"),
        rx.cond(
            Record.licenses.length() > 0,
            rx.foreach(Record.licenses, _license),
            rx.text("No license.", color=MUTED),
        ),
        _lines("Professional development", Record.activities, "No activity logged."),
        rx.heading("Applications", as_="h2", size="5", margin_top="1.25em"),
        rx.cond(
            Record.applications.length() > 0,
            rx.foreach(Record.applications, _application),
            rx.text("No application.", color=MUTED),
        ),
        office_records_section(),
        _lines("Notifications", Record.notifications, "No notification."),
        _lines("E-mails", Record.emails, "No e-mail."),
        rx.heading("Audit trail", as_="h2", size="5", margin_top="1.25em"),
        _table(
            "Audit trail, newest first (50 at most)",
            ("Time", "Actor", "Action", "Entity"),
            rx.foreach(Record.audit_trail, _audit_row),
        ),
    )


@app_page(routes.EDUCATOR_RECORD, "Educator record", on_load=[Record.load])
def educator_record_page() -> rx.Component:
    return rx.box(
        rx.link("← All educators", href=routes.ADMIN_EDUCATORS, color=LINK_COLOR),
        rx.cond(
            Record.found,
            _record(),
            rx.box(
                rx.heading("Educator not found", as_="h1", size="7"),
                rx.text("No educator has the educator ID ", Record.educator_number, "."),
            ),
        ),
        max_width="72em",
    )
