"""/apply : the application wizard (type and license, eligibility, questions, attachments,
review, declaration)."""

import reflex as rx

from licensure_app.services.applications.wizard import STEPS

from .. import routes
from ..components.forms import ERROR_COLOR, field_error, notice
from ..components.layout import LINK_COLOR, app_page
from ..services.applications import CONDUCT_QUESTIONS, SWORN_STATEMENT
from ..states.wizard import ATTACHMENT_UPLOAD_ID, WizardState

MUTED = "#414651"
NATIVE_CONTROL = {
    "width": "100%",
    "padding": "0.5em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "background": "white",
    "color": "#1f2937",
}


def _label(text: rx.Var | str, html_for: rx.Var | str) -> rx.Component:
    return rx.el.label(
        text, html_for=html_for, display="block", font_weight="600", margin_bottom="0.25em"
    )


def _step_list() -> rx.Component:
    return rx.el.nav(
        rx.el.ol(
            *[
                rx.el.li(
                    rx.text(
                        f"{i + 1}. {title}",
                        weight=rx.cond(WizardState.step == i, "bold", "regular"),
                        color=rx.cond(WizardState.step == i, "#1e3a5f", MUTED),
                    ),
                    aria_current=rx.cond(WizardState.step == i, "step", "false"),
                    padding="0.25em 0.75em",
                    border_bottom=rx.cond(
                        WizardState.step == i, "3px solid #3e63dd", "3px solid transparent"
                    ),
                )
                for i, title in enumerate(STEPS)
            ],
            style={
                "display": "flex",
                "flex_wrap": "wrap",
                "gap": "0.25em",
                "list_style": "none",
                "padding": "0",
            },
        ),
        aria_label="Application steps",
        margin_bottom="1em",
    )


def _error_summary() -> rx.Component:
    return rx.cond(
        WizardState.errors.get("_", "") != "",
        rx.box(
            notice(WizardState.errors.get("_", ""), tone="error"),
            id="wizard-errors",
            tab_index=-1,
            margin_bottom="1em",
        ),
    )


