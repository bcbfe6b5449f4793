"""/pd : the live renewal tracker, the activity form and the activity list."""

import reflex as rx

from .. import routes
from ..components.dialogs import confirm_dialog, danger_button
from ..components.forms import ERROR_COLOR, field_error, notice, text_field
from ..components.layout import LINK_COLOR, app_page
from ..components.uploads import EVIDENCE_TYPES, drop_zone
from ..services.pd import KIND_LABELS
from ..states.pd import EVIDENCE_UPLOAD_ID, PDState

MUTED = "#414651"


def _part(part: rx.Var) -> rx.Component:
    return rx.box(
        rx.progress(
            value=part.percent,
            max=100,
            aria_label=part.progress_text,
            size="3",
        ),
        rx.hstack(
            rx.text(part.progress_text, weight="medium"),
            rx.text(part.remaining_text, color=MUTED),
            justify="between",
            width="100%",
        ),
        width="100%",
        margin_bottom="0.5em",
    )


def _option(option: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(option.label, weight="bold"),
            rx.cond(option.met, rx.badge("Met", color_scheme="green", high_contrast=True)),
            rx.cond(
                option.closest & ~option.met,
                rx.badge("Closest", color_scheme="indigo", high_contrast=True),
            ),
            align="center",
            spacing="2",
        ),
        rx.foreach(option.parts, _part),
        padding="0.75em",
        border_radius="8px",
        border=rx.cond(option.closest, "2px solid #3e63dd", "1px solid #d0d5dd"),
        width="100%",
    )


def _tracker(tracker: rx.Var) -> rx.Component:
    return rx.el.section(
        rx.heading(tracker.heading, as_="h2", size="5"),
        rx.cond(
            tracker.cycle_note != "",
            rx.text(tracker.cycle_note, weight="bold", margin_top="0.5em", role="note"),
        ),
        rx.text(tracker.summary, size="4", margin_y="0.5em"),
        rx.grid(
            rx.foreach(tracker.options, _option),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
        ),
        rx.cond(
            tracker.can_renew,
            rx.button(
                "File renewal application",
                size="3",
                margin_top="1em",
                on_click=rx.redirect(tracker.renew_href),
            ),
            rx.cond(
                tracker.renewable_problem != "",
                rx.text(tracker.renewable_problem, color=MUTED, margin_top="0.5em"),
            ),
        ),
        rx.cond(
            tracker.open_renewal_note != "",
            rx.text(
                tracker.open_renewal_note,
                " ",
                rx.cond(
                    tracker.open_renewal_status == "draft",
                    rx.link(
                        "Continue your application",
                        href=routes.APPLY + "?application=" + tracker.open_renewal_id.to(str),
                        color=LINK_COLOR,
                    ),
                    rx.link("Your applications", href=routes.APPLICATIONS, color=LINK_COLOR),
                ),
                margin_top="0.5em",
            ),
        ),
        rx.cond(
            tracker.not_counting.length() > 0,
            rx.box(
                rx.heading("Activities that do not count", as_="h3", size="3", margin_top="1em"),
                rx.el.ul(
                    rx.foreach(
                        tracker.not_counting,
                        lambda c: rx.el.li(rx.text.strong(c.title), ": ", c.reason),
                    ),
                    padding_left="1.25em",
                ),
            ),
        ),
        aria_live="polite",
        padding="1em",
        border="1px solid #d0d5dd",
        border_radius="10px",
        margin_bottom="1em",
    )


def _kind_select() -> rx.Component:
    return rx.box(
        rx.el.label(
            "Kind", html_for="kind", display="block", font_weight="600", margin_bottom="0.25em"
        ),
        rx.el.select(
            rx.el.option("Choose…", value=""),
            *[rx.el.option(label, value=value) for value, label in KIND_LABELS.items()],
            id="kind",
            name="kind",
            default_value=PDState.form_values.get("kind", ""),
            aria_describedby="kind-error",
            style={
                "width": "100%",
                "padding": "0.5em",
                "border": "1px solid #8a8f98",
                "border_radius": "6px",
                "font_size": "1rem",
                "background": "white",
            },
        ),
        field_error(PDState.errors.get("kind", ""), "kind"),
        margin_bottom="1em",
    )


def _evidence_upload() -> rx.Component:
    # The label wraps the drop zone so the file input is named "Evidence"; a button in the
    # zone opens the file chooser (Enter or Space).
    return rx.box(
        drop_zone(
            "Evidence",
            EVIDENCE_UPLOAD_ID,
            "Choose a certificate or transcript (PDF, PNG, JPEG or HEIC, up to 10 MB)",
            PDState.stage_evidence(rx.upload_files(upload_id=EVIDENCE_UPLOAD_ID)),
            described_by="evidence-hint",
            accept=EVIDENCE_TYPES,
            camera=True,
        ),
        rx.text(
            "Optional now: you can add it later, and your approver may ask for it.",
            id="evidence-hint",
            color=MUTED,
            size="2",
        ),
        rx.foreach(
            PDState.staged,
            lambda f: rx.hstack(
                rx.text(f.name, " (", f.size_text, ") attached"),
                rx.button(
                    "Remove",
                    variant="ghost",
                    size="1",
                    type="button",
                    on_click=PDState.unstage_evidence(f.evidence_id),
                ),
                align="center",
            ),
        ),
        rx.cond(
            PDState.upload_error != "",
            rx.el.p(PDState.upload_error, color=ERROR_COLOR, role="alert"),
        ),
        margin_bottom="1em",
    )


