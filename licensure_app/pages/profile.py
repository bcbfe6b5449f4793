"""/profile : the educator views their details, edits their contact details, and asks the
state to change their legal name (with a document)."""

import reflex as rx

from .. import routes
from ..components.forms import ERROR_COLOR, field_error, notice, text_field
from ..components.layout import app_page
from ..components.uploads import EVIDENCE_TYPES, drop_zone
from ..states.profile import DOCUMENT_UPLOAD_ID, ProfileState
from .employment_view import employment_section

MUTED = "#414651"


def _field(label: str, key: str, autocomplete: str = "off", hint: str = "") -> rx.Component:
    return text_field(
        label,
        key,
        error=ProfileState.errors.get(key, ""),
        default_value=getattr(ProfileState.profile, key),
        autocomplete=autocomplete,
        hint=hint,
    )


def _name_field(label: str, key: str) -> rx.Component:
    """The legal name as the state holds it: shown, never edited here."""
    return text_field(
        label,
        key,
        value=getattr(ProfileState.profile, key),
        read_only=True,
        aria_readonly="true",
        hint="",
    )


def _read_only(label: str, value: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(label, weight="bold"),
        rx.text(value),
        margin_bottom="1em",
    )


def _request_status() -> rx.Component:
    """What became of the educator's latest name-change request."""
    latest = ProfileState.name_change
    return rx.match(
        latest.status,
        (
            "pending",
            notice(
                "Your request of ",
                latest.requested_on,
                " to change your name to ",
                rx.el.strong(latest.requested_name),
                " is waiting for the state licensure office.",
                tone="info",
                role="status",
                margin_bottom="1em",
            ),
        ),
        (
            "rejected",
            notice(
                "Your request of ",
                latest.requested_on,
                " to change your name to ",
                rx.el.strong(latest.requested_name),
                " was not approved: ",
                latest.decision_reason,
                tone="warning",
                margin_bottom="1em",
            ),
        ),
        rx.fragment(),
    )


def _document_upload() -> rx.Component:
    # The label wraps the drop zone so the file input is named by it; a button in the zone
    # opens the file chooser (Enter or Space).
    e = ProfileState.request_errors
    return rx.box(
        drop_zone(
            "Document showing the new name",
            DOCUMENT_UPLOAD_ID,
            "Choose a marriage certificate, court order or similar (PDF, PNG, JPEG or HEIC, up to 10 MB)",
            ProfileState.stage_document(rx.upload_files(upload_id=DOCUMENT_UPLOAD_ID)),
            described_by=f"{DOCUMENT_UPLOAD_ID}-error",
            multiple=False,
            accept=EVIDENCE_TYPES,
            camera=True,
        ),
        rx.foreach(
            ProfileState.document,
            lambda f: rx.hstack(
                rx.text(f.name, " (", f.size_text, ") attached"),
                rx.button(
                    "Remove",
                    variant="ghost",
                    size="1",
                    type="button",
                    on_click=ProfileState.remove_document,
                ),
                align="center",
            ),
        ),
        rx.cond(
            ProfileState.document_error != "",
            rx.el.p(ProfileState.document_error, color=ERROR_COLOR, role="alert"),
        ),
        field_error(e.get(DOCUMENT_UPLOAD_ID, ""), DOCUMENT_UPLOAD_ID),
        margin_bottom="1em",
    )


def _request_form() -> rx.Component:
    e = ProfileState.request_errors
    return rx.el.section(
        rx.heading("Request a name change", as_="h2", size="5", margin_bottom="0.5em"),
        rx.text(
            "The state licensure office checks the document and changes your legal name on "
            "your record, your licenses and the public look-up. Your previous name is kept "
            "on your record.",
            color=MUTED,
            margin_bottom="1em",
        ),
        rx.form(
            text_field("New first name", "new_first_name", error=e.get("new_first_name", "")),
            text_field("New middle name", "new_middle_name", error=e.get("new_middle_name", "")),
            text_field("New last name", "new_last_name", error=e.get("new_last_name", "")),
            text_field(
                "Reason for the change",
                "name_change_reason",
                error=e.get("name_change_reason", ""),
                hint="For example: marriage, divorce, court order.",
            ),
            _document_upload(),
            rx.hstack(
                rx.button("Send request", type="submit", size="3"),
                rx.button(
                    "Cancel",
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=ProfileState.cancel_request,
                ),
                spacing="3",
            ),
            on_submit=ProfileState.send_request,
            reset_on_submit=False,
        ),
        border="1px solid #d0d5dd",
        border_radius="8px",
        padding="1em",
        margin_bottom="1.5em",
    )


def _name_section() -> rx.Component:
    return rx.el.section(
        rx.el.fieldset(
            rx.el.legend("Legal name", font_weight="700", margin_bottom="0.5em"),
            rx.text(
                "Your legal name changes only when the state licensure office approves a "
                "name-change request with a document.",
                color=MUTED,
                margin_bottom="0.75em",
            ),
            _name_field("First name", "first_name"),
            _name_field("Middle name", "middle_name"),
            _name_field("Last name", "last_name"),
            border="none",
            padding="0",
        ),
        _request_status(),
        rx.cond(
            ProfileState.request_message != "",
            notice(
                ProfileState.request_message, tone="success", role="status", margin_bottom="1em"
            ),
        ),
        rx.cond(
            ProfileState.request_open,
            _request_form(),
            rx.cond(
                ProfileState.name_change.status != "pending",
                rx.button(
                    "Request a name change",
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=ProfileState.open_request,
                    margin_bottom="1.5em",
                ),
            ),
        ),
    )


@app_page(routes.PROFILE, "Profile", on_load=[ProfileState.load])
def profile() -> rx.Component:
    return rx.box(
        rx.heading("Your profile", as_="h1", size="7", margin_bottom="0.5em"),
        rx.text(
            "Keep your phone and mailing address current: the state mails your license "
            "here. Your date of birth and contact details are never shown publicly.",
            margin_bottom="1em",
        ),
        rx.grid(
            _read_only("Educator ID", ProfileState.profile.educator_number),
            _read_only(
                "Date of birth",
                rx.cond(
                    ProfileState.profile.date_of_birth != "",
                    ProfileState.profile.date_of_birth,
                    "Not on record",
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
        ),
        _name_section(),
        employment_section(),
        rx.form(
            rx.el.fieldset(
                rx.el.legend("Contact", font_weight="700", margin_bottom="0.5em"),
                _field("Phone", "phone", "tel", hint="10 digits, like 601-555-0134."),
                _field("Street address", "street", "street-address"),
                _field("City", "city", "address-level2"),
                _field("State", "state", "address-level1", hint="Two letters, like MS."),
                _field("ZIP code", "zip_code", "postal-code"),
                border="none",
                padding="0",
            ),
            rx.button("Save profile", type="submit", size="3"),
            on_submit=ProfileState.save,
            reset_on_submit=False,
            key=ProfileState.form_version.to_string(),
        ),
        rx.cond(
            ProfileState.saved_message != "",
            notice(ProfileState.saved_message, tone="success", role="status", margin_top="1em"),
        ),
        max_width="40em",
    )
