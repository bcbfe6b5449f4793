"""The status badge: a status's word with its colour, the same on every page (issue 16.6).

The tone comes from `domain.status` (data, never decided on a page); its colours are the
`.status-badge[data-tone=...]` rules in assets/styles.css, text at 4.5:1 or more on its
background and a border at 3:1 or more on white.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ..domain.status import NEUTRAL, TONE_BY_LABEL, tone_of_label


def status_tone(label: str | rx.Var) -> str | rx.Var:
    """The tone of the status shown as `label`: worked out here for a plain string, in the
    browser (from the same table) for a state var."""
    if isinstance(label, str):
        return tone_of_label(label)
    return rx.match(label, *TONE_BY_LABEL.items(), NEUTRAL)


def status_badge(label: str | rx.Var, **props: Any) -> rx.Component:
    """`label` ("Active", "Returned for correction", ...) in its tone's colours."""
    return rx.el.span(label, class_name="status-badge", data_tone=status_tone(label), **props)
