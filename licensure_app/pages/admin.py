"""/admin : state office tools: state review, districts, rules, the bulk PD load, records,
the expiring-licenses report and the audit log."""

from __future__ import annotations

from typing import Any

import reflex as rx

from licensure_app.services.licensing import BACKGROUND_STATUSES
from licensure_app.services.state_office import CATEGORY_LABELS

from .. import routes
from ..components.forms import ERROR_COLOR, field_error, notice, text_field
from ..components.layout import LINK_COLOR, app_page
from ..models import RENEWAL_CATEGORIES
from ..services.pd import KIND_LABELS
from ..states.admin import CSV_UPLOAD_ID, AdminState

MUTED = "#414651"
BORDER = "#d0d5dd"
SELECT_STYLE = {
    "width": "100%",
    "padding": "0.5em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "background": "white",
}


def _select(
    label: str, field_id: str, *options: Any, error: Any = "", **props: Any
) -> rx.Component:
    return rx.box(
        rx.el.label(
            label, html_for=field_id, display="block", font_weight="600", margin_bottom="0.25em"
        ),
        rx.el.select(
            *options,
            id=field_id,
            name=field_id,
            aria_describedby=f"{field_id}-error",
            style=SELECT_STYLE,
            **props,
        ),
        field_error(error, field_id),
        margin_bottom="1em",
        width="100%",
    )


def _table(caption: str, headers: tuple[str, ...], body: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.caption(caption, text_align="left"),
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])),
            rx.el.tbody(body),
            class_name="data-table",
        ),
        overflow_x="auto",
        tab_index=0,
        role="region",
        aria_label=caption,
        margin_y="0.75em",
    )


def _panel(heading: str, *children: Any) -> rx.Component:
    return rx.box(rx.heading(heading, as_="h2", size="5", margin_y="0.75em"), *children)


def _form_box(*children: Any, **props: Any) -> rx.Component:
    return rx.box(
        *children,
        border=f"1px solid {BORDER}",
        border_radius="8px",
        padding="1em",
        margin_y="1em",
        max_width="36em",
        **props,
    )


def _messages(ok: rx.Var, error: rx.Var) -> rx.Component:
    return rx.fragment(
        rx.cond(ok != "", notice(ok, tone="success", margin_y="0.5em")),
        rx.cond(error != "", notice(error, tone="error", margin_y="0.5em")),
    )


# ---------------------------------------------------------------- state review


def _state_review() -> rx.Component:
    return _panel(
        "State review",
        rx.text(
            rx.text.strong(AdminState.state_review_count.to_string()),
            " applications forwarded by the districts are waiting for the state's decision.",
        ),
        rx.link(
            "Open the state review queue",
            href=f"{routes.APPROVALS}?status=state_review",
            color=LINK_COLOR,
        ),
    )


# ---------------------------------------------------------------- districts


def _district_row(d: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(d["code"].to(str)),
        rx.el.td(d["name"].to(str)),
        rx.el.td(d["superintendent"].to(str), rx.el.br(), d["superintendent_email"].to(str)),
        rx.el.td(d["designees"].to_string()),
        rx.el.td(d["educators"].to_string()),
        rx.el.td(
            rx.button(
                "Delete",
                size="1",
                variant="outline",
                color_scheme="red",
                aria_label="Delete district " + d["name"].to(str),
                on_click=AdminState.delete_district(d["district_id"].to(int)),
            )
        ),
    )


def _district_options(first: str) -> list[Any]:
    return [
        rx.el.option(first, value="0" if first.startswith("New") else ""),
        rx.foreach(
            AdminState.districts,
            lambda d: rx.el.option(
                d["code"].to(str) + " " + d["name"].to(str), value=d["district_id"].to_string()
            ),
        ),
    ]


