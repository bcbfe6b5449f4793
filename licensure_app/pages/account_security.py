"""/account : sign-in email and password, changed only after re-entering the password;
for approvers and state staff, how they hear of new work in their queue."""

import reflex as rx

from .. import routes
from ..components.forms import form_message, new_password_fields, notice, text_field
from ..components.layout import app_page
from ..services.accounts.mail_preferences import QUEUE_MAIL_LABELS
from ..states.account_security import AccountSecurityState


def _queue_mail_section() -> rx.Component:
    """Approvers and state staff: an e-mail per application, or one daily digest."""
    state = AccountSecurityState
    options = [
        rx.el.div(
            rx.el.input(
                type="radio",
                name="queue_mail",
                # Never id == name: Reflex would read the radio's value, checked or not.
                id=f"queue_mail-{mode}",
                value=mode,
                default_checked=state.queue_mail == mode,
            ),
            rx.el.label(label, html_for=f"queue_mail-{mode}", margin_left="0.5em"),
            margin_y="0.25em",
        )
        for mode, label in QUEUE_MAIL_LABELS.items()
    ]
    return rx.el.section(
        rx.heading("Your queue", as_="h2", size="5"),
        rx.text(
            "How you hear of applications waiting for your decision. Either way, they are "
            "listed in your notifications.",
            margin_bottom="0.5em",
        ),
        rx.form(
            rx.el.fieldset(
                rx.el.legend("Queue e-mails", font_weight="600"),
                *options,
                border="none",
                padding="0",
                margin_bottom="1em",
            ),
            rx.button("Save e-mail choice", type="submit", size="3"),
            on_submit=state.save_queue_mail,
            reset_on_submit=False,
            # Re-mounted with the saved choice checked whenever it is (re)loaded.
            key=state.queue_mail,
            margin_top="0.5em",
        ),
        form_message(state.queue_mail_message),
        form_message(state.queue_mail_error, tone="error"),
        margin_bottom="2em",
    )


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
        rx.cond(AccountSecurityState.has_queue, _queue_mail_section()),
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
