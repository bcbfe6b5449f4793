"""/notifications : the signed-in user's notifications."""

from __future__ import annotations

import reflex as rx

from ..db import read_scope, session_scope
from ..models import ROLE_DISTRICT_APPROVER, ROLE_EDUCATOR, ROLE_STATE_STAFF
from ..services import notifications
from .auth import AuthState
from .guard import current_principal, opens_page

ANY_SIGNED_IN = (ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)


class NotificationsState(AuthState):
    items: list[notifications.NotificationRow] = []

    @rx.event
    @opens_page(*ANY_SIGNED_IN)
    def load(self) -> None:
        """Show the latest notifications and mark them read (they have now been seen)."""
        account_id = current_principal().account_id
        with read_scope() as session:
            self.items = notifications.recent(session, account_id)
        with session_scope() as session:
            notifications.mark_all_read(session, account_id)
        self.unread_notifications = 0
