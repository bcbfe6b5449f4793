"""/ : the public home, and for a signed-in educator "Your license at a glance"."""

from __future__ import annotations

import reflex as rx

from ..db import read_scope
from ..infra import clock
from ..models import ROLE_EDUCATOR
from ..services import home
from .auth import AuthState
from .guard import current_principal_or_none, opens_page


class HomeState(AuthState):
    # Empty for signed-out visitors and other roles: they keep the public home.
    educator_home: bool = False
    glance_loaded: bool = False
    glance_licenses: list[home.LicenseGlance] = []
    glance_applications: list[home.GlanceApplication] = []

    @rx.event
    @opens_page()
    def load(self) -> None:
        principal = current_principal_or_none()
        if principal is None or principal.role != ROLE_EDUCATOR or principal.profile_id is None:
            self._assign_changed(
                educator_home=False, glance_loaded=False, glance_licenses=[], glance_applications=[]
            )
            return
        with read_scope() as session:
            glance = home.glance_for(session, principal.profile_id, clock.today())
        self.glance_licenses = glance.licenses
        self.glance_applications = glance.applications
        self.educator_home = True
        self.glance_loaded = True
