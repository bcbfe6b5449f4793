"""Links that look like buttons: one tab stop, announced as the link they are."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def link_button(label: str, href: str, **props: Any) -> rx.Component:
    """A page link styled as a Radix button (a button inside a link is two tab stops)."""
    return rx.button(ReactRouterLink.create(label, to=href), as_child=True, **props)
