"""/register, /login, /forgot-password and /reset-password."""

import reflex as rx

from .. import routes, settings
from ..components.forms import form_message, new_password_fields, notice, text_field
from ..components.layout import LINK_COLOR, app_page
from ..states.account_forms import (
    ForgotPasswordState,
    LoginState,
    RegisterState,
    ResetPasswordState,
)

DEMO_PASSWORD = "demo-licensure-2026"
DEMO_ACCOUNTS = (
    ("Educator", "teacher@magnolia.demo.example"),
    ("Superintendent, Magnolia", "superintendent@magnolia.demo.example"),
    ("Superintendent, Pine Valley", "superintendent@pinevalley.demo.example"),
    ("State office", "state.office@demo.example"),
)


def _card(*children: rx.Component) -> rx.Component:
    return rx.box(*children, max_width="32em", width="100%")


@app_page(routes.REGISTER, "Create an account")
def register() -> rx.Component:
    e = RegisterState.errors
    return _card(
        rx.heading("Create an account", as_="h1", size="7", margin_bottom="0.5em"),
        rx.text(
            "Use your legal name as it appears on your license. If the state already holds a "
            "license for you, you can claim it after you register.",
            margin_bottom="1em",
        ),
        rx.form(
            text_field(
                "First name", "first_name", error=e.get("first_name", ""), autocomplete="given-name"
            ),
            text_field(
                "Last name", "last_name", error=e.get("last_name", ""), autocomplete="family-name"
            ),
            text_field(
                "Email", "email", input_type="email", error=e.get("email", ""), autocomplete="email"
            ),
            *new_password_fields(
                e,
                label="Password",
                field_id="password",
                hint="At least 15 characters. A phrase of several words is easy to remember.",
            ),
            rx.button("Create account", type="submit", size="3"),
            on_submit=RegisterState.create_account,
            reset_on_submit=False,
        ),
        rx.box(form_message(RegisterState.sent_message), margin_top="1em"),
        rx.cond(
            RegisterState.form_error != "",
            notice(RegisterState.form_error, tone="error", role="alert", margin_top="1em"),
        ),
        rx.text(
            "Already registered? ",
            rx.link("Sign in", href=routes.LOGIN, color=LINK_COLOR),
            margin_top="1em",
        ),
    )


def _demo_notice() -> rx.Component:
    if not settings.demo_mode():
        return rx.fragment()
    return notice(
        rx.vstack(
            rx.text("Demo mode: these accounts share the password ", rx.code(DEMO_PASSWORD), "."),
            rx.el.ul(*[rx.el.li(f"{who}: ", rx.code(email)) for who, email in DEMO_ACCOUNTS]),
            spacing="1",
        ),
        tone="info",
        margin_bottom="1em",
    )


@app_page(routes.LOGIN, "Sign in", on_load=[LoginState.clear])
def login() -> rx.Component:
    return _card(
        rx.heading("Sign in", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(LoginState.stage == "password", _password_step(), _code_step()),
    )


def _password_step() -> rx.Component:
    return rx.box(
        _demo_notice(),
        rx.form(
            text_field("Email", "email", input_type="email", autocomplete="username"),
            text_field(
                "Password", "password", input_type="password", autocomplete="current-password"
            ),
            rx.cond(
                LoginState.error != "",
                notice(LoginState.error, tone="error", margin_bottom="1em"),
            ),
            rx.button("Sign in", type="submit", size="3"),
            on_submit=LoginState.sign_in,
            reset_on_submit=False,
        ),
        rx.vstack(
            rx.link("Forgot your password?", href=routes.FORGOT_PASSWORD, color=LINK_COLOR),
            rx.text(
                "New here? ", rx.link("Create an account", href=routes.REGISTER, color=LINK_COLOR)
            ),
            margin_top="1em",
            spacing="2",
        ),
    )


def _code_step() -> rx.Component:
    """The second factor: a one-time code, or enrolment on an approver's first sign-in."""
    return rx.box(
        rx.cond(
            LoginState.stage == "enroll",
            rx.box(
                rx.text(
                    "Approvers and state staff confirm each sign-in with a one-time code. "
                    "Scan this code with an authenticator app (such as Google Authenticator, "
                    "Microsoft Authenticator or 1Password), then enter the 6-digit code it shows.",
                ),
                rx.image(
                    src=LoginState.enrol_qr,
                    alt="QR code to add this account to your authenticator app",
                    width="12em",
                    height="12em",
                    margin_y="0.75em",
                ),
                rx.text("Or type this key into the app: ", rx.code(LoginState.enrol_secret)),
                margin_bottom="1em",
            ),
            rx.text("Enter the 6-digit code from your authenticator app.", margin_bottom="1em"),
        ),
        rx.cond(
            LoginState.demo_code != "",
            notice(
                "Demo mode: the current code for this demo account is ",
                rx.el.strong(LoginState.demo_code, data_testid="demo-code"),
                ".",
                tone="info",
                margin_bottom="1em",
            ),
        ),
        rx.form(
            text_field(
                "One-time code",
                "one_time_code",
                autocomplete="one-time-code",
                input_mode="numeric",
                auto_focus=True,
            ),
            rx.cond(
                LoginState.error != "",
                notice(LoginState.error, tone="error", margin_bottom="1em"),
            ),
            rx.hstack(
                rx.button("Verify", type="submit", size="3"),
                rx.button(
                    "Start over",
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=LoginState.clear,
                ),
                spacing="3",
            ),
            on_submit=LoginState.verify_code,
            reset_on_submit=True,
        ),
    )


@app_page(routes.FORGOT_PASSWORD, "Forgot password")
def forgot_password() -> rx.Component:
    return _card(
        rx.heading("Reset your password", as_="h1", size="7", margin_bottom="0.5em"),
        rx.text(
            "Enter the email of your account and we will send you a link to set a new password."
        ),
        rx.form(
            text_field(
                "Email",
                "email",
                input_type="email",
                error=ForgotPasswordState.error,
                autocomplete="email",
            ),
            rx.button("Send reset link", type="submit", size="3"),
            on_submit=ForgotPasswordState.send_link,
            reset_on_submit=False,
            margin_top="1em",
        ),
        rx.box(form_message(ForgotPasswordState.sent_message), margin_top="1em"),
    )


@app_page(routes.RESET_PASSWORD, "Set a new password", on_load=[ResetPasswordState.check_token])
def reset_password() -> rx.Component:
    e = ResetPasswordState.errors
    return _card(
        rx.heading("Set a new password", as_="h1", size="7", margin_bottom="0.5em"),
        rx.cond(
            ResetPasswordState.done,
            notice(
                rx.text(
                    "Your password is set and you are signed out everywhere. ",
                    rx.link("Sign in", href=routes.LOGIN, color=LINK_COLOR),
                    " with your new password.",
                ),
                tone="success",
                role="status",
            ),
            rx.cond(
                ResetPasswordState.token_ok,
                rx.form(
                    *new_password_fields(e),
                    rx.button("Set password", type="submit", size="3"),
                    on_submit=ResetPasswordState.set_password,
                    reset_on_submit=False,
                ),
                rx.cond(
                    ResetPasswordState.checked,
                    notice(
                        rx.text(
                            "This link has expired or was already used. ",
                            rx.link(
                                "Ask for a new link", href=routes.FORGOT_PASSWORD, color=LINK_COLOR
                            ),
                            ".",
                        ),
                        tone="error",
                        role="alert",
                    ),
                    rx.text("Checking your link…", role="status"),
                ),
            ),
        ),
    )
