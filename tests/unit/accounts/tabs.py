"""A browser tab's state tree for handler tests: the page states as a websocket event
reaches them, with the tab's session cookie, behind their real access checks (the
`app_database` fixture, in conftest.py, points the handlers' database at the test's)."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import reflex as rx

import licensure_app.pages  # noqa: F401  (registers every page and its states)
from licensure_app.states.auth import AuthState


def open_tab(token: str, path: str = "/") -> rx.State:
    """A tab whose websocket carries `token` as its session cookie, on `path`."""
    root = rx.State(_reflex_internal_init=True)
    data = {
        "headers": {"cookie": f"licensure_session={token}" if token else ""},
        "token": "tab-1",
        "ip": "192.0.2.5",
        "pathname": path,
        "asPath": path,
        "query": {},
    }
    root.router_data = root._update_router_vars(data, root.router_data)
    return root


def page_state(root: rx.State, cls: type[rx.State]) -> Any:
    auth = root.substates[AuthState.get_name()]
    return auth if cls is AuthState else auth.substates[cls.get_name()]


def run(root: rx.State, cls: type[rx.State], handler: str, *args: Any) -> Any:
    """Run the handler as an event from the tab would (its guard included)."""
    result = cls.event_handlers[handler].fn(page_state(root, cls), *args)
    return asyncio.run(result) if inspect.isawaitable(result) else result
