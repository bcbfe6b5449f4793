"""The expiring-licenses panel: licenses expiring in the next 90 days, per district, and
the full list as CSV."""

from __future__ import annotations

import reflex as rx

from licensure_app.infra import clock
from licensure_app.services import state_office

from ...db import read_scope
from ...models import ROLE_STATE_STAFF
from ..auth import AuthState
from ..guard import requires


class AdminExpiringState(AuthState):
    expiring_total: int = 0
    expiring_per_district: list[state_office.DistrictCount] = []
    # The first EXPIRING_SHOWN; the CSV has all.
    expiring_rows: list[state_office.ExpiringRow] = []

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def open_panel(self) -> None:
        with read_scope() as session:
            report = state_office.expiring(session, clock.today())
        self.expiring_total = report.total
        self.expiring_per_district = report.per_district
        self.expiring_rows = report.rows[: state_office.EXPIRING_SHOWN]

    @rx.event
    @requires(ROLE_STATE_STAFF)
    def download_expiring(self):  # noqa: ANN201
        with read_scope() as session:
            report = state_office.expiring(session, clock.today())
        return rx.download(
            data=state_office.expiring_csv(report),
            filename=f"licenses-expiring-{clock.today().isoformat()}.csv",
            mime_type="text/csv",
        )
