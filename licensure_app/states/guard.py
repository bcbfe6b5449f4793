"""One authorisation mechanism for every event handler.

Every public event handler of the app is decorated with `requires(...)` (roles that may
call it), `public` (anyone, including signed-out visitors), `opens_page(...)` (a page's
on_load handler) or `requires_upload(...)` (a file upload handler). The wrapper resolves the server-side session *before* the handler body
runs; a refused call never reaches it. `tests/unit/test_authorisation.py` enumerates every
registered handler and fails on any that carries no marker.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from licensure_app.infra import upload_gate
from licensure_app.services.accounts.authz import Principal

log = logging.getLogger("licensure.security")

POLICY_ATTR = "__licensure_policy__"
# Set on on_load handlers that also do the page's access check (see opens_page).
OPENS_PAGE_ATTR = "__licensure_opens_page__"
PUBLIC = "public"

_current_principal: ContextVar[Principal | None] = ContextVar("principal", default=None)

# (state, action) -> (the admitted principal or None, the events that refuse)
Admission = Callable[[Any, str], tuple[Principal | None, list]]


def current_principal() -> Principal:
    """The principal the guard admitted for the running handler."""
    principal = _current_principal.get()
    if principal is None:
        raise RuntimeError("current_principal() called outside a guarded handler")
    return principal


def current_principal_or_none() -> Principal | None:
    """The signed-in principal inside a public page's load handler (None: signed out)."""
    return _current_principal.get()


def public(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a handler any visitor may call. It must not reveal or change private data."""
    setattr(fn, POLICY_ATTR, PUBLIC)
    return fn


def requires(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Only signed-in users holding one of `roles` may run the handler.

    The state must provide `_admit(roles, action) -> (Principal | None, refusal events)`
    (AuthState does).
    """
    allowed = frozenset(roles)

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        wrapper = _guarded(fn, lambda state, action: state._admit(allowed, action))
        setattr(wrapper, POLICY_ATTR, allowed)
        return wrapper

    return decorate


def requires_upload(
    *roles: str, max_bytes: int
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An upload handler (`files: list[rx.UploadFile]`) only users holding `roles` may run.

    Reflex runs an upload handler with the tab's websocket headers, whoever sent the upload;
    this guard admits it only when the upload request's own session cookie (recorded by
    api.upload_guard) is the tab's session, and the middleware refuses a body larger than
    `max_bytes` (the file limit the page states) before reading it.
    The state must provide `_admit_upload(roles, action)` (AuthState does).
    """
    allowed = frozenset(roles)

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        upload_gate.register_limit(fn.__name__, max_bytes)
        wrapper = _guarded(fn, lambda state, action: state._admit_upload(allowed, action))
        setattr(wrapper, POLICY_ATTR, allowed)
        return wrapper

    return decorate


def opens_page(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A page's on_load handler that also checks access to the page, in the same event.

    With `roles`, only signed-in users holding one of them get past the check (a signed-out
    visitor is sent to sign in, anyone else sees "no access"); without, the page is public
    and the check only fills in who is signed in. One handler instead of a separate access
    check saves a server round of state, delta and session query on every page opened.
    The state must provide `_open_page(roles | None, action)` (AuthState does).
    """
    allowed = frozenset(roles) if roles else None

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        wrapper = _guarded(
            fn, lambda state, action: state._open_page(allowed, action), admit_anonymous=not roles
        )
        setattr(wrapper, POLICY_ATTR, allowed if allowed is not None else PUBLIC)
        setattr(wrapper, OPENS_PAGE_ATTR, True)
        return wrapper

    return decorate


def _guarded(
    fn: Callable[..., Any], admit: Admission, admit_anonymous: bool = False
) -> Callable[..., Any]:
    """`fn` behind `admit`; the admitted principal is current_principal() inside it.

    With admit_anonymous (public pages) the body also runs for signed-out visitors.
    """
    action = fn.__name__

    def enter(state: Any) -> tuple[bool, Any, list]:
        principal, refusal = admit(state, action)
        if principal is None and not admit_anonymous:
            return False, None, refusal
        return True, _current_principal.set(principal), refusal

    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def agen_wrapper(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
            admitted, token, refusal = enter(self)
            if not admitted:
                yield refusal
                return
            try:
                async for update in fn(self, *args, **kwargs):
                    yield update
            finally:
                _current_principal.reset(token)

        return agen_wrapper
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def coro_wrapper(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
            admitted, token, refusal = enter(self)
            if not admitted:
                return refusal
            try:
                return await fn(self, *args, **kwargs)
            finally:
                _current_principal.reset(token)

        return coro_wrapper

    @functools.wraps(fn)
    def sync_wrapper(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
        admitted, token, refusal = enter(self)
        if not admitted:
            return refusal
        try:
            return fn(self, *args, **kwargs)
        finally:
            _current_principal.reset(token)

    return sync_wrapper
