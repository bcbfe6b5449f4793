"""A page opened in the app runs its on_load handler in the navigation's own event.

Reflex 0.10 opens a page in three queued events: `on_load_internal` looks up the page's
on_load handlers and queues them, each handler runs as its own event, then
`set_is_hydrated` ends the chain. Every one takes the tab's state lock, computes a delta and
sends a websocket message, so opening a page costs several times a plain event, and
page opens are a large share of what users do.

`InlinePageLoad` answers `on_load_internal` itself: under the lock that event already holds,
it runs the page's handlers, marks the page hydrated and sends one delta, then the events
the handlers returned (a redirect to sign in, a focus), in Reflex's own order. The handlers
are the same ones (with their `guard.opens_page` access check) and see the same state.

It steps aside, leaving Reflex's chain to run, whenever the shortcut could differ from it:
- the tab is not hydrated: the first page after a (re)connect, or a state the server has
  just created, which Reflex must first send in full;
- an on_load handler is unknown, a background task or a generator (one that streams
  updates): none of the app's is, but a future one would keep working.
`reflex_fixes.install` adds it only on the Reflex version it was written against.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import OnLoadInternalState, StateUpdate
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import (
    _check_valid_yield,
    _prepare_event_payload,
)
from reflex_base.registry import RegisteredEventHandler, RegistrationContext
from reflex_base.utils.format import format_event_handler

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import BaseState

ON_LOAD_INTERNAL = format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"])


class InlinePageLoad(Middleware):
    """Runs a page's on_load handlers inside `on_load_internal` (see the module's doc)."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        if event.name != ON_LOAD_INTERNAL:
            return None
        root = state._get_root_state()
        if not root.is_hydrated:
            return None
        handlers = _inline_handlers(app, root)
        if handlers is None:
            return None
        follow_up: list[Event] = []
        for registered, load_event in handlers:
            substate = await root.get_state(registered.states[0])
            handler = registered.handler
            payload = _prepare_event_payload(handler, load_event.payload)
            returned = handler.fn(substate, **payload)
            if inspect.isawaitable(returned):
                returned = await returned
            if returned is not None:
                name = handler.fn.__qualname__
                follow_up += Event.from_event_type(_check_valid_yield(returned, name))
        root.is_hydrated = True
        try:
            delta = await root._get_resolved_delta()
        finally:
            root._clean()
        return StateUpdate(delta=delta, events=follow_up)


def _inline_handlers(
    app: App, root: BaseState
) -> list[tuple[RegisteredEventHandler, Event]] | None:
    """The page's on_load handlers, or None if Reflex's chain must run them."""
    load_events = app.get_load_events(root.rx_router_url.path)
    if not load_events:
        return None  # on_load_internal just marks the page hydrated: nothing to save
    registry = RegistrationContext.get().event_handlers
    handlers = []
    for load_event in Event.from_event_type(load_events):
        registered = registry.get(load_event.name)
        if registered is None or not _runs_inline(registered):
            return None
        handlers.append((registered, load_event))
    return handlers


def _runs_inline(registered: RegisteredEventHandler) -> bool:
    fn = registered.handler.fn
    if registered.handler.is_background:
        return False
    return not (inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn))


def install(app: App) -> None:
    """Add the middleware to `app`."""
    app.add_middleware(InlinePageLoad())
