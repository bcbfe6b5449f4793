"""The queue: counts, filters, the table of applications and bulk selection."""

from __future__ import annotations

import reflex as rx

from ...components.layout import LINK_COLOR
from ...components.status import status_badge
from ...services import approvals
from ...states.approvals import ASSIGNEES, SORTS, STATUS_FILTERS, TYPE_FILTERS, ApprovalsState
from .bulk_view import bulk_bar, bulk_dialog
from .common import MUTED, SELECT_STYLE, label, options, select
from .designees_view import designees


def _search() -> rx.Component:
    """ "Search applicants": a name, an email or a license number, searched on the server."""
    return rx.el.form(
        label("Search applicants", "queue-search"),
        rx.el.p(
            "A name, an email or a license number.",
            id="queue-search-hint",
            color=MUTED,
            font_size="0.9em",
        ),
        rx.hstack(
            rx.el.input(
                id="queue-search",
                name="search",
                type="search",
                default_value=ApprovalsState.search,
                aria_describedby="queue-search-hint",
                style={**SELECT_STYLE, "width": "20em", "max_width": "100%"},
            ),
            rx.button("Search", type="submit", size="3"),
            align="center",
            spacing="2",
        ),
        on_submit=ApprovalsState.search_applicants,
        role="search",
        margin_top="1em",
    )


def _filters() -> rx.Component:
    return rx.flex(
        select(
            "Status",
            "filter-status",
            options(STATUS_FILTERS),
            ApprovalsState.filter_status,
            ApprovalsState.set_filter_status,
        ),
        select(
            "Type",
            "filter-type",
            options(TYPE_FILTERS),
            ApprovalsState.filter_type,
            ApprovalsState.set_filter_type,
        ),
        rx.cond(
            ApprovalsState.is_state,
            select(
                "District",
                "filter-district",
                [
                    rx.el.option("All districts", value=""),
                    rx.foreach(
                        ApprovalsState.district_options,
                        lambda d: rx.el.option(d.label, value=d.value),
                    ),
                ],
                ApprovalsState.filter_district,
                ApprovalsState.set_filter_district,
            ),
        ),
        select(
            "Assignee",
            "filter-assignee",
            options(ASSIGNEES),
            ApprovalsState.filter_assignee,
            ApprovalsState.set_filter_assignee,
        ),
        select("Sort", "sort", options(SORTS), ApprovalsState.sort, ApprovalsState.set_sort),
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
                    lambda c: rx.el.li(c.label, ": ", rx.text.strong(c.count.to_string())),
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


def _age(row: rx.Var[approvals.QueueRow]) -> rx.Component:
    return rx.cond(
        row.overdue,
        rx.badge(row.age_text, color_scheme="red", size="2"),
        rx.text(row.age_text),
    )


def _select_box(row: rx.Var[approvals.QueueRow]) -> rx.Component:
    application_id = row.application_id
    return rx.cond(
        row.can_bulk_approve,
        rx.checkbox(
            checked=ApprovalsState.selected.contains(application_id),
            on_change=lambda checked: ApprovalsState.toggle_selected(application_id, checked),
            aria_label="Select the renewal of " + row.applicant_name,
        ),
    )


def _queue_row(row: rx.Var[approvals.QueueRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(_select_box(row)),
        rx.el.td(
            rx.link(
                row.applicant_name,
                href="/approvals?application=" + row.application_id.to_string(),
                color=LINK_COLOR,
            )
        ),
        rx.el.td(row.type_title),
        rx.el.td(row.license_number),
        rx.el.td(row.expires_on),
        rx.el.td(row.district_name),
        rx.el.td(status_badge(row.status_label)),
        rx.el.td(row.submitted_on),
        rx.el.td(_age(row)),
        rx.el.td(rx.cond(row.assigned_to_me, "You", row.assignee_name)),
    )


def _select_all() -> rx.Component:
    """ "Select all": the renewals of the visible page that can be approved in bulk."""
    return rx.el.th(
        rx.checkbox(
            "Select all",
            checked=ApprovalsState.all_selected,
            on_change=ApprovalsState.toggle_all,
            disabled=~ApprovalsState.any_selectable,
        ),
        scope="col",
        text_align="left",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            "Previous page",
            variant="outline",
            disabled=ApprovalsState.page == 0,
            on_click=ApprovalsState.previous_page,
        ),
        rx.text("Page ", (ApprovalsState.page + 1).to_string(), aria_live="polite"),
        rx.button(
            "Next page",
            variant="outline",
            disabled=~ApprovalsState.has_next,
            on_click=ApprovalsState.next_page,
        ),
        align="center",
        spacing="3",
        margin_y="0.75em",
    )


def _queue_table() -> rx.Component:
    headers = (
        "Applicant",
        "Type",
        "License",
        "Expires",
        "District",
        "Status",
        "Submitted",
        "Waiting",
        "Assigned to",
    )
    return rx.cond(
        ApprovalsState.rows.length() > 0,
        rx.box(
            rx.el.table(
                rx.el.caption("Applications", text_align="left"),
                rx.el.thead(
                    rx.el.tr(
                        _select_all(),
                        *[rx.el.th(h, scope="col", text_align="left") for h in headers],
                    )
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


def queue_view() -> rx.Component:
    return rx.box(
        rx.heading("Applications", as_="h1", size="7"),
        _counts(),
        _search(),
        _filters(),
        bulk_bar(),
        _queue_table(),
        rx.cond((ApprovalsState.page > 0) | ApprovalsState.has_next, _pager()),
        bulk_dialog(),
        designees(),
    )
