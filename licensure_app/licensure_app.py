"""The Reflex app: refuses to start on an unmigrated database, then registers every page."""

import logging
from datetime import date, time

import reflex as rx
from sqlmodel import Session

from licensure_app.infra import (
    change_feed,
    log_redaction,
    mail_delivery,
    reflex_fixes,
    runtime,
    scheduler,
)
from licensure_app.infra.schema import assert_migrated
from licensure_app.infra.static_pages import serve_pages_directly

from . import pages, settings  # noqa: F401  (pages: registers them)
from .api import build_api, security_headers, upload_guard
from .services import approvals, state_office
from .services.licensing import reminders
from .states import live
from .states.session_change import ForgetPreviousUser

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
# No session cookie or sign-in ticket in the log (Reflex logs failed events with headers).
log_redaction.install()

# Fail fast with a clear message rather than with SQL errors on the first request.
assert_migrated()

app = rx.App(
    stylesheets=["/styles.css"],
    # Deferred: they only add document listeners and helpers, so they never hold up the
    # first paint (infra/deferred_hydration.py).
    head_components=[
        rx.el.script(src="/focus.js", defer=True),
        rx.el.script(src="/menu.js", defer=True),
    ],
    api_transformer=[build_api(), upload_guard, serve_pages_directly, security_headers],
)

# The next person in a tab never receives the previous user's data: before any other
# middleware, so it also precedes the page-load work-around's answer.
app.add_middleware(ForgetPreviousUser())

# Reflex 0.10.1 work-arounds (page loads in one event, Redis locks): see infra/reflex_fixes.
reflex_fixes.install(app)


def _holds_websocket(client_token: str) -> bool:
    namespace = app.event_namespace
    return namespace is None or client_token in namespace.token_to_sid


# Live pages stop their loop when this process no longer holds the tab's websocket.
live.use_connection_check(_holds_websocket)

# Garbage collection tuned for latency: see runtime.py.
runtime.tune_for_serving()
app.register_lifespan_task(runtime.freeze_startup_objects)

# With Redis, every process hears the others' writes that in-process caches depend on.
app.register_lifespan_task(change_feed.listen_forever)

# With SMTP_HOST set, every process delivers the outbox (each message claimed by one).
app.register_lifespan_task(mail_delivery.run_forever)


def _expiry_reminders(session: Session, day: date) -> str:
    result = reminders.send_reminders(session, day)
    return f"{result.sent} sent, {result.already_sent} sent before"


# Daily jobs, each once a day across all processes, at the state's local time.
scheduler.every_day("expiry_reminders", settings.reminders_time(), _expiry_reminders)
scheduler.every_day("approval_digest", settings.digest_time(), approvals.send_digests)
# Rule changes whose effective date has come go into the live rule tables just after midnight.
scheduler.every_day("rule_changes", time(0, 1), state_office.rule_changes_job)
app.register_lifespan_task(scheduler.run_forever)
