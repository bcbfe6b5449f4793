"""Small client-side actions shared by states."""

from __future__ import annotations

import json

import reflex as rx


def focus(element_id: str, *, interrupt_typing: bool = True) -> rx.event.EventSpec:
    """Move keyboard focus to an element by id once the page has re-rendered.

    Works for elements rendered inside rx.foreach too (rx.set_focus needs a static ref).
    With interrupt_typing=False it leaves focus alone while the user is in a form field,
    so a late focus move never sends their typing somewhere else.
    """
    target = json.dumps(element_id)
    guard = (
        ""
        if interrupt_typing
        else "const a = document.activeElement; "
        "if (a && ['INPUT', 'TEXTAREA', 'SELECT'].includes(a.tagName)) return; "
    )
    return rx.call_script(
        "requestAnimationFrame(() => requestAnimationFrame(() => { "
        f"{guard}document.getElementById({target})?.focus(); }}))"
    )


def form_text(form: dict, key: str) -> str:
    """A submitted form field as text ("" when missing or not a string: forms are untrusted)."""
    value = form.get(key, "")
    return value if isinstance(value, str) else ""
