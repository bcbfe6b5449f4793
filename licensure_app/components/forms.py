"""Labelled form fields: every control has a visible label tied to it by id."""

from __future__ import annotations

from typing import Any

import reflex as rx

ERROR_COLOR = "#b42318"  # 6.4:1 on white (WCAG AA)


def field_error(message: rx.Var[str] | str, field_id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.el.p(
            message, id=f"{field_id}-error", color=ERROR_COLOR, font_size="0.9em", role="alert"
        ),
    )


def text_field(
    label: str,
    field_id: str,
    *,
    name: str | None = None,
    input_type: str = "text",
    error: rx.Var[str] | str = "",
    hint: str = "",
    autocomplete: str = "off",
    required: bool = False,
    **input_props: Any,
) -> rx.Component:
    """A label, an input and its error message below it (announced to screen readers)."""
    described = f"{field_id}-error" + (f" {field_id}-hint" if hint else "")
    return rx.box(
        rx.el.label(
            label,
            html_for=field_id,
            display="block",
            font_weight="600",
            margin_bottom="0.25em",
        ),
        rx.cond(
            hint != "", rx.el.p(hint, id=f"{field_id}-hint", color="#414651", font_size="0.9em")
        ),
        rx.input(
            id=field_id,
            name=name or field_id,
            type=input_type,
            auto_complete=autocomplete,
            required=required,
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=described,
            size="3",
            width="100%",
            **input_props,
        ),
        field_error(error, field_id),
        width="100%",
        margin_bottom="1em",
    )


def form_message(message: rx.Var[str], tone: str = "success") -> rx.Component:
    """A status line (role=status) shown after a form is submitted."""
    return rx.cond(message != "", notice(message, tone=tone))


_TONES = {
    "info": ("#1e40af", "#eff6ff"),
    "success": ("#15803d", "#f0fdf4"),
    "warning": ("#b45309", "#fffbeb"),
    "error": ("#b42318", "#fef3f2"),
    "neutral": ("#667085", "#f9fafb"),
}


def notice(
    *children: Any, tone: str = "info", role: str | None = None, **props: Any
) -> rx.Component:
    """A message box in dark text on a light tint (AA contrast whatever the tone)."""
    border, background = _TONES[tone]
    if role is None:
        role = "alert" if tone == "error" else "status"
    return rx.box(
        *children,
        role=role,
        color="#1f2937",
        background=background,
        border_left=f"4px solid {border}",
        border_radius="6px",
        padding="0.75em 1em",
        **props,
    )


def new_password_fields(
    errors: rx.Var[dict[str, str]],
    label: str = "New password",
    field_id: str = "new_password",
    hint: str = "At least 15 characters.",
) -> list[rx.Component]:
    """A new password and its confirmation ("confirm_password"), with their errors."""
    return [
        text_field(
            label,
            field_id,
            input_type="password",
            error=errors.get(field_id, ""),
            hint=hint,
            autocomplete="new-password",
        ),
        text_field(
            "Confirm password",
            "confirm_password",
            input_type="password",
            error=errors.get("confirm_password", ""),
            autocomplete="new-password",
        ),
    ]