def _districts() -> rx.Component:
    e = AdminState.district_errors
    return _panel(
        "Districts and superintendents",
        _messages(AdminState.district_message, AdminState.district_error),
        _table(
            "Districts",
            ("Code", "Name", "Superintendent", "Designees", "Educators", "Actions"),
            rx.foreach(AdminState.districts, _district_row),
        ),
        rx.box(
            _form_box(
                rx.heading("Add or rename a district", as_="h3", size="4", margin_bottom="0.5em"),
                rx.form(
                    _select("District", "district_id", *_district_options("New district")),
                    text_field("Code", "district_code", error=e.get("code", ""), hint="4 digits"),
                    text_field("Name", "district_name", error=e.get("name", "")),
                    rx.button("Save district", type="submit"),
                    on_submit=AdminState.save_district,
                    reset_on_submit=False,
                ),
            ),
            _form_box(
                rx.heading("Superintendent", as_="h3", size="4", margin_bottom="0.5em"),
                rx.form(
                    _select("For district", "super_district_id", *_district_options("Choose…")),
                    text_field(
                        "Superintendent's email",
                        "super_email",
                        input_type="email",
                        error=e.get("email", ""),
                    ),
                    text_field(
                        "Superintendent's name",
                        "super_name",
                        error=e.get("name", ""),
                        hint="Needed for a new account; it gets a set-password link by e-mail.",
                    ),
                    rx.button("Set superintendent", type="submit"),
                    on_submit=AdminState.set_superintendent,
                    reset_on_submit=False,
                ),
            ),
            key=AdminState.district_version.to_string(),
        ),
    )


# ---------------------------------------------------------------- rules


def _setting_row(s: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(s["description"].to(str)),
        rx.el.td(s["value"].to(str)),
        rx.el.td(rx.el.code(s["key"].to(str))),
    )


def _option_row(o: rx.Var) -> rx.Component:
    active = o["active"].to(bool)
    return rx.el.tr(
        rx.el.td(o["category_label"].to(str)),
        rx.el.td(o["position"].to_string()),
        rx.el.td(o["label"].to(str)),
        rx.el.td(rx.cond(active, "Offered", "Withdrawn")),
        rx.el.td(
            rx.button(
                rx.cond(active, "Withdraw", "Offer again"),
                size="1",
                variant="outline",
                aria_label=rx.cond(active, "Withdraw ", "Offer again ").to(str)
                + o["category_label"].to(str)
                + " option "
                + o["position"].to_string(),
                on_click=AdminState.toggle_option(o["option_id"].to(int), ~active),
            )
        ),
    )


def _kind_options() -> list[rx.Component]:
    return [
        rx.el.option("Choose…", value=""),
        *[rx.el.option(label, value=value) for value, label in KIND_LABELS.items()],
    ]