def _buttons(submit_label: str = "Next", show_back: bool = True) -> rx.Component:
    return rx.hstack(
        rx.cond(
            show_back & (WizardState.step > 1),
            rx.button(
                "Back", type="button", variant="outline", size="3", on_click=WizardState.back
            ),
        ),
        rx.button(
            "Save draft",
            type="button",
            variant="outline",
            size="3",
            on_click=WizardState.save_draft,
        ),
        rx.button(submit_label, type="submit", size="3"),
        rx.cond(
            WizardState.saved_note != "",
            rx.text(WizardState.saved_note, color=MUTED, role="status"),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        margin_top="1.5em",
    )


def _choose_step() -> rx.Component:
    return rx.box(
        rx.cond(
            WizardState.drafts.length() > 0,
            rx.box(
                rx.heading("Continue where you left off", as_="h2", size="4"),
                rx.el.ul(
                    rx.foreach(
                        WizardState.drafts,
                        lambda d: rx.el.li(
                            rx.link(
                                d["label"],
                                href=routes.APPLY + "?application=" + d["id"],
                                color=LINK_COLOR,
                            )
                        ),
                    ),
                    padding_left="1.25em",
                ),
                margin_bottom="1.5em",
            ),
        ),
        rx.heading(
            "Start an application", as_="h2", size="4", id="wizard-step-heading", tab_index=-1
        ),
        rx.form(
            rx.box(
                _label("Application type", "app_type"),
                rx.el.select(
                    rx.el.option("Choose…", value=""),
                    rx.foreach(
                        WizardState.type_options,
                        lambda t: rx.el.option(t["title"].to(str), value=t["code"].to(str)),
                    ),
                    id="app_type",
                    name="app_type",
                    default_value=WizardState.chosen_type,
                    style=NATIVE_CONTROL,
                ),
                field_error(WizardState.errors.get("app_type", ""), "app_type"),
                margin_bottom="1em",
            ),
            rx.box(
                _label("License", "license_number"),
                rx.el.select(
                    rx.el.option("No license yet (a new license)", value=""),
                    rx.foreach(
                        WizardState.license_options,
                        lambda lic: rx.el.option(lic["label"], value=lic["number"]),
                    ),
                    id="license_number",
                    name="license_number",
                    default_value=WizardState.chosen_license,
                    style=NATIVE_CONTROL,
                ),
                field_error(WizardState.errors.get("license_number", ""), "license_number"),
                margin_bottom="1em",
            ),
            rx.el.details(
                rx.el.summary("What each application is for"),
                rx.el.dl(
                    rx.foreach(
                        WizardState.type_options,
                        lambda t: rx.fragment(
                            rx.el.dt(t["title"].to(str), font_weight="600"),
                            rx.el.dd(t["description"].to(str), margin_bottom="0.5em"),
                        ),
                    )
                ),
                margin_bottom="1em",
            ),
            rx.button("Next", type="submit", size="3"),
            on_submit=WizardState.choose,
            reset_on_submit=False,
            key=WizardState.form_version.to_string(),
        ),
    )


def _eligibility_step() -> rx.Component:
    problems = WizardState.view["problems"].to(list[str])
    options = WizardState.view["renewal_options"].to(list[dict])
    return rx.box(
        rx.cond(
            problems.length() > 0,
            rx.box(
                rx.text("You cannot file this application yet:", weight="bold"),
                rx.el.ul(rx.foreach(problems, lambda p: rx.el.li(p)), padding_left="1.25em"),
                rx.text(
                    "Log what is missing on ",
                    rx.link("Professional development", href=routes.PD, color=LINK_COLOR),
                    " or choose another type of application.",
                ),
            ),
            rx.text("You are eligible for this application.", weight="bold"),
        ),
        rx.cond(
            options.length() > 0,
            rx.el.fieldset(
                rx.el.legend("Renewal option you are using", font_weight="600"),
                rx.text(
                    "Only one option can be used in a validity cycle; only its activities count.",
                    color=MUTED,
                    size="2",
                ),
                rx.foreach(
                    options,
                    lambda o: rx.el.div(
                        rx.el.input(
                            type="radio",
                            name="renewal_option",
                            id="renewal_option_" + o["id"].to(str),
                            value=o["id"].to(str),
                            default_checked=WizardState.renewal_option_id == o["id"].to(str),
                            disabled=~o["met"].to(bool),
                            on_change=WizardState.set_answer("renewal_option", o["id"].to(str)),
                        ),
                        rx.el.label(
                            o["label"].to(str),
                            rx.cond(o["met"].to(bool), " (met)", " (not met)"),
                            html_for="renewal_option_" + o["id"].to(str),
                            margin_left="0.5em",
                        ),
                        margin_y="0.25em",
                    ),
                ),
                border="none",
                padding="0",
                margin_top="1em",
            ),
        ),
        _buttons(show_back=False),
    )


def _question(q: rx.Var) -> rx.Component:
    key = q["key"].to(str)
    value = WizardState.answers.get(key, "")
    common = {
        "id": key,
        "name": key,
        "default_value": value,
        "on_blur": lambda v: WizardState.set_answer(key, v),
        "aria_describedby": key + "-error",
        "style": NATIVE_CONTROL,
    }
    control = rx.match(
        q["kind"].to(str),
        (
            "select",
            rx.el.select(
                rx.el.option("Choose…", value=""),
                rx.foreach(q["options"].to(list[str]), lambda opt: rx.el.option(opt, value=opt)),
                id=key,
                name=key,
                default_value=value,
                on_change=lambda v: WizardState.set_answer(key, v),
                aria_describedby=key + "-error",
                style=NATIVE_CONTROL,
            ),
        ),
        ("textarea", rx.el.textarea(rows=4, **common)),
        ("number", rx.el.input(type="number", step="any", **common)),
        ("date", rx.el.input(type="date", **common)),
        rx.el.input(type="text", **common),
    )
    return rx.box(
        _label(q["label"].to(str), key),
        rx.cond(q["hint"].to(str) != "", rx.text(q["hint"].to(str), color=MUTED, size="2")),
        control,
        rx.cond(
            WizardState.errors.get(key, "") != "",
            rx.el.p(
                WizardState.errors.get(key, ""), id=key + "-error", color=ERROR_COLOR, role="alert"
            ),
        ),
        margin_bottom="1em",
    )


def _questions_step() -> rx.Component:
    questions = WizardState.view["questions"].to(list[dict])
    return rx.box(
        rx.cond(
            questions.length() > 0,
            rx.foreach(questions, _question),
            rx.text("This application has no further questions. Choose Next."),
        ),
        _buttons(),
    )


def _attachments_step() -> rx.Component:
    needed = WizardState.view["attachments_needed"].to(list[dict])
    attached = WizardState.view["attached"].to(list[dict])
    reusable = WizardState.view["reusable"].to(list[dict])
    reused = WizardState.view["reused_ids"].to(list[str])
    return rx.box(
        rx.cond(
            needed.length() > 0,
            rx.box(
                rx.text("This application needs:", weight="bold"),
                rx.el.ul(
                    rx.foreach(needed, lambda a: rx.el.li(a["label"].to(str))),
                    padding_left="1.25em",
                ),
                rx.box(
                    _label("Document", "attachment_kind"),
                    rx.el.select(
                        rx.foreach(
                            needed,
                            lambda a: rx.el.option(a["label"].to(str), value=a["key"].to(str)),
                        ),
                        id="attachment_kind",
                        value=WizardState.attachment_kind,
                        on_change=WizardState.set_attachment_kind,
                        style=NATIVE_CONTROL,
                    ),
                    margin_y="0.75em",
                ),
            ),
            rx.text(
                "No documents are required, but you may attach any that support your application.",
                color=MUTED,
            ),
        ),
        rx.el.label(
            rx.text("Attachment", font_weight="600", display="block"),
            rx.upload(
                rx.text(
                    "Choose a file (PDF, PNG or JPEG, up to 10 MB)",
                    color=LINK_COLOR,
                    text_decoration="underline",
                ),
                id=ATTACHMENT_UPLOAD_ID,
                multiple=True,
                no_click=True,
                on_drop=WizardState.stage_attachment(
                    rx.upload_files(upload_id=ATTACHMENT_UPLOAD_ID)
                ),
                role="button",
                border="1px dashed #8a8f98",
                border_radius="6px",
                padding="0.75em",
                margin_top="0.25em",
            ),
            display="block",
        ),
        rx.cond(
            WizardState.upload_error != "",
            rx.el.p(WizardState.upload_error, color=ERROR_COLOR, role="alert"),
        ),
        rx.cond(
            attached.length() > 0,
            rx.el.ul(
                rx.foreach(
                    attached,
                    lambda f: rx.el.li(
                        f["name"].to(str), " (", f["size"].to(str), "): ", f["kind"].to(str)
                    ),
                ),
                padding_left="1.25em",
                margin_top="0.5em",
            ),
        ),
        rx.cond(
            reusable.length() > 0,
            rx.el.fieldset(
                rx.el.legend(
                    "Evidence you already uploaded with your activities", font_weight="600"
                ),
                rx.foreach(
                    reusable,
                    lambda r: rx.el.div(
                        rx.el.input(
                            type="checkbox",
                            id="reuse_" + r["id"].to(str),
                            default_checked=reused.contains(r["id"].to(str)),
                            on_change=lambda _checked: WizardState.toggle_reuse(r["id"].to(str)),
                        ),
                        rx.el.label(
                            r["name"].to(str),
                            " (",
                            r["activity"].to(str),
                            ")",
                            html_for="reuse_" + r["id"].to(str),
                            margin_left="0.5em",
                        ),
                    ),
                ),
                border="none",
                padding="0",
                margin_top="1em",
            ),
        ),
        _buttons(),
    )


def _review_step() -> rx.Component:
    rows = WizardState.view["review"].to(list[dict])
    snapshot = WizardState.view["snapshot"].to(list[dict])
    return rx.box(
        rx.text("Check everything before you continue. Use Back to change an answer.", color=MUTED),
        rx.el.dl(
            rx.foreach(
                rows,
                lambda r: rx.fragment(
                    rx.el.dt(r["label"].to(str), font_weight="600", margin_top="0.5em"),
                    rx.el.dd(r["value"].to(str), margin_left="0"),
                ),
            )
        ),
        rx.cond(
            snapshot.length() > 0,
            rx.box(
                rx.heading(
                    "Activities counted for this renewal", as_="h3", size="3", margin_top="1em"
                ),
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th("Activity", scope="col", text_align="left"),
                            rx.el.th("Amount", scope="col", text_align="left"),
                            rx.el.th("Completed", scope="col", text_align="left"),
                        )
                    ),
                    rx.el.tbody(
                        rx.foreach(
                            snapshot,
                            lambda s: rx.el.tr(
                                rx.el.td(s["title"].to(str)),
                                rx.el.td(s["amount"].to(str)),
                                rx.el.td(s["completed_on"].to(str)),
                            ),
                        )
                    ),
                    class_name="data-table",
                ),
                rx.text(
                    "Take the original certificates or transcripts to your superintendent or "
                    "their designee, who verifies them before approving.",
                    color=MUTED,
                    margin_top="0.5em",
                ),
            ),
        ),
        _buttons(),
    )


