"""Shared pieces of the approvals page: colours, labelled selects, cards and term lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

MUTED = "#414651"
BORDER = "#d0d5dd"
SELECT_STYLE = {
    "width": "100%",
    "padding": "0.45em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "background": "white",
}


def label(text: str, field_id: str) -> rx.Component:
    return rx.el.label(
        text, html_for=field_id, display="block", font_weight="600", margin_bottom="0.25em"
    )


def select(
    text: str,
    field_id: str,
    options: list[rx.Component],
    value: rx.Var,
    on_change: Callable[..., Any],
) -> rx.Component:
    return rx.box(
        label(text, field_id),
        rx.el.select(*options, id=field_id, value=value, on_change=on_change, style=SELECT_STYLE),
        min_width="12em",
    )


def options(pairs: tuple[tuple[str, str], ...]) -> list[rx.Component]:
    return [rx.el.option(text, value=value) for value, text in pairs]


def item(term: Any, value: Any) -> rx.Component:
    """One term and its value in a description list."""
    return rx.box(
        rx.el.dt(term, font_weight="600", color=MUTED, font_size="0.9em"),
        rx.el.dd(value, margin="0"),
    )


def card(heading: str, heading_id: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(heading, as_="h2", size="5", id=heading_id, margin_bottom="0.5em"),
        *children,
        aria_labelledby=heading_id,
        border=f"1px solid {BORDER}",
        border_radius="8px",
        padding="1em",
        margin_bottom="1em",
    )


def grid(*items: rx.Component) -> rx.Component:
    return rx.el.dl(
        *items,
        display="grid",
        grid_template_columns="repeat(auto-fit, minmax(14em, 1fr))",
        gap="0.75em 1.5em",
    )
