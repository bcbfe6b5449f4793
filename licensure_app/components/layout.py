"""The page shell: header, navigation by role, skip link, and the access gate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from .. import routes
from ..states.auth import ACCESS_DENIED, AuthState
from ..states.guard import OPENS_PAGE_ATTR, POLICY_ATTR, PUBLIC
from .forms import notice

PRODUCT_NAME = "Educator Licensure"
LINK_COLOR = "#1d4ed8"


def _nav_links() -> rx.Component:
    def links_for(role: str) -> rx.Component:
        return rx.hstack(
            *[
                rx.link(label, href=route, color="white", weight="medium")
                for label, route in routes.NAVIGATION[role]
            ],
            spacing="4",
            wrap="wrap",
        )

    return rx.hstack(
        rx.match(
            AuthState.user_role,
            *[(role, links_for(role)) for role in routes.NAVIGATION],
            rx.fragment(),
        ),
        rx.cond(
            AuthState.is_designee,
            rx.link("Approvals", href=routes.APPROVALS, color="white", weight="medium"),
        ),
        spacing="4",
        wrap="wrap",
    )


def _notifications_link() -> rx.Component:
    """The Notifications link with its unread count (the count is read out in its label)."""
    return rx.link(
        "Notifications",
        rx.cond(
            AuthState.unread_notifications > 0,
            rx.el.span(
                AuthState.unread_notifications,
                class_name="unread-count",
                aria_hidden="true",
            ),
        ),
        href=routes.NOTIFICATIONS,
        color="white",
        aria_label=rx.cond(
            AuthState.unread_notifications > 0,
            "Notifications, " + AuthState.unread_notifications.to_string() + " unread",
            "Notifications",
        ),
    )


def _account_links() -> rx.Component:
    """Notifications, the account and Sign out when signed in; Sign in and Register if not."""
    return rx.cond(
        AuthState.user_role != "",
        rx.hstack(
            _notifications_link(),
            rx.link(
                AuthState.user_name,
                href=routes.ACCOUNT,
                color="white",
                title="Sign-in and security",
            ),
            rx.button(
                "Sign out",
                on_click=AuthState.sign_out,
                variant="outline",
                color="white",
                style={"border": "1px solid white"},
            ),
            align="center",
            spacing="3",
        ),
        rx.hstack(
            rx.link("Sign in", href=routes.LOGIN, color="white"),
            rx.link("Register", href=routes.REGISTER, color="white"),
            spacing="3",
        ),
    )


# The header's links sit in one panel: a row on wide screens; below 768 px a panel that the
# Menu button shows and hides (assets/styles.css decides the width, assets/menu.js the
# button), so the page never renders one layout and then jumps to the other.
MENU_ID = "site-menu"
MENU_BUTTON_ID = "menu-button"


def _menu_button() -> rx.Component:
    return rx.el.button(
        "Menu",
        type="button",
        id=MENU_BUTTON_ID,
        class_name="menu-button",
        aria_expanded="false",
        aria_controls=MENU_ID,
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.el.a(
            "Skip to main content",
            href="#main-content",
            class_name="skip-link",
        ),
        rx.el.div(
            rx.link(PRODUCT_NAME, href=routes.HOME, color="white", weight="bold", size="5"),
            _menu_button(),
            rx.el.div(
                rx.el.nav(_nav_links(), aria_label="Main"),
                rx.el.div(
                    rx.link("License look-up", href=routes.LOOKUP, color="white"),
                    _account_links(),
                    class_name="site-menu-end",
                ),
                id=MENU_ID,
                class_name="site-menu",
            ),
            class_name="site-header-bar",
        ),
        background="#1e3a5f",
    )


def _gated(content: rx.Component) -> rx.Component:
    """Protected content renders only once the server has granted access to this page."""
    return rx.match(
        AuthState.page_access,
        ("granted", content),
        (
            "denied",
            notice(ACCESS_DENIED, tone="error"),
        ),
        rx.text("Checking your sign-in…", role="status"),
    )


def shell(content: rx.Component, protected: bool) -> rx.Component:
    return rx.box(
        header(),
        # Page changes and action results are read out from here (assets/focus.js).
        rx.el.div(
            id="licensure-announcer",
            aria_live="polite",
            aria_atomic="true",
            class_name="visually-hidden",
        ),
        rx.el.main(
            _gated(content) if protected else content,
            id="main-content",
            tab_index=-1,
            max_width="64em",
            margin_x="auto",
            padding="1.25em",
            width="100%",
        ),
        min_height="100vh",
        background="white",
        color="#1f2937",
        # Names the page once its on_load handlers have run: until then a form's submit is
        # held (infra/deferred_hydration.py), so a fast sign-in is not undone by them.
        custom_attrs={
            "data-loaded-path": rx.cond(rx.State.is_hydrated, rx.State.router.url.path, "")
        },
    )


def app_page(
    route: str, title: str, on_load: list[Any] | None = None
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register a page with the shell; access rules come from routes.PAGE_ROLES.

    The first on_load handler must be marked `guard.opens_page` with the route's roles: it
    checks access itself, in the same event. Pages without one get AuthState's check.
    """

    def decorate(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        protected = route in routes.PAGE_ROLES
        if on_load:
            _check_opens_page(route, on_load[0])

        @rx.page(
            route=route,
            title=f"{title} · {PRODUCT_NAME}",
            description=routes.DESCRIPTIONS.get(route, routes.DEFAULT_DESCRIPTION),
            on_load=list(on_load) if on_load else [AuthState.check_page_access],
        )
        def page() -> rx.Component:
            return shell(body(), protected)

        page.__name__ = body.__name__
        # Reflex writes a page's compiled components into a module named after the page
        # function's module: the page's own, so each page's JavaScript holds its own parts
        # (otherwise every page downloads every page's, charts included).
        page.__module__ = body.__module__
        return page

    return decorate


def _check_opens_page(route: str, handler: Any) -> None:
    """Refuse to register a page whose load handler skips or mismatches the access check."""
    fn = getattr(handler, "fn", handler)
    policy = getattr(fn, POLICY_ATTR, None)
    expected = routes.PAGE_ROLES.get(route, PUBLIC)
    if not getattr(fn, OPENS_PAGE_ATTR, False) or policy != expected:
        raise TypeError(
            f"the on_load handler of {route} must be @opens_page(...) with the roles of "
            f"routes.PAGE_ROLES ({sorted(expected) if expected != PUBLIC else 'public'})"
        )
