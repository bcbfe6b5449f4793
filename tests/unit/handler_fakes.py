"""A state's real event handlers on a plain object, as a websocket event reaches them (no
browser, no Reflex): the auth helpers the guard calls, the state's own private helpers,
a session token and a router."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from licensure_app.states.auth import AuthState

_AUTH = (
    "_admit",
    "_show_identity",
    "_assign_changed",
    "_principal",
    "_note_session",
    "_record_refusal",
    "_login_redirect",
    "_client_address",
)


def fake_state(state: type | None, token: str, path: str = "/", **fields: Any) -> Any:
    """An object with AuthState's admission helpers and `state`'s private methods, signed in
    with `token`, on `path`, with `fields` as its vars."""
    methods = {name: getattr(AuthState, name) for name in _AUTH}
    if state is not None:
        methods.update(
            {
                name: value
                for name, value in vars(state).items()
                if name.startswith("_") and not name.startswith("__") and callable(value)
            }
        )
    fake = type(f"Fake{state.__name__ if state else 'State'}", (), methods)()
    fake.session_token = token
    fake._session_token = lambda: token
    fake.user_name = fake.user_role = ""
    fake.page_access = "granted"
    fake._session_key = ""
    fake._forget_private_data = lambda: None  # no page states on this object
    fake.router = SimpleNamespace(
        url=SimpleNamespace(path=path, query=""),
        session=SimpleNamespace(client_ip="192.0.2.9"),
    )
    fake.rx_router_session = fake.router.session  # what AuthState reads on every event
    for name, value in fields.items():
        setattr(fake, name, value)
    return fake
