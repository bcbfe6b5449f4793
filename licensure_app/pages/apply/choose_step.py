"""Step 0: choose the type of application and the license (or continue a draft)."""

import reflex as rx

from ... import routes
from ...components.forms import field_error
from ...components.layout import LINK_COLOR
from ...states.wizard import WizardState
from .common import NATIVE_CONTROL, label


def _drafts() -> rx.Component:
    """The drafts (and returned applications) the applicant may continue."""
    return rx.cond(
        WizardState.drafts.length() > 0,
        rx.box(
            rx.heading("Continue where you left off", as_="h2", size="4"),
            rx.el.ul(
                rx.foreach(
                    WizardState.drafts,
                    lambda d: rx.el.li(
                        rx.link(
                            d.label,
                            href=routes.APPLY + "?application=" + d.id,
                            color=LINK_COLOR,
                        )
                    ),
                ),
                padding_left="1.25em",
            ),
            margin_bottom="1.5em",
        ),
    )


def _type_field() -> rx.Component:
    return rx.box(
        label("Application type", "app_type"),
        rx.el.select(
            rx.el.option("Choose…", value=""),
            rx.foreach(
                WizardState.type_options,
                lambda t: rx.el.option(t.title, value=t.code),
            ),
            id="app_type",
            name="app_type",
            default_value=WizardState.chosen_type,
            style=NATIVE_CONTROL,
        ),
        field_error(WizardState.errors.get("app_type", ""), "app_type"),
        margin_bottom="1em",
    )


def _license_field() -> rx.Component:
    return rx.box(
        label("License", "license_number"),
        rx.el.select(
            rx.el.option("No license yet (a new license)", value=""),
            rx.foreach(
                WizardState.license_options,
                lambda lic: rx.el.option(lic.label, value=lic.number),
            ),
            id="license_number",
            name="license_number",
            default_value=WizardState.chosen_license,
            style=NATIVE_CONTROL,
        ),
        field_error(WizardState.errors.get("license_number", ""), "license_number"),
        margin_bottom="1em",
    )


def _type_descriptions() -> rx.Component:
    return rx.el.details(
        rx.el.summary("What each application is for"),
        rx.el.dl(
            rx.foreach(
                WizardState.type_options,
                lambda t: rx.fragment(
                    rx.el.dt(t.title, font_weight="600"),
                    rx.el.dd(t.description, margin_bottom="0.5em"),
                ),
            )
        ),
        margin_bottom="1em",
    )


def choose_step() -> rx.Component:
    return rx.box(
        _drafts(),
        rx.heading(
            "Start an application", as_="h2", size="4", id="wizard-step-heading", tab_index=-1
        ),
        rx.form(
            _type_field(),
            _license_field(),
            _type_descriptions(),
            rx.button("Next", type="submit", size="3"),
            on_submit=WizardState.choose,
            reset_on_submit=False,
            key=WizardState.form_version.to_string(),
        ),
    )
