"""One authorisation mechanism for every event handler.

Every public event handler of the app is decorated with `requires(...)` (roles that may
call it) or `public` (anyone, including signed-out visitors). The wrapper resolves the
server-side session *before* the handler body runs; a refused call never reaches it.
`tests/unit/test_authorisation.py` enumerates every registered handler and fails on any
that carries neither marker.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from ..services.authz import Principal

log = logging.getLogger("licensure.security")

POLICY_ATTR = "__licensure_policy__"
PUBLIC = "public"

_current_principal: ContextVar[Principal | None] = ContextVar("principal", default=None)


def current_principal() -> Principal:
    """The principal the guard admitted for the running handler."""
    principal = _current_principal.get()
    if principal is None:
        raise RuntimeError("current_principal() called outside a guarded handler")
    return principal


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
        action = fn.__name__
        if inspect.isasyncgenfunction(fn):

            @functools.wraps(fn)
            async def agen_wrapper(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
                principal, refusal = self._admit(allowed, action)
                if principal is None:
                    yield refusal
                    return
                token = _current_principal.set(principal)
                try:
                    async for update in fn(self, *args, **kwargs):
                        yield update
                finally:
                    _current_principal.reset(token)

            wrapper: Callable[..., Any] = agen_wrapper
        elif inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def coro_wrapper(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
                principal, refusal = self._admit(allowed, action)
                if principal is None:
                    return refusal
                token = _current_principal.set(principal)
                try:
                    return await fn(self, *args, **kwargs)
                finally:
                    _current_principal.reset(token)

            wrapper = coro_wrapper
        else:

            @functools.wraps(fn)
            def sync_wrapper(self, *args: Any, **kwargs: Any):  # noqa: ANN001, ANN202
                principal, refusal = self._admit(allowed, action)
                if principal is None:
                    return refusal
                token = _current_principal.set(principal)
                try:
                    return fn(self, *args, **kwargs)
                finally:
                    _current_principal.reset(token)

            wrapper = sync_wrapper
        setattr(wrapper, POLICY_ATTR, allowed)
        return wrapper

    return decorate
