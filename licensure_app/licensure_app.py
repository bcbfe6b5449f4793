"""The Reflex app: refuses to start on an unmigrated database, then registers every page."""

import logging

import reflex as rx

from licensure_app.infra import runtime  # noqa: F401  (registers the pages)
from licensure_app.infra.reflex_fixes import page_load, redis_locks
from licensure_app.infra.schema import assert_migrated

from .api import build_api, security_headers

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

# Fail fast with a clear message rather than with SQL errors on the first request.
assert_migrated()

# Several backend processes share state through Redis: see redis_locks.py (Reflex 0.10.1).
redis_locks.install()

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.script(src="/focus.js")],
    api_transformer=[build_api(), security_headers],
)

# A page's on_load handler runs in the navigation's own event: see page_load.py.
page_load.install(app)

# Garbage collection tuned for latency: see runtime.py.
runtime.tune_for_serving()
app.register_lifespan_task(runtime.freeze_startup_objects)