def _yes_no(key: str, question: str) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(question, font_weight="600"),
        rx.hstack(
            *[
                rx.el.div(
                    rx.el.input(
                        type="radio",
                        name=key,
                        # Never id == name: Reflex reads a form field with an id from its
                        # ref, which for a radio is its value whether checked or not.
                        id=f"{key}-{value}",
                        value=value,
                        default_checked=WizardState.attestation.get(key, "") == value,
                        on_change=WizardState.set_answer(key, value),
                    ),
                    rx.el.label(
                        value.capitalize(),
                        html_for=f"{key}-{value}",
                        margin_left="0.35em",
                    ),
                )
                for value in ("yes", "no")
            ],
            spacing="4",
        ),
        field_error(WizardState.errors.get(key, ""), key),
        border="none",
        padding="0",
        margin_bottom="1em",
    )


def _declaration_step() -> rx.Component:
    return rx.box(
        *[_yes_no(key, question) for key, question in CONDUCT_QUESTIONS],
        rx.box(
            _label("Explanation of any “yes” answer", "conduct_explanation"),
            rx.el.textarea(
                id="conduct_explanation",
                name="conduct_explanation",
                rows=3,
                default_value=WizardState.attestation.get("conduct_explanation", "").to(str),
                on_blur=lambda v: WizardState.set_answer("conduct_explanation", v),
                style=NATIVE_CONTROL,
            ),
            field_error(WizardState.errors.get("conduct_explanation", ""), "conduct_explanation"),
            margin_bottom="1em",
        ),
        rx.el.div(
            rx.el.input(
                type="checkbox",
                id="sworn",
                name="sworn",
                default_checked=WizardState.attestation.get("sworn", False).to(bool),
                on_change=WizardState.set_sworn,
            ),
            rx.el.label(SWORN_STATEMENT, html_for="sworn", margin_left="0.5em"),
            display="flex",
            align_items="start",
        ),
        field_error(WizardState.errors.get("sworn", ""), "sworn"),
        _buttons("Submit application"),
    )


