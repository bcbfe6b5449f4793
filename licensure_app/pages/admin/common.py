"""The pieces every admin panel is built from: a panel with its heading, tables, form
boxes, native selects and the success and error messages."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ...components.forms import field_error, notice

MUTED = "#414651"
BORDER = "#d0d5dd"
SELECT_STYLE = {
    "width": "100%",
    "padding": "0.5em",
    "border": "1px solid #8a8f98",
    "border_radius": "6px",
    "font_size": "1rem",
    "background": "white",
}


def select_field(
    label: str, field_id: str, *options: Any, error: Any = "", **props: Any
) -> rx.Component:
    return rx.box(
        rx.el.label(
            label, html_for=field_id, display="block", font_weight="600", margin_bottom="0.25em"
        ),
        rx.el.select(
            *options,
            id=field_id,
            name=field_id,
            aria_describedby=f"{field_id}-error",
            style=SELECT_STYLE,
            **props,
        ),
        field_error(error, field_id),
        margin_bottom="1em",
        width="100%",
    )


def table(caption: str, headers: tuple[str, ...], body: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.caption(caption, text_align="left"),
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col", text_align="left") for h in headers])),
            rx.el.tbody(body),
            class_name="data-table",
        ),
        overflow_x="auto",
        tab_index=0,
        role="region",
        aria_label=caption,
        margin_y="0.75em",
    )


def panel(heading: str, *children: Any, **props: Any) -> rx.Component:
    """A tab's content; `on_mount` (the panel state's open_panel) loads its data each time
    the tab opens (an inactive tab's content is not mounted)."""
    return rx.box(rx.heading(heading, as_="h2", size="5", margin_y="0.75em"), *children, **props)


def form_box(*children: Any, **props: Any) -> rx.Component:
    return rx.box(
        *children,
        border=f"1px solid {BORDER}",
        border_radius="8px",
        padding="1em",
        margin_y="1em",
        max_width="36em",
        **props,
    )


def form_heading(text: str, **props: Any) -> rx.Component:
    return rx.heading(text, as_="h3", size="4", **props)


def messages(ok: rx.Var, error: rx.Var) -> rx.Component:
    return rx.fragment(
        rx.cond(ok != "", notice(ok, tone="success", margin_y="0.5em")),
        rx.cond(error != "", notice(error, tone="error", margin_y="0.5em")),
    )
