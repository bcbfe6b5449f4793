"""The /admin page: each panel loads its own data, from its own state, when its tab opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import reflex as rx

from licensure_app.pages.admin import PANELS, TABS
from licensure_app.pages.admin.activities_view import activities_panel
from licensure_app.pages.admin.audit_view import audit_panel
from licensure_app.pages.admin.bulk_view import bulk_panel
from licensure_app.pages.admin.districts_view import districts_panel
from licensure_app.pages.admin.expiring_view import expiring_panel
from licensure_app.pages.admin.outbox_view import outbox_panel
from licensure_app.pages.admin.records_view import records_panel
from licensure_app.pages.admin.rules_view import rules_panel
from licensure_app.states.admin import (
    AdminActivitiesState,
    AdminAuditLogState,
    AdminBulkLoadState,
    AdminDistrictsState,
    AdminExpiringState,
    AdminOutboxState,
    AdminRecordsState,
    AdminRulesState,
)


def _mounted_handlers(component: rx.Component) -> list[Any]:
    chain = component.event_triggers.get("on_mount")
    return [spec.handler.fn for spec in getattr(chain, "events", [])]


@pytest.mark.parametrize(
    ("panel", "state"),
    [
        (districts_panel, AdminDistrictsState),
        (rules_panel, AdminRulesState),
        (records_panel, AdminRecordsState),
        (expiring_panel, AdminExpiringState),
        (audit_panel, AdminAuditLogState),
        (bulk_panel, AdminBulkLoadState),
        (activities_panel, AdminActivitiesState),
        (outbox_panel, AdminOutboxState),
    ],
)
def test_a_panel_opens_with_its_own_states_load(
    panel: Callable[[], rx.Component], state: type[rx.State]
) -> None:
    assert _mounted_handlers(panel()) == [state.event_handlers["open_panel"].fn]


def test_every_tab_has_a_panel() -> None:
    assert [key for key, _ in TABS] == list(PANELS)
