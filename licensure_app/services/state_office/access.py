"""The state office's tools refuse any actor who is not state staff.

Handlers check roles first (`states/guard.py`); this keeps a mistaken caller from
changing rules, districts or records.
"""

from __future__ import annotations

from ...models import ROLE_STATE_STAFF
from .. import audit


def require_staff(actor: audit.Actor) -> None:
    if actor.role != ROLE_STATE_STAFF:
        raise PermissionError("only state staff use the state office's tools")
