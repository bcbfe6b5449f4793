"""Tables wider than a phone screen: scrolled by keyboard as well as by touch."""

from __future__ import annotations

import reflex as rx


def scroll_region(table: rx.Component, label: str) -> rx.Component:
    """A named, focusable region that scrolls its table sideways (WCAG 2.1.1).

    Keyboard users Tab to it and scroll with the arrow keys; screen readers announce its
    name. Radix tables (rx.table.root) scroll in this region rather than in their own
    inner scroll area, which no key reaches (assets/styles.css).
    """
    return rx.box(
        table,
        overflow_x="auto",
        tab_index=0,
        role="region",
        aria_label=label,
        class_name="scroll-region",
        width="100%",
    )
