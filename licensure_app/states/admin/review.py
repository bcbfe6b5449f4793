"""The page's first panel: how many applications wait for the state's decision. Its load
is the page's on_load, which also checks that the visitor is state staff."""

from __future__ import annotations

import reflex as rx

from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import opens_page


class AdminReviewState(AuthState):
    state_review_count: int = 0

    @rx.event
    @opens_page(ROLE_STATE_STAFF)
    def load(self) -> None:
        with read_scope() as session:
            self.state_review_count = state_office.state_review_count(session)