def _rules() -> rx.Component:
    return _panel(
        "Renewal rules",
        rx.text(
            "Changes apply at once to every educator's tracker and to new applications. "
            "Each change shows how many educators it affects before it is saved.",
            color=MUTED,
        ),
        _messages(AdminState.rules_message, AdminState.rules_error),
        rx.cond(
            AdminState.pending_kind != "",
            notice(
                rx.text(AdminState.pending_preview),
                rx.hstack(
                    rx.button("Save change", on_click=AdminState.confirm_rule_change),
                    rx.button("Cancel", variant="outline", on_click=AdminState.cancel_rule_change),
                    spacing="3",
                    margin_top="0.5em",
                ),
                tone="warning",
                margin_y="0.5em",
            ),
        ),
        _table(
            "Settings",
            ("Setting", "Value", "Key"),
            rx.foreach(AdminState.settings, _setting_row),
        ),
        _table(
            "Renewal options",
            ("Class", "Option", "Requirement", "Status", "Actions"),
            rx.foreach(AdminState.options, _option_row),
        ),
        rx.box(
            _form_box(
                rx.heading("Change a setting", as_="h3", size="4", margin_bottom="0.5em"),
                rx.form(
                    _select(
                        "Setting",
                        "setting_key",
                        rx.foreach(
                            AdminState.settings,
                            lambda s: rx.el.option(s["description"].to(str), value=s["key"]),
                        ),
                    ),
                    text_field("New value", "setting_value", input_mode="decimal"),
                    rx.button("Preview setting change", type="submit"),
                    on_submit=AdminState.preview_setting,
                    reset_on_submit=False,
                ),
            ),
            _form_box(
                rx.heading("Change an option's amount", as_="h3", size="4", margin_bottom="0.5em"),
                rx.form(
                    _select(
                        "Option part",
                        "part_id",
                        rx.foreach(
                            AdminState.options,
                            lambda o: rx.foreach(
                                o["parts"].to(list[dict]),
                                lambda p: rx.el.option(
                                    o["category_label"].to(str)
                                    + " option "
                                    + o["position"].to_string()
                                    + ": "
                                    + p["amount"].to(str)
                                    + " "
                                    + p["kind"].to(str),
                                    value=p["part_id"].to(str),
                                ),
                            ),
                        ),
                    ),
                    text_field("New amount", "part_amount", input_mode="decimal"),
                    rx.button("Preview amount change", type="submit"),
                    on_submit=AdminState.preview_part,
                    reset_on_submit=False,
                ),
            ),
            _form_box(
                rx.heading("Add an option", as_="h3", size="4", margin_bottom="0.5em"),
                rx.form(
                    _select(
                        "Class",
                        "new_category",
                        *[rx.el.option(CATEGORY_LABELS[c], value=c) for c in RENEWAL_CATEGORIES],
                    ),
                    _select("Kind", "new_kind_1", *_kind_options()),
                    text_field("Amount", "new_amount_1", input_mode="decimal"),
                    _select("Second kind (optional)", "new_kind_2", *_kind_options()),
                    text_field("Second amount", "new_amount_2", input_mode="decimal"),
                    rx.button("Add option", type="submit"),
                    on_submit=AdminState.add_option,
                    reset_on_submit=False,
                ),
            ),
            key=AdminState.rules_version.to_string(),
        ),
    )


# ---------------------------------------------------------------- bulk PD load


def _bulk() -> rx.Component:
    summary = AdminState.bulk_summary
    return _panel(
        "Bulk professional development load",
        rx.text(
            "A CSV file of SEMI credits or eLearning CEUs with a header row and the columns "
            "educator ID or license number, title, provider, kind (CEU or SEMI credits), "
            "amount and date (YYYY-MM-DD). Loading the same file again adds nothing.",
            color=MUTED,
        ),
        rx.el.label(
            rx.text("CSV file", font_weight="600", display="block"),
            rx.upload(
                rx.text(
                    "Choose a CSV file (up to 5 MB)", color=LINK_COLOR, text_decoration="underline"
                ),
                id=CSV_UPLOAD_ID,
                multiple=False,
                no_click=True,
                on_drop=AdminState.upload_csv(rx.upload_files(upload_id=CSV_UPLOAD_ID)),
                role="button",
                border="1px dashed #8a8f98",
                border_radius="6px",
                padding="0.75em",
                cursor="pointer",
                margin_top="0.25em",
            ),
            display="block",
            margin_y="1em",
            max_width="36em",
        ),
        rx.cond(
            AdminState.bulk_file_error != "",
            rx.el.p(AdminState.bulk_file_error, color=ERROR_COLOR, role="alert"),
        ),
        rx.cond(
            summary.length() > 0,
            rx.box(
                rx.text(
                    AdminState.bulk_file_name,
                    ": ",
                    summary["total"].to_string(),
                    " rows; ",
                    summary["new"].to_string(),
                    " new; ",
                    summary["already"].to_string(),
                    " already loaded; ",
                    summary["errors"].to_string(),
                    " with errors.",
                    role="status",
                ),
                rx.cond(
                    AdminState.bulk_errors.length() > 0,
                    _table(
                        "Rows with errors (not loaded)",
                        ("Line", "Educator", "Problem"),
                        rx.foreach(
                            AdminState.bulk_errors,
                            lambda e: rx.el.tr(
                                rx.el.td(e["line"]),
                                rx.el.td(e["identifier"]),
                                rx.el.td(e["message"]),
                            ),
                        ),
                    ),
                ),
                _table(
                    "Preview",
                    ("Line", "Educator", "Title", "Kind", "Amount", "Date", "Result"),
                    rx.foreach(
                        AdminState.bulk_rows,
                        lambda r: rx.el.tr(
                            rx.el.td(r["line"]),
                            rx.el.td(r["educator"]),
                            rx.el.td(r["title"]),
                            rx.el.td(r["kind"]),
                            rx.el.td(r["amount"]),
                            rx.el.td(r["date"]),
                            rx.el.td(r["status"]),
                        ),
                    ),
                ),
                rx.button(
                    "Load " + summary["new"].to_string() + " new activities",
                    on_click=AdminState.run_bulk_load,
                    # Enabled with nothing new too: loading again shows that it adds nothing.
                    disabled=AdminState.bulk_running,
                    size="3",
                ),
            ),
        ),
        rx.cond(
            AdminState.bulk_running | (AdminState.bulk_progress > 0),
            rx.box(
                rx.progress(
                    value=AdminState.bulk_progress,
                    max=100,
                    aria_label="Bulk load progress",
                    size="3",
                ),
                rx.text(AdminState.bulk_progress.to_string(), "% loaded", color=MUTED),
                margin_y="0.75em",
                max_width="36em",
            ),
        ),
        rx.cond(
            AdminState.bulk_result != "",
            notice(AdminState.bulk_result, tone="success", margin_y="0.5em"),
        ),
    )


