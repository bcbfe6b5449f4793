"""Small client-side actions shared by states."""

from __future__ import annotations

import json

from reflex.event import Event


def run_script(javascript: str) -> Event:
    """Run JavaScript in the tab once the delta of this event has been applied.

    The same event rx.call_script sends, built directly: call_script compiles its text
    into a Var, a cost paid on every event for scripts that are plain strings anyway.
    """
    return Event(name="_call_script", payload={"javascript_code": javascript, "callback": None})


def focus(element_id: str, *, interrupt_typing: bool = True) -> Event:
    """Move keyboard focus to an element by id once the page has re-rendered.

    Works for elements rendered inside rx.foreach too (rx.set_focus needs a static ref).
    Focus is never taken from a form field the user has moved to since their last action
    (assets/focus.js remembers where focus was); with interrupt_typing=False it is not
    taken from any form field at all.
    """
    return _after_render(
        f"document.getElementById({json.dumps(element_id)})?.focus();", interrupt_typing
    )


def focus_result(element_id: str) -> Event:
    """Focus the message that reports an action's result and read it out (a polite live
    region): keyboard and screen-reader users land on what happened, not on <body>.

    The message needs no tabindex of its own (assets/focus.js, licensureFocusResult).
    """
    return _after_render(f"window.licensureFocusResult({json.dumps(element_id)});", False)


def _after_render(action: str, interrupt_typing: bool) -> Event:
    moved_on = (
        "const a = document.activeElement; "
        "const typing = a && ['INPUT', 'TEXTAREA', 'SELECT'].includes(a.tagName); "
        "if (typing && a !== window.__licensureFocusAtAction) return; "
    )
    if not interrupt_typing:
        moved_on += "if (typing) return; "
    return run_script(
        f"requestAnimationFrame(() => requestAnimationFrame(() => {{ {moved_on}{action} }}))"
    )


def form_text(form: dict, key: str) -> str:
    """A submitted form field as text ("" when missing or not a string: forms are untrusted)."""
    value = form.get(key, "")
    return value if isinstance(value, str) else ""
