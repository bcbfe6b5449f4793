"""/account : sign-in email and password, changed only after re-entering the password."""

import reflex as rx

from .. import routes
from ..components.forms import new_password_fields, notice, text_field
from ..components.layout import app_page
from ..states.account_security import AccountSecurityState


@app_page(routes.ACCOUNT, "Sign-in and security", on_load=[AccountSecurityState.load])
def account_security() -> rx.Component:
    ee, pe = AccountSecurityState.email_errors, AccountSecurityState.password_errors
    return rx.box(
        rx.heading("Sign-in and security", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(
            AccountSecurityState.message != "",
            notice(AccountSecurityState.message, tone="success", margin_bottom="1em"),
        ),
        rx.el.section(
            rx.heading("Email", as_="h2", size="5"),
            rx.text("You sign in with ", rx.el.strong(AccountSecurityState.email), "."),
            rx.form(
                text_field(
                    "New email",
                    "new_email",
                    input_type="email",
                    error=ee.get("new_email", ""),
                    autocomplete="email",
                ),
                text_field(
                    "Current password",
                    "email_current_password",
                    input_type="password",
                    error=ee.get("email_current_password", ""),
                    autocomplete="current-password",
                ),
                rx.button("Change email", type="submit", size="3"),
                on_submit=AccountSecurityState.change_email,
                reset_on_submit=True,
                margin_top="1em",
            ),
            margin_bottom="2em",
        ),
        rx.el.section(
            rx.heading("Password", as_="h2", size="5"),
            rx.text("Changing your password signs you out everywhere else.", margin_bottom="1em"),
            rx.form(
                text_field(
                    "Current password",
                    "current_password",
                    input_type="password",
                    error=pe.get("current_password", ""),
                    autocomplete="current-password",
                ),
                *new_password_fields(pe),
                rx.button("Change password", type="submit", size="3"),
                on_submit=AccountSecurityState.change_password,
                reset_on_submit=True,
            ),
        ),
        max_width="36em",
    )
