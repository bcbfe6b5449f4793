"""/approvals : the live queue, one application's record with its evidence, the decisions,
bulk approval of renewals and (for superintendents) the district's designees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from .. import routes
from ..components.forms import field_error, notice, text_field
from ..components.layout import LINK_COLOR, app_page
from ..states.approvals import SORTS, STATUS_FILTERS, TYPE_FILTERS, ApprovalsState

MUTED = "#414651"
BORDER = "#d0d5dd"
D = ApprovalsState.detail
SELECT_STYLE = {
    "width": "100%",
    "padding": "0.45em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "background": "white",
}


def _label(text: str, field_id: str) -> rx.Component:
    return rx.el.label(
        text, html_for=field_id, display="block", font_weight="600", margin_bottom="0.25em"
    )


def _select(
    label: str,
    field_id: str,
    options: list[rx.Component],
    value: rx.Var,
    on_change: Callable[..., Any],
) -> rx.Component:
    return rx.box(
        _label(label, field_id),
        rx.el.select(*options, id=field_id, value=value, on_change=on_change, style=SELECT_STYLE),
        min_width="12em",
    )


def _options(pairs: tuple[tuple[str, str], ...]) -> list[rx.Component]:
    return [rx.el.option(label, value=value) for value, label in pairs]


def _filters() -> rx.Component:
    return rx.flex(
        _select(
            "Status",
            "filter-status",
            _options(STATUS_FILTERS),
            ApprovalsState.filter_status,
            ApprovalsState.set_filter_status,
        ),
        _select(
            "Type",
            "filter-type",
            _options(TYPE_FILTERS),
            ApprovalsState.filter_type,
            ApprovalsState.set_filter_type,
        ),
        rx.cond(
            ApprovalsState.is_state,
            _select(
                "District",
                "filter-district",
                [
                    rx.el.option("All districts", value=""),
                    rx.foreach(
                        ApprovalsState.district_options,
                        lambda d: rx.el.option(d["label"], value=d["id"]),
                    ),
                ],
                ApprovalsState.filter_district,
                ApprovalsState.set_filter_district,
            ),
        ),
        _select("Sort", "sort", _options(SORTS), ApprovalsState.sort, ApprovalsState.set_sort),
        gap="1em",
        wrap="wrap",
        margin_y="1em",
    )


def _counts() -> rx.Component:
    return rx.box(
        rx.text(
            rx.text.strong(ApprovalsState.waiting.to_string()),
            " waiting for your decision.",
            size="4",
        ),
        rx.cond(
            ApprovalsState.counts.length() > 0,
            rx.el.ul(
                rx.foreach(
                    ApprovalsState.counts,
                    lambda c: rx.el.li(
                        c["label"].to(str), ": ", rx.text.strong(c["count"].to_string())
                    ),
                ),
                display="flex",
                flex_wrap="wrap",
                gap="0.5em 1.5em",
                list_style="none",
                padding="0",
                margin="0.5em 0 0 0",
                aria_label="Applications by status",
            ),
        ),
        aria_live="polite",
    )


def _age(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["overdue"].to(bool),
        rx.badge(row["age_text"].to(str), color_scheme="red", size="2"),
        rx.text(row["age_text"].to(str)),
    )


def _select_box(row: rx.Var) -> rx.Component:
    application_id = row["application_id"].to(int)
    return rx.cond(
        row["can_bulk_approve"].to(bool),
        rx.checkbox(
            checked=ApprovalsState.selected.contains(application_id),
            on_change=lambda checked: ApprovalsState.toggle_selected(application_id, checked),
            aria_label="Select the renewal of " + row["applicant_name"].to(str),
        ),
    )


def _queue_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(_select_box(row)),
        rx.el.td(
            rx.link(
                row["applicant_name"].to(str),
                href="/approvals?application=" + row["application_id"].to_string(),
                color=LINK_COLOR,
            )
        ),
        rx.el.td(row["type_title"].to(str)),
        rx.el.td(row["license_number"].to(str)),
        rx.el.td(row["district_name"].to(str)),
        rx.el.td(row["status_label"].to(str)),
        rx.el.td(row["submitted_on"].to(str)),
        rx.el.td(_age(row)),
    )


def _queue_table() -> rx.Component:
    headers = ("Select", "Applicant", "Type", "License", "District", "Status", "Submitted", "Age")
    return rx.cond(
        ApprovalsState.rows.length() > 0,
        rx.box(
            rx.el.table(
                rx.el.caption("Applications", text_align="left"),
                rx.el.thead(
                    rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])
                ),
                rx.el.tbody(rx.foreach(ApprovalsState.rows, _queue_row)),
                class_name="data-table",
            ),
            overflow_x="auto",
            tab_index=0,
            role="region",
            aria_label="Application queue",
        ),
        rx.text(
            rx.cond(
                ApprovalsState.loaded,
                "No applications match these filters.",
                "Loading the queue…",
            ),
            color=MUTED,
            role="status",
        ),
    )


def _bulk_bar() -> rx.Component:
    return rx.cond(
        ApprovalsState.selected.length() > 0,
        rx.hstack(
            rx.text(ApprovalsState.selected.length().to_string(), " renewals selected"),
            rx.button("Approve selected renewals", on_click=ApprovalsState.open_bulk, size="2"),
            align="center",
            spacing="3",
            margin_y="0.75em",
        ),
    )


def _bulk_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Approve these renewals?"),
            rx.alert_dialog.description(
                "Each license listed is renewed at once for a new validity period."
            ),
            rx.el.ul(
                rx.foreach(
                    ApprovalsState.bulk_list,
                    lambda c: rx.el.li(
                        c["applicant_name"].to(str), ", license ", c["license_number"].to(str)
                    ),
                ),
                padding_left="1.25em",
                margin_y="0.75em",
            ),
            rx.checkbox(
                "I have verified the original certificates or transcripts",
                id="bulk-verified",
                default_checked=False,
                on_change=ApprovalsState.set_bulk_verified,
            ),
            field_error(ApprovalsState.bulk_error, "bulk-verified"),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button("Cancel", variant="outline", on_click=ApprovalsState.cancel_bulk)
                ),
                rx.button(
                    "Approve " + ApprovalsState.bulk_list.length().to_string() + " renewals",
                    on_click=ApprovalsState.confirm_bulk,
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=ApprovalsState.bulk_open,
    )


def _designees() -> rx.Component:
    return rx.cond(
        ApprovalsState.is_superintendent,
        rx.el.section(
            rx.heading("Designees", as_="h2", size="5", id="designees-heading"),
            rx.text(
                "People you designate may approve and return applications for your district.",
                color=MUTED,
                margin_y="0.5em",
            ),
            rx.cond(
                ApprovalsState.designees.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        ApprovalsState.designees,
                        lambda d: rx.el.li(
                            rx.hstack(
                                rx.text(
                                    d["name"].to(str),
                                    " (",
                                    d["email"].to(str),
                                    "), since ",
                                    d["granted_on"].to(str),
                                ),
                                rx.button(
                                    "Revoke",
                                    size="1",
                                    variant="outline",
                                    color_scheme="red",
                                    aria_label="Revoke " + d["email"].to(str),
                                    on_click=ApprovalsState.revoke_designee(
                                        d["designee_id"].to(int)
                                    ),
                                ),
                                align="center",
                                spacing="3",
                            )
                        ),
                    ),
                    padding_left="1.25em",
                ),
                rx.text("No designees.", color=MUTED),
            ),
            rx.form(
                text_field(
                    "Email of the account to designate",
                    "designee_email",
                    input_type="email",
                    error=ApprovalsState.designee_error,
                    hint="A colleague with an account in your district.",
                ),
                rx.button("Grant approver rights", type="submit"),
                on_submit=ApprovalsState.grant_designee,
                reset_on_submit=False,
                key=ApprovalsState.designee_version.to_string(),
                max_width="28em",
                margin_top="1em",
            ),
            rx.cond(
                ApprovalsState.designee_message != "",
                notice(ApprovalsState.designee_message, tone="success", margin_top="0.5em"),
            ),
            aria_labelledby="designees-heading",
            margin_top="2.5em",
        ),
    )


def _queue_view() -> rx.Component:
    return rx.box(
        rx.heading("Applications", as_="h1", size="7"),
        _counts(),
        _filters(),
        rx.cond(
            ApprovalsState.truncated,
            notice("Only the first 200 applications are shown: narrow the filters.", tone="info"),
        ),
        _bulk_bar(),
        _queue_table(),
        _bulk_dialog(),
        _designees(),
    )


# ---------------------------------------------------------------- one application


def _item(term: str, value: Any) -> rx.Component:
    return rx.box(
        rx.el.dt(term, font_weight="600", color=MUTED, font_size="0.9em"),
        rx.el.dd(value, margin="0"),
    )


def _card(heading: str, heading_id: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(heading, as_="h2", size="5", id=heading_id, margin_bottom="0.5em"),
        *children,
        aria_labelledby=heading_id,
        border=f"1px solid {BORDER}",
        border_radius="8px",
        padding="1em",
        margin_bottom="1em",
    )


def _grid(*items: rx.Component) -> rx.Component:
    return rx.el.dl(
        *items,
        display="grid",
        grid_template_columns="repeat(auto-fit, minmax(14em, 1fr))",
        gap="0.75em 1.5em",
    )


def _viewer(file: rx.Var) -> rx.Component:
    """The file shown in the page: a PDF in a frame, an image as an image."""
    return rx.cond(
        ApprovalsState.viewing == file["id"].to(str),
        rx.cond(
            file["kind"].to(str) == "pdf",
            rx.el.iframe(
                src=file["href"].to(str),
                title="Evidence: " + file["name"].to(str),
                width="100%",
                height="480px",
                border=f"1px solid {BORDER}",
            ),
            rx.image(
                src=file["href"].to(str),
                alt="Evidence: " + file["name"].to(str),
                max_width="100%",
                border=f"1px solid {BORDER}",
            ),
        ),
    )


def _file(file: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.cond(
                file["label"].to(str) != "",
                rx.text(file["label"].to(str), ": ", weight="medium"),
            ),
            rx.link(
                file["name"].to(str),
                href=file["href"].to(str),
                is_external=True,
                color=LINK_COLOR,
            ),
            rx.text("(", file["size"].to(str), ")", color=MUTED),
            rx.button(
                rx.cond(ApprovalsState.viewing == file["id"].to(str), "Hide", "View"),
                size="1",
                variant="outline",
                aria_label=rx.cond(
                    ApprovalsState.viewing == file["id"].to(str), "Hide ", "View "
                ).to(str)
                + file["name"].to(str),
                on_click=ApprovalsState.toggle_view(file["id"].to(str)),
            ),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        _viewer(file),
        margin_y="0.25em",
    )


def _applicant() -> rx.Component:
    a = D["applicant"].to(dict)
    return _card(
        "Applicant",
        "applicant-heading",
        _grid(
            _item("Name", a["name"].to(str)),
            _item("Previous names", a["previous_names"].to(str)),
            _item("Educator ID", a["educator_number"].to(str)),
            _item("Email", a["email"].to(str)),
            _item("Phone", a["phone"].to(str)),
            _item("Mailing address", a["address"].to(str)),
            _item("Employing district", a["district"].to(str)),
        ),
    )


def _license() -> rx.Component:
    lic = D["license"].to(dict)
    return rx.cond(
        D["license"].to(dict).length() > 0,
        _card(
            "License",
            "license-heading",
            _grid(
                _item("License number", lic["number"].to(str)),
                _item("Type", lic["license_type"].to(str)),
                _item("Class", lic["license_class"].to(str)),
                _item("Status", lic["status"].to(str)),
                _item("Valid from", lic["valid_from"].to(str)),
                _item("Expires on", lic["expires_on"].to(str)),
                _item("First issued", lic["first_issued"].to(str)),
            ),
            rx.el.h3("Endorsements", font_weight="600", margin_top="0.75em"),
            rx.el.ul(
                rx.foreach(lic["endorsements"].to(list[str]), lambda e: rx.el.li(e)),
                padding_left="1.25em",
            ),
        ),
    )


def _counted_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["title"].to(str)),
        rx.el.td(row["provider"].to(str)),
        rx.el.td(row["amount"].to(str)),
        rx.el.td(row["completed_on"].to(str)),
        rx.el.td(row["verification"].to(str)),
        rx.el.td(
            rx.cond(
                row["evidence"].to(list[dict]).length() > 0,
                rx.foreach(row["evidence"].to(list[dict]), _file),
                rx.text("No evidence attached", color=MUTED),
            )
        ),
    )


def _renewal() -> rx.Component:
    headers = ("Activity", "Provider", "Amount", "Completed", "Verification", "Evidence")
    return rx.cond(
        D["type_code"].to(str) == "renewal",
        _card(
            "Professional development counted",
            "counted-heading",
            rx.text("Renewal option chosen: ", rx.text.strong(D["renewal_option"].to(str))),
            rx.text(D["counted_totals"].to(list[str]).join(", "), color=MUTED),
            rx.box(
                rx.el.table(
                    rx.el.caption("Activities counted at submission", text_align="left"),
                    rx.el.thead(
                        rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])
                    ),
                    rx.el.tbody(rx.foreach(D["counted"].to(list[dict]), _counted_row)),
                    class_name="data-table",
                ),
                overflow_x="auto",
                margin_top="0.5em",
            ),
        ),
    )


def _answers() -> rx.Component:
    def rows(var: rx.Var) -> rx.Component:
        return _grid(
            rx.foreach(
                var.to(list[dict]),
                lambda a: _item_var(a["label"].to(str), a["value"].to(str)),
            )
        )

    return _card(
        "Answers",
        "answers-heading",
        rx.cond(D["answers"].to(list[dict]).length() > 0, rows(D["answers"])),
        rx.el.h3("Professional conduct and sworn statement", font_weight="600", margin_y="0.5em"),
        rows(D["attestation"]),
        rx.el.h3("Attachments", font_weight="600", margin_y="0.5em"),
        rx.cond(
            D["attachments"].to(list[dict]).length() > 0,
            rx.foreach(D["attachments"].to(list[dict]), _file),
            rx.text("None", color=MUTED),
        ),
    )


def _item_var(term: rx.Var, value: rx.Var) -> rx.Component:
    return rx.box(
        rx.el.dt(term, font_weight="600", color=MUTED, font_size="0.9em"),
        rx.el.dd(value, margin="0"),
    )


def _history() -> rx.Component:
    return _card(
        "History",
        "history-heading",
        rx.el.ol(
            rx.foreach(
                D["timeline"].to(list[dict]),
                lambda t: rx.el.li(
                    rx.text.strong(t["status"].to(str)),
                    " — ",
                    t["at"].to(str),
                    ", ",
                    t["actor"].to(str),
                    rx.cond(t["reason"].to(str) != "", rx.el.span(": ", t["reason"].to(str))),
                ),
            ),
            padding_left="1.25em",
        ),
        rx.el.h3("Earlier applications", font_weight="600", margin_y="0.5em"),
        rx.cond(
            D["earlier"].to(list[dict]).length() > 0,
            rx.el.ul(
                rx.foreach(
                    D["earlier"].to(list[dict]),
                    lambda e: rx.el.li(
                        e["type_title"].to(str),
                        ", submitted ",
                        e["submitted_on"].to(str),
                        ": ",
                        e["status"].to(str),
                    ),
                ),
                padding_left="1.25em",
            ),
            rx.text("None", color=MUTED),
        ),
    )


def _decision() -> rx.Component:
    application_id = D["application_id"].to(int)
    return rx.cond(
        D["can_decide"].to(bool),
        rx.el.section(
            rx.heading("Decision", as_="h2", size="5", id="decision-heading"),
            rx.text(D["approve_effect"].to(str), margin_y="0.5em"),
            rx.cond(
                D["needs_verification"].to(bool),
                rx.box(
                    rx.checkbox(
                        "I have verified the original certificates or transcripts",
                        id="verified",
                        # Uncontrolled, so it ticks at once; the server gets each change.
                        default_checked=False,
                        key="verified-" + ApprovalsState.form_version.to_string(),
                        on_change=ApprovalsState.set_verified,
                        aria_describedby="verified-error",
                        size="3",
                    ),
                    field_error(ApprovalsState.verify_error, "verified"),
                    margin_y="0.75em",
                ),
            ),
            rx.box(
                _label("Reason", "reason"),
                rx.el.p(
                    "Required to return or reject: the applicant reads it.",
                    id="reason-hint",
                    color=MUTED,
                    font_size="0.9em",
                ),
                rx.text_area(
                    id="reason",
                    default_value=ApprovalsState.reason,
                    on_blur=ApprovalsState.set_reason,
                    aria_describedby="reason-hint reason-error",
                    aria_invalid=rx.cond(ApprovalsState.reason_error != "", "true", "false"),
                    rows="3",
                    width="100%",
                    key=ApprovalsState.form_version.to_string(),
                ),
                field_error(ApprovalsState.reason_error, "reason"),
                margin_y="0.75em",
            ),
            rx.hstack(
                rx.button("Approve", size="3", on_click=ApprovalsState.approve(application_id)),
                rx.button(
                    "Return for correction",
                    size="3",
                    variant="outline",
                    on_click=ApprovalsState.return_for_correction(application_id),
                ),
                rx.button(
                    "Reject",
                    size="3",
                    variant="outline",
                    color_scheme="red",
                    on_click=ApprovalsState.reject(application_id),
                ),
                spacing="3",
                wrap="wrap",
            ),
            aria_labelledby="decision-heading",
            border="2px solid #3e63dd",
            border_radius="8px",
            padding="1em",
            margin_bottom="1em",
        ),
        notice(
            "No decision is waiting from you: this application is ",
            D["status_label"].to(str).lower(),
            ".",
            tone="neutral",
            margin_bottom="1em",
        ),
    )


def _detail_view() -> rx.Component:
    return rx.box(
        rx.link("Back to the queue", href=routes.APPROVALS, color=LINK_COLOR),
        rx.heading(
            D["type_title"].to(str),
            " application from ",
            D["applicant"].to(dict)["name"].to(str),
            as_="h1",
            size="7",
            margin_top="0.5em",
        ),
        rx.text(
            "Status: ",
            rx.text.strong(D["status_label"].to(str)),
            " · submitted ",
            D["submitted_on"].to(str),
            rx.cond(D["age_text"].to(str) != "", " · " + D["age_text"].to(str), ""),
            " · ",
            D["district_name"].to(str),
            margin_bottom="1em",
            aria_live="polite",
        ),
        _decision(),
        _applicant(),
        _license(),
        _renewal(),
        _answers(),
        _history(),
    )


def _missing_view() -> rx.Component:
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


@app_page(routes.APPROVALS, "Approvals", on_load=[ApprovalsState.load])
def approvals_page() -> rx.Component:
    return rx.box(
        rx.cond(
            ApprovalsState.message != "",
            rx.box(
                rx.match(
                    ApprovalsState.message_tone,
                    ("error", notice(ApprovalsState.message, tone="error")),
                    notice(ApprovalsState.message, tone="success"),
                ),
                margin_bottom="1em",
            ),
        ),
        rx.cond(
            ApprovalsState.detail_missing,
            _missing_view(),
            rx.cond(ApprovalsState.detail.length() > 0, _detail_view(), _queue_view()),
        ),
    )
