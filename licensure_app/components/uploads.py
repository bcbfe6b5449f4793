"""File drop zones that keyboard and screen-reader users can operate."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from .layout import LINK_COLOR


def drop_zone(
    label: str,
    upload_id: str,
    prompt: str,
    on_drop: Any,
    *,
    described_by: str | None = None,
    multiple: bool = True,
) -> rx.Component:
    """A labelled file chooser that also accepts dropped files.

    The zone itself takes no focus (react-dropzone would make it a focusable element with
    role "presentation"); inside it, a real button named by its prompt opens the chooser.
    The label wraps the zone, so the file input is named `label` for tests and tools.
    """
    opener = f"document.querySelector({json.dumps(f'#{upload_id} input[type=file]')})?.click()"
    return rx.el.label(
        rx.text(label, font_weight="600", display="block"),
        rx.upload(
            rx.button(
                prompt,
                type="button",
                variant="ghost",
                color=LINK_COLOR,
                text_decoration="underline",
                white_space="normal",
                height="auto",
                text_align="left",
                on_click=rx.call_script(opener),
                aria_describedby=described_by,
            ),
            id=upload_id,
            multiple=multiple,
            no_click=True,
            no_keyboard=True,
            on_drop=on_drop,
            border="1px dashed #80838d",
            border_radius="6px",
            padding="0.75em",
            margin_top="0.25em",
        ),
        display="block",
    )
