"""Step 3: the documents the application needs, uploaded or reused from PD evidence."""

import reflex as rx

from ...components.forms import ERROR_COLOR
from ...components.uploads import EVIDENCE_TYPES, drop_zone
from ...states.wizard import ATTACHMENT_UPLOAD_ID, WizardState
from .common import MUTED, NATIVE_CONTROL, buttons, label


def _needed() -> rx.Component:
    """What this type needs, and which of them the next upload is."""
    needed = WizardState.view.attachments_needed
    return rx.cond(
        needed.length() > 0,
        rx.box(
            rx.text("This application needs:", weight="bold"),
            rx.el.ul(
                rx.foreach(needed, lambda a: rx.el.li(a.label)),
                padding_left="1.25em",
            ),
            rx.box(
                label("Document", "attachment_kind"),
                rx.el.select(
                    rx.foreach(
                        needed,
                        lambda a: rx.el.option(a.label, value=a.key),
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
    )


def _upload() -> rx.Component:
    """The upload control (several files at once)."""
    return drop_zone(
        "Attachment",
        ATTACHMENT_UPLOAD_ID,
        "Choose a file (PDF, PNG, JPEG or HEIC, up to 10 MB)",
        WizardState.stage_attachment(rx.upload_files(upload_id=ATTACHMENT_UPLOAD_ID)),
        accept=EVIDENCE_TYPES,
        camera=True,
    )


def _upload_error() -> rx.Component:
    return rx.cond(
        WizardState.upload_error != "",
        rx.el.p(WizardState.upload_error, color=ERROR_COLOR, role="alert"),
    )


def _attached() -> rx.Component:
    """The files uploaded with this application."""
    attached = WizardState.view.attached
    return rx.cond(
        attached.length() > 0,
        rx.el.ul(
            rx.foreach(
                attached,
                lambda f: rx.el.li(f.name, " (", f.size, "): ", f.kind),
            ),
            padding_left="1.25em",
            margin_top="0.5em",
        ),
    )


def _reusable() -> rx.Component:
    """Evidence already uploaded with PD activities, offered for reuse."""
    reusable = WizardState.view.reusable
    reused = WizardState.reused_ids
    return rx.cond(
        reusable.length() > 0,
        rx.el.fieldset(
            rx.el.legend("Evidence you already uploaded with your activities", font_weight="600"),
            rx.foreach(
                reusable,
                lambda r: rx.el.div(
                    rx.el.input(
                        type="checkbox",
                        id="reuse_" + r.id,
                        default_checked=reused.contains(r.id),
                        on_change=lambda _checked: WizardState.toggle_reuse(r.id),
                    ),
                    rx.el.label(
                        r.name,
                        " (",
                        r.activity,
                        ")",
                        html_for="reuse_" + r.id,
                        margin_left="0.5em",
                    ),
                ),
            ),
            border="none",
            padding="0",
            margin_top="1em",
        ),
    )


def attachments_step() -> rx.Component:
    return rx.box(
        _needed(),
        _upload(),
        _upload_error(),
        _attached(),
        _reusable(),
        buttons(),
    )
