"""Sessions checked moments ago, without a database read on every event (issue 18).

Every websocket event checks its session; reading it (a transaction and a four-table query)
cost about a quarter of a millisecond, most of an event's own work. A session that passed
the check is kept per process (infra/watched_cache.py) and trusted again only while:

- nothing written to the tables its principal comes from has committed since, in this
  process or another: sign-out, revocation on password change, roles, designee rights and
  deactivation all write there, so each takes effect at the next event;
- its last recorded activity is less than SESSION_TOUCH_INTERVAL old (so it needs no touch
  and cannot have idled out) and its absolute end has not come;
- it was read less than MAX_AGE_SECONDS ago (the bound for writes the change feed cannot
  see: SQL typed by hand outside the app, without Redis).

Anything else reads the database, as before. Unknown tokens are never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime

from sqlalchemy.engine import Connection

from licensure_app.infra.watched_cache import WatchedCache
from licensure_app.models._base import utcnow
from licensure_app.services.accounts.sessions import (
    SESSION_TOUCH_INTERVAL,
    LiveSession,
    check_session,
    token_digest,
)

# Every table check_session reads.
TABLES = ("auth_session", "account", "district", "district_designee", "educator_profile")
MAX_AGE_SECONDS = 60.0

SESSIONS: WatchedCache[LiveSession] = WatchedCache("sessions", TABLES, MAX_AGE_SECONDS)


def check_session_cached(
    connect: Callable[[], AbstractContextManager[Connection]],
    token: str,
    now: datetime | None = None,
) -> LiveSession | None:
    """`check_session`, answered from this process's cache when that is exact (see above).

    `connect` opens a read connection, used only when the cache cannot answer.
    """
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    answer: list[LiveSession | None] = []

    def read() -> LiveSession | None:
        with connect() as connection:
            live = check_session(connection, token, now)
        answer.append(live)
        if live is not None and live.needs_touch:
            # Kept as active from now: the caller records the activity (touch) now.
            return replace(live, needs_touch=False, last_seen=now)
        return live

    def fresh(live: LiveSession) -> bool:
        return (
            live.expires_at is not None
            and live.last_seen is not None
            and now < live.expires_at
            and now - live.last_seen < SESSION_TOUCH_INTERVAL
        )

    kept = SESSIONS.get(token_digest(token), read, fresh)
    # A fresh read answers with what it read (needs_touch included).
    return answer[0] if answer else kept
