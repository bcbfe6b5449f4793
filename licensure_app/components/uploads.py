"""File drop zones that keyboard and screen-reader users can operate."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from .layout import LINK_COLOR

# Evidence (certificates, transcripts, documents): what the file chooser offers. "image/*"
# lets a phone offer its camera and photo library; HEIC/HEIF photos (an iPhone's) are turned
# into JPEG on the server (services/pd/evidence.py), which decides by content, not by this.
EVIDENCE_TYPES: dict[str, list[str]] = {
    "application/pdf": [".pdf"],
    "image/*": [".png", ".jpg", ".jpeg", ".heic", ".heif"],
}


def _accept_attribute(accept: dict[str, list[str]]) -> str:
    """The input's accept attribute as react-dropzone writes it for `accept`."""
    return ",".join(item for kind, extensions in accept.items() for item in (kind, *extensions))


def _input(upload_id: str) -> str:
    return f"document.querySelector({json.dumps(f'#{upload_id} input[type=file]')})"


def _open_chooser(upload_id: str, accept: dict[str, list[str]] | None) -> str:
    """The file chooser, without the camera hint a "Take a photo" button may have left."""
    restore = (
        f"i.setAttribute('accept', {json.dumps(_accept_attribute(accept))}); " if accept else ""
    )
    return f"(() => {{ const i = {_input(upload_id)}; if (!i) return; i.removeAttribute('capture'); {restore}i.click(); }})()"


def _open_camera(upload_id: str) -> str:
    """The same file input with the camera hint: a phone opens its rear camera."""
    return (
        f"(() => {{ const i = {_input(upload_id)}; if (!i) return; "
        "i.setAttribute('accept', 'image/*'); i.setAttribute('capture', 'environment'); i.click(); })()"
    )


def drop_zone(
    label: str,
    upload_id: str,
    prompt: str,
    on_drop: Any,
    *,
    described_by: str | None = None,
    multiple: bool = True,
    accept: dict[str, list[str]] | None = None,
    camera: bool = False,
) -> rx.Component:
    """A labelled file chooser that also accepts dropped files.

    The zone itself takes no focus (react-dropzone would make it a focusable element with
    role "presentation"); inside it, a real button named by its prompt opens the chooser.
    The label wraps the zone, so the file input is named `label` for tests and tools.
    With `accept` (EVIDENCE_TYPES) the chooser offers those types; with `camera`, a
    "Take a photo" button opens the same input with the camera hint (`capture`).
    """
    buttons = [_zone_button(prompt, _open_chooser(upload_id, accept), described_by)]
    if camera:
        buttons.append(_zone_button("Take a photo", _open_camera(upload_id), described_by))
    return rx.el.label(
        rx.text(label, font_weight="600", display="block"),
        rx.upload(
            rx.flex(*buttons, wrap="wrap", spacing="4", align="center"),
            id=upload_id,
            multiple=multiple,
            no_click=True,
            no_keyboard=True,
            accept=accept,
            on_drop=on_drop,
            border="1px dashed #80838d",
            border_radius="6px",
            padding="0.75em",
            margin_top="0.25em",
        ),
        display="block",
    )


def _zone_button(text: str, script: str, described_by: str | None) -> rx.Component:
    return rx.button(
        text,
        type="button",
        variant="ghost",
        color=LINK_COLOR,
        text_decoration="underline",
        white_space="normal",
        height="auto",
        text_align="left",
        # Wraps inside the zone on a phone instead of widening the page.
        flex_shrink="1",
        max_width="100%",
        on_click=rx.call_script(script),
        aria_describedby=described_by,
    )