def _wizard() -> rx.Component:
    return rx.box(
        _step_list(),
        rx.cond(
            WizardState.view.get("return_reason", "").to(str) != "",
            notice(
                rx.text.strong("Returned for correction: "),
                WizardState.view.get("return_reason", "").to(str),
                tone="warning",
                margin_bottom="1em",
            ),
        ),
        _error_summary(),
        rx.cond(
            WizardState.step == 0,
            _choose_step(),
            rx.box(
                rx.heading(
                    WizardState.view["type_title"].to(str),
                    rx.cond(
                        WizardState.view["license_number"].to(str) != "",
                        " · license " + WizardState.view["license_number"].to(str),
                        "",
                    ),
                    as_="h2",
                    size="5",
                ),
                rx.heading(
                    rx.match(WizardState.step, *[(i, title) for i, title in enumerate(STEPS)], ""),
                    as_="h3",
                    size="4",
                    id="wizard-step-heading",
                    tab_index=-1,
                    margin_y="0.5em",
                ),
                rx.form(
                    rx.match(
                        WizardState.step,
                        (1, _eligibility_step()),
                        (2, _questions_step()),
                        (3, _attachments_step()),
                        (4, _review_step()),
                        (5, _declaration_step()),
                        rx.fragment(),
                    ),
                    on_submit=WizardState.next_step,
                    reset_on_submit=False,
                    key=WizardState.form_version.to_string() + "-" + WizardState.step.to_string(),
                ),
            ),
        ),
    )


@app_page(routes.APPLY, "Apply", on_load=[WizardState.load])
def apply_page() -> rx.Component:
    return rx.box(
        rx.heading("Apply", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(WizardState.loaded, _wizard(), rx.text("Loading…", role="status")),
        max_width="48em",
    )