# ---------------------------------------------------------------- records


def _records() -> rx.Component:
    e = AdminState.record_errors
    return _panel(
        "Transcripts, background checks and assessment scores",
        rx.form(
            text_field(
                "Educator ID or license number",
                "find_query",
                error=AdminState.find_error,
                max_length=20,
            ),
            rx.button("Find educator", type="submit"),
            on_submit=AdminState.find_educator,
            reset_on_submit=False,
            max_width="28em",
        ),
        rx.cond(
            AdminState.educator.length() > 0,
            rx.box(
                rx.text(
                    "Recording for ",
                    rx.text.strong(AdminState.educator["name"].to(str)),
                    " (",
                    AdminState.educator["educator_number"].to(str),
                    ", ",
                    AdminState.educator["district"].to(str),
                    ")",
                    margin_y="1em",
                ),
                rx.cond(
                    AdminState.record_message != "",
                    notice(AdminState.record_message, tone="success"),
                ),
                rx.flex(
                    _form_box(
                        rx.heading("Transcript received", as_="h3", size="4"),
                        rx.form(
                            text_field(
                                "Institution", "institution", error=e.get("institution", "")
                            ),
                            text_field("Degree", "degree", error=e.get("degree", "")),
                            text_field(
                                "Received on",
                                "received_on",
                                input_type="date",
                                error=e.get("received_on", ""),
                            ),
                            rx.button("Record transcript", type="submit"),
                            on_submit=AdminState.record_transcript,
                            reset_on_submit=False,
                        ),
                    ),
                    _form_box(
                        rx.heading("Background check", as_="h3", size="4"),
                        rx.form(
                            _select(
                                "Status",
                                "check_status",
                                *[
                                    rx.el.option(s.capitalize(), value=s)
                                    for s in BACKGROUND_STATUSES
                                ],
                                error=e.get("status", ""),
                            ),
                            text_field(
                                "Checked on",
                                "checked_on",
                                input_type="date",
                                error=e.get("checked_on", ""),
                            ),
                            rx.button("Record background check", type="submit"),
                            on_submit=AdminState.record_background_check,
                            reset_on_submit=False,
                        ),
                    ),
                    _form_box(
                        rx.heading("Assessment score", as_="h3", size="4"),
                        rx.form(
                            text_field("Assessment", "assessment", error=e.get("assessment", "")),
                            text_field(
                                "Score", "score", error=e.get("score", ""), input_mode="numeric"
                            ),
                            text_field(
                                "Passing score",
                                "passing_score",
                                error=e.get("passing_score", ""),
                                input_mode="numeric",
                            ),
                            text_field(
                                "Taken on",
                                "taken_on",
                                input_type="date",
                                error=e.get("taken_on", ""),
                            ),
                            rx.button("Record score", type="submit"),
                            on_submit=AdminState.record_score,
                            reset_on_submit=False,
                        ),
                    ),
                    gap="1em",
                    wrap="wrap",
                    key=AdminState.record_version.to_string(),
                ),
            ),
        ),
    )


