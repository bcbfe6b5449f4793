"""/ : what the system is, with the ways in; for a signed-in educator, "Your license at a
glance" (computed by services.home, rendered here)."""

import reflex as rx

from .. import routes
from ..components.layout import LINK_COLOR, app_page
from ..components.links import link_button
from ..services.home import HEADING, GlanceApplication, LicenseGlance
from ..states.home import HomeState

MUTED = "#414651"
CARD_BORDER = "#c5cad3"


def _public_home() -> rx.Component:
    return rx.vstack(
        rx.heading("Educator licensure", as_="h1", size="8"),
        rx.text(
            "Keep your teaching license current: register, log your professional development, "
            "see how much you still need to renew, and file your renewal online. Your district "
            "superintendent approves it and the license is renewed at once.",
            size="4",
        ),
        rx.hstack(
            link_button("Sign in", routes.LOGIN, size="3"),
            link_button("Create an account", routes.REGISTER, size="3", variant="outline"),
            link_button("Look up a license", routes.LOOKUP, size="3", variant="outline"),
            spacing="3",
            wrap="wrap",
        ),
        rx.heading("Verify a license", as_="h2", size="5", margin_top="1em"),
        rx.text(
            "Anyone can check an educator's license without an account in the ",
            rx.link("public license look-up", href=routes.LOOKUP, color=LINK_COLOR),
            ".",
        ),
        spacing="4",
        align="start",
    )


def _line(label: str, value: rx.Var) -> rx.Component:
    return rx.cond(value != "", rx.text(rx.text.strong(label), value))


def _application_row(app: rx.Var[GlanceApplication]) -> rx.Component:
    return rx.el.li(
        rx.text(rx.text.strong(app.title), ": ", app.status_label),
        _line("Now with: ", app.holder),
        rx.box(link_button(app.action_label, app.action_href, size="2"), margin_top="0.4em"),
        margin_bottom="0.75em",
    )


def _license_card(lic: rx.Var[LicenseGlance]) -> rx.Component:
    heading_id = "glance-" + lic.number
    return rx.el.section(
        rx.heading(lic.heading, as_="h2", size="5", id=heading_id),
        rx.hstack(
            rx.badge(lic.status_label, color_scheme="gray", size="2", high_contrast=True),
            rx.text(lic.days_text),
            spacing="3",
            align="center",
            wrap="wrap",
            margin_y="0.5em",
        ),
        rx.text(lic.period_text, color=MUTED),
        rx.cond(lic.needed != "", rx.text(lic.needed, weight="bold", margin_top="0.5em")),
        rx.cond(
            lic.application != "",
            rx.box(
                rx.text(lic.application),
                _line("Now with: ", lic.holder),
                margin_top="0.5em",
            ),
        ),
        rx.cond(
            lic.more_applications.length() > 0,
            rx.el.ul(
                rx.foreach(
                    lic.more_applications,
                    lambda app: rx.el.li(
                        rx.text(rx.text.strong(app.title), ": ", app.status_label),
                        _line("Now with: ", app.holder),
                    ),
                ),
                padding_left="1.25em",
                margin_top="0.5em",
            ),
        ),
        rx.box(link_button(lic.action_label, lic.action_href, size="3"), margin_top="0.75em"),
        aria_labelledby=heading_id,
        border=f"1px solid {CARD_BORDER}",
        border_radius="8px",
        padding="1.25em",
        margin_bottom="1em",
        width="100%",
    )


def _no_license() -> rx.Component:
    return rx.box(
        rx.text("No license is linked to your account yet.", weight="bold"),
        rx.text(
            "If the state office has issued you a license, claim it with its license number "
            "and your date of birth. If you do not hold one yet, apply for an initial license.",
            margin_y="0.5em",
        ),
        rx.hstack(
            link_button("Claim a license", routes.LICENSES, size="3"),
            link_button(
                "Apply for an initial license",
                f"{routes.APPLY}?type=initial",
                size="3",
                variant="outline",
            ),
            spacing="3",
            wrap="wrap",
        ),
        border=f"1px dashed {CARD_BORDER}",
        border_radius="8px",
        padding="1.25em",
        margin_bottom="1em",
    )


def _glance() -> rx.Component:
    return rx.box(
        rx.heading(HEADING, as_="h1", size="7", margin_bottom="0.75em"),
        rx.cond(
            HomeState.glance_licenses.length() > 0,
            rx.box(rx.foreach(HomeState.glance_licenses, _license_card)),
            _no_license(),
        ),
        rx.cond(
            HomeState.glance_applications.length() > 0,
            rx.el.section(
                rx.heading("Open applications", as_="h2", size="5", id="glance-applications"),
                rx.el.ul(
                    rx.foreach(HomeState.glance_applications, _application_row),
                    padding_left="1.25em",
                    margin_top="0.5em",
                ),
                aria_labelledby="glance-applications",
            ),
        ),
        max_width="48em",
        width="100%",
    )


@app_page(routes.HOME, "Home", on_load=[HomeState.load])
def index() -> rx.Component:
    return rx.cond(HomeState.educator_home & HomeState.glance_loaded, _glance(), _public_home())
