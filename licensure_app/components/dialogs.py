"""The one confirmation dialog every "are you sure?" in the app uses.

A Radix alert dialog whose `open` is bound to state has no trigger element, so on its own it
neither moves focus in (nor traps Tab) nor knows where to send focus back, and Escape asks an
`on_open_change` nobody listens to. Here:
- on open, focus moves to the dialog's first control (assets/focus.js, licensureDialog.opened),
  which also starts Radix's Tab trap;
- Escape runs the dialog's cancel handler, so state and screen agree;
- on close, focus returns to the control that opened the dialog, or to the page heading when
  that control is gone (licensureDialog.closed); a result message the server focuses after a
  confirmed action then takes it.
The state handler that opens the dialog must reset its flag in the page's on_load, so a
reload never brings the dialog back.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import FunctionVar

_OPENED = rx.Var("window.licensureDialog.opened").to(FunctionVar)
_CLOSED = rx.Var("window.licensureDialog.closed").to(FunctionVar)


def danger_button(label: str, on_click: Any, **props: Any) -> rx.Component:
    """A confirm button that closes the dialog: white on a dark red (assets/styles.css)."""
    return rx.alert_dialog.action(rx.button(label, color_scheme="red", on_click=on_click, **props))


def confirm_dialog(
    title: str,
    description: list[Any],
    *,
    is_open: rx.Var[bool],
    on_cancel: Any,
    cancel_label: str,
    confirm: rx.Component,
    details: list[rx.Component] | None = None,
) -> rx.Component:
    """A modal question: title, description, optional details, then Cancel and Confirm.

    `confirm` is the confirming control: `danger_button(...)` (closes the dialog) or a plain
    button when the dialog stays open to show an error (bulk approval).
    """
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(*description),
            *(details or []),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(cancel_label, variant="outline", on_click=on_cancel)
                ),
                confirm,
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
            on_open_auto_focus=_OPENED,
            on_close_auto_focus=_CLOSED,
            on_escape_key_down=on_cancel,
        ),
        open=is_open,
    )
