"""Small client-side actions shared by states."""

from __future__ import annotations

import json

import reflex as rx


def focus(element_id: str) -> rx.event.EventSpec:
    """Move keyboard focus to an element by id once the page has re-rendered.

    Works for elements rendered inside rx.foreach too (rx.set_focus needs a static ref).
    """
    target = json.dumps(element_id)
    return rx.call_script(
        f"requestAnimationFrame(() => requestAnimationFrame(() => "
        f"document.getElementById({target})?.focus()))"
    )