# ---------------------------------------------------------------- reports


def _expiring() -> rx.Component:
    return _panel(
        "Licenses expiring in the next 90 days",
        rx.hstack(
            rx.text(rx.text.strong(AdminState.expiring_total.to_string()), " licenses"),
            rx.button("Download CSV", on_click=AdminState.download_expiring, variant="outline"),
            align="center",
            spacing="4",
        ),
        _table(
            "By district",
            ("District", "Licenses"),
            rx.foreach(
                AdminState.expiring_per_district,
                lambda d: rx.el.tr(rx.el.td(d["district"]), rx.el.td(d["count"])),
            ),
        ),
        _table(
            "Licenses (first 500; the CSV has all)",
            ("District", "License", "Holder", "Type", "Class", "Expires on", "Days left"),
            rx.foreach(
                AdminState.expiring_rows,
                lambda r: rx.el.tr(
                    rx.el.td(r["district"]),
                    rx.el.td(r["license_number"]),
                    rx.el.td(r["holder"]),
                    rx.el.td(r["license_type"]),
                    rx.el.td(r["license_class"]),
                    rx.el.td(r["expires_on"]),
                    rx.el.td(r["days_left"]),
                ),
            ),
        ),
    )


def _audit() -> rx.Component:
    return _panel(
        "Audit log",
        rx.form(
            rx.grid(
                text_field("Actor email", "audit_actor", hint="Or “system”."),
                text_field("Entity type", "audit_entity_type", hint="e.g. application, license"),
                text_field("Entity ID", "audit_entity_id"),
                text_field("Action", "audit_action", hint="Starts with, e.g. application."),
                text_field("From", "audit_from", input_type="date"),
                text_field("To", "audit_to", input_type="date"),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="3",
            ),
            rx.button("Filter", type="submit"),
            on_submit=AdminState.filter_audit,
            reset_on_submit=False,
        ),
        rx.cond(AdminState.audit_error != "", notice(AdminState.audit_error, tone="error")),
        _table(
            "Audit events, newest first (100 at most)",
            ("Time (UTC)", "Actor", "Role", "Action", "Entity", "Before", "After"),
            rx.foreach(
                AdminState.audit_rows,
                lambda r: rx.el.tr(
                    rx.el.td(r["at"].to(str), white_space="nowrap"),
                    rx.el.td(r["actor"].to(str)),
                    rx.el.td(r["role"].to(str)),
                    rx.el.td(r["action"].to(str)),
                    rx.el.td(r["entity"].to(str)),
                    rx.el.td(rx.el.code(r["before"].to(str)), word_break="break-all"),
                    rx.el.td(rx.el.code(r["after"].to(str)), word_break="break-all"),
                ),
            ),
        ),
    )


TABS: tuple[tuple[str, str], ...] = (
    ("review", "State review"),
    ("districts", "Districts"),
    ("rules", "Rules"),
    ("bulk", "Bulk PD load"),
    ("records", "Records"),
    ("expiring", "Expiring licenses"),
    ("audit", "Audit log"),
)


@app_page(routes.ADMIN, "Administration", on_load=[AdminState.load])
def admin_page() -> rx.Component:
    panels = {
        "review": _state_review,
        "districts": _districts,
        "rules": _rules,
        "bulk": _bulk,
        "records": _records,
        "expiring": _expiring,
        "audit": _audit,
    }
    return rx.box(
        rx.heading("State office administration", as_="h1", size="7", margin_bottom="0.5em"),
        rx.tabs.root(
            rx.tabs.list(*[rx.tabs.trigger(label, value=key) for key, label in TABS], wrap="wrap"),
            *[rx.tabs.content(panels[key](), value=key) for key, _ in TABS],
            default_value="review",
        ),
    )