def _activity_form() -> rx.Component:
    v, e = PDState.form_values, PDState.errors
    return rx.el.section(
        rx.heading(
            rx.cond(PDState.editing_id != 0, "Edit activity", "Add an activity"), as_="h2", size="5"
        ),
        rx.form(
            text_field(
                "Title",
                "title",
                error=e.get("title", ""),
                default_value=v.get("title", ""),
                auto_focus=True,
            ),
            text_field(
                "Provider",
                "provider",
                error=e.get("provider", ""),
                default_value=v.get("provider", ""),
            ),
            _kind_select(),
            text_field(
                "Amount",
                "amount",
                error=e.get("amount", ""),
                hint="In the kind's unit: CEUs (1 CEU = 10 contact hours), semester hours or SEMI credits. At least 0.5 CEU (5 contact hours).",
                default_value=v.get("amount", ""),
                input_mode="decimal",
            ),
            text_field(
                "Completion date",
                "completed_on",
                input_type="date",
                error=e.get("completed_on", ""),
                default_value=v.get("completed_on", ""),
            ),
            _evidence_upload(),
            rx.hstack(
                rx.button("Save activity", type="submit", size="3"),
                rx.button(
                    "Cancel",
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=PDState.cancel_form,
                ),
                spacing="3",
            ),
            on_submit=PDState.save_activity,
            reset_on_submit=False,
            key=PDState.form_version.to_string(),
        ),
        padding="1em",
        border="1px solid #d0d5dd",
        border_radius="10px",
        margin_y="1em",
    )


def _evidence_links(row: rx.Var) -> rx.Component:
    return rx.cond(
        row.evidence.length() > 0,
        rx.vstack(
            rx.foreach(
                row.evidence,
                lambda f: rx.link(
                    f.name,
                    href="/api/evidence/" + f.evidence_id.to(str),
                    is_external=True,
                    color=LINK_COLOR,
                ),
            ),
            spacing="1",
        ),
        rx.badge("No evidence yet", color_scheme="orange", variant="outline", high_contrast=True),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.title),
        rx.el.td(row.provider),
        rx.el.td(row.kind_label),
        rx.el.td(row.amount_text),
        rx.el.td(row.completed_on),
        rx.el.td(row.source),
        rx.el.td(row.verification),
        rx.el.td(_evidence_links(row)),
        rx.el.td(
            rx.cond(
                row.editable,
                rx.hstack(
                    rx.button(
                        "Edit",
                        size="1",
                        variant="outline",
                        on_click=PDState.start_edit(row.activity_id),
                        aria_label="Edit " + row.title,
                    ),
                    rx.button(
                        "Delete",
                        size="1",
                        color_scheme="red",
                        variant="outline",
                        on_click=PDState.ask_delete(row.activity_id),
                        aria_label="Delete " + row.title,
                    ),
                    spacing="2",
                ),
                rx.text("Read-only", color=MUTED, size="2"),
            )
        ),
    )


def _activities_table() -> rx.Component:
    headers = (
        "Title",
        "Provider",
        "Kind",
        "Amount",
        "Completed",
        "Source",
        "Verification",
        "Evidence",
        "Actions",
    )
    return rx.cond(
        PDState.activities.length() > 0,
        rx.box(
            rx.el.table(
                rx.el.caption("Your professional development activities", text_align="left"),
                rx.el.thead(
                    rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])
                ),
                rx.el.tbody(rx.foreach(PDState.activities, _row)),
                class_name="data-table",
            ),
            overflow_x="auto",
            tab_index=0,
            role="region",
            aria_label="Activities",
        ),
        rx.text(
            "No activities yet. Add each CEU, course or credit as you complete it; the tracker "
            "above counts it toward your renewal at once.",
            color=MUTED,
        ),
    )


def _delete_dialog() -> rx.Component:
    return confirm_dialog(
        "Delete this activity?",
        ["“", PDState.delete_title, "” will be removed from your record and from the tracker."],
        is_open=PDState.delete_id != 0,
        on_cancel=PDState.cancel_delete,
        cancel_label="Keep it",
        confirm=danger_button("Delete activity", PDState.confirm_delete),
    )


@app_page(routes.PD, "Professional development", on_load=[PDState.load])
def pd_page() -> rx.Component:
    return rx.box(
        rx.heading("Professional development", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(
            PDState.loaded & (PDState.trackers.length() == 0),
            notice(
                rx.text(
                    "You have no active license to track. ",
                    rx.link("Claim your license", href=routes.LICENSES, color=LINK_COLOR),
                    " to see what you need to renew it.",
                ),
                tone="neutral",
            ),
        ),
        rx.foreach(PDState.trackers, _tracker),
        rx.cond(
            PDState.notice != "",
            notice(PDState.notice, tone="success", role="status", id="pd-result"),
        ),
        rx.cond(
            PDState.warning != "",
            notice(PDState.warning, tone="warning", role="status", margin_top="0.5em"),
        ),
        rx.cond(
            PDState.form_open,
            _activity_form(),
            rx.button("Add activity", size="3", on_click=PDState.open_add_form, margin_y="1em"),
        ),
        rx.heading("Activities", as_="h2", size="5", margin_top="1em"),
        _activities_table(),
        _delete_dialog(),
    )
