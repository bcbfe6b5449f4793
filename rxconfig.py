"""Reflex configuration. Database and Redis URLs come from REFLEX_DB_URL / REFLEX_REDIS_URL."""

import reflex as rx

from licensure_app import settings
from licensure_app.infra.deferred_hydration import DeferHydrationPlugin
from licensure_app.infra.radix_styles import RadixThemesUsedColors

_redis = settings.redis_url()

config = rx.Config(
    app_name="licensure_app",
    db_url=settings.database_url(),
    redis_url=_redis,
    # memory for one process; Redis when several backend processes share state.
    # Reflex's default "disk" manager collapses under load.
    state_manager_mode="redis" if _redis else "memory",
    cors_allowed_origins=settings.allowed_origins(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=settings.port(),
    backend_port=settings.port(),
    plugins=[
        # Radix Themes with only the colour palettes the app uses (a smaller stylesheet).
        RadixThemesUsedColors(
            theme=rx.theme(appearance="light", accent_color="indigo", radius="medium")
        ),
        # Prerendered pages paint before their JavaScript is fetched (issue 18 #5).
        DeferHydrationPlugin(),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
