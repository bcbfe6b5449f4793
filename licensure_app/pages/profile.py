"""/profile : the educator views and edits their own details."""

import reflex as rx

from .. import routes
from ..components.forms import notice, text_field
from ..components.layout import app_page
from ..states.profile import ProfileState


def _field(label: str, key: str, autocomplete: str = "off", hint: str = "") -> rx.Component:
    return text_field(
        label,
        key,
        error=ProfileState.errors.get(key, ""),
        default_value=getattr(ProfileState.profile, key),
        autocomplete=autocomplete,
        hint=hint,
    )


def _read_only(label: str, value: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(label, weight="bold"),
        rx.text(value),
        margin_bottom="1em",
    )


@app_page(routes.PROFILE, "Profile", on_load=[ProfileState.load])
def profile() -> rx.Component:
    return rx.box(
        rx.heading("Your profile", as_="h1", size="7", margin_bottom="0.5em"),
        rx.text(
            "Keep your name, phone and mailing address current: the state mails your license "
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
        rx.form(
            rx.el.fieldset(
                rx.el.legend("Name", font_weight="700", margin_bottom="0.5em"),
                _field("First name", "first_name", "given-name"),
                _field("Middle name", "middle_name", "additional-name"),
                _field("Last name", "last_name", "family-name"),
                border="none",
                padding="0",
            ),
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
