"""What the admin panels' states share: reading form values, the acting staff member, and
running a service's write in its own transaction off the event loop."""

from __future__ import annotations

from datetime import date
from typing import Any

from licensure_app.services import audit

from ...db import session_scope
from ..auth import AuthState
from ..guard import current_principal
from ..ui import form_text


def stripped(form: dict, key: str) -> str:
    return form_text(form, key).strip()


def day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def whole(value: str) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def acting(state: AuthState) -> audit.Actor:
    """The staff member the guard admitted for the running handler, as the audit names them."""
    principal = current_principal()
    return audit.Actor(principal.account_id, principal.role, state._client_address())


def write(fn: Any, actor: audit.Actor, *args: Any) -> Any:
    """`fn(session, actor, *args)` in a transaction of its own (run it with to_thread)."""
    with session_scope() as session:
        return fn(session, actor, *args)
