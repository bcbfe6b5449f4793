"""Work-arounds for Reflex 0.10.1, installed together by `install(app)`.

- `page_load`: a page opened in the app runs its on_load handlers inside the navigation's
  own event (one answer instead of three queued events).
- `redis_locks`: a cancelled Redis state-lock acquisition gives the lock back (several
  backend processes would otherwise stall a tab for the lock's 10 s expiry).

Each was written against one Reflex release and reaches into its internals, so both apply
only to that release: on any other the app runs Reflex's own behaviour and logs that the
work-arounds are off, so an upgrade is re-checked before they are turned back on.
"""

from __future__ import annotations

import logging
from importlib.metadata import version
from typing import TYPE_CHECKING

from . import page_load, redis_locks

if TYPE_CHECKING:
    from reflex.app import App

log = logging.getLogger("licensure.reflex_fixes")

PATCHED_REFLEX_VERSION = "0.10.1"


def install(app: App) -> bool:
    """Install every work-around on `app`; False (and a warning) on another Reflex."""
    found = version("reflex")
    if found != PATCHED_REFLEX_VERSION:
        log.warning(
            "Reflex work-arounds are off: written for Reflex %s, running %s "
            "(see licensure_app/infra/reflex_fixes)",
            PATCHED_REFLEX_VERSION,
            found,
        )
        return False
    redis_locks.install()
    page_load.install(app)
    return True
