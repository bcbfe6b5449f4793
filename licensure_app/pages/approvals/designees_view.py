"""The district's designees (superintendents only): the list, revoking, granting."""

from __future__ import annotations

import reflex as rx

from ...components.dialogs import confirm_dialog, danger_button
from ...components.forms import notice, text_field
from ...services.state_office import designees as designees_service
from ...states.approvals import ApprovalsState
from ...states.designees import DesigneesState
from .common import MUTED


def _designee(d: rx.Var[designees_service.DesigneeView]) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.text(d.name, " (", d.email, "), since ", d.granted_on),
            rx.button(
                "Revoke",
                size="1",
                variant="outline",
                color_scheme="red",
                aria_label="Revoke " + d.email,
                on_click=DesigneesState.ask_revoke(d.designee_id),
            ),
            align="center",
            spacing="3",
        )
    )


def designees() -> rx.Component:
    return rx.cond(
        ApprovalsState.is_superintendent,
        rx.el.section(
            rx.heading("Designees", as_="h2", size="5", id="designees-heading"),
            rx.text(
                "People you designate may approve and return applications for your district.",
                color=MUTED,
                margin_y="0.5em",
            ),
            rx.cond(
                DesigneesState.designees.length() > 0,
                rx.el.ul(rx.foreach(DesigneesState.designees, _designee), padding_left="1.25em"),
                rx.text("No designees.", color=MUTED),
            ),
            rx.form(
                text_field(
                    "Email of the account to designate",
                    "designee_email",
                    input_type="email",
                    error=DesigneesState.designee_error,
                    hint="A colleague with an account in your district.",
                ),
                rx.button("Grant approver rights", type="submit"),
                on_submit=DesigneesState.grant_designee,
                reset_on_submit=False,
                key=DesigneesState.designee_version.to_string(),
                max_width="28em",
                margin_top="1em",
            ),
            rx.cond(
                DesigneesState.designee_message != "",
                notice(DesigneesState.designee_message, tone="success", margin_top="0.5em"),
            ),
            confirm_dialog(
                "Revoke approver rights?",
                [
                    DesigneesState.revoke_email,
                    " will no longer approve applications for your district.",
                ],
                is_open=DesigneesState.revoke_id > 0,
                on_cancel=DesigneesState.cancel_revoke,
                cancel_label="Keep rights",
                confirm=danger_button("Revoke rights", DesigneesState.revoke_designee),
            ),
            aria_labelledby="designees-heading",
            margin_top="2.5em",
            on_mount=DesigneesState.load_designees,
        ),
    )
