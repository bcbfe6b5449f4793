"""The Core tables the look-up reads, and what it reads them through.

Every read here is Core SQL: the state passes a plain connection (db.read_connection).
"""

from __future__ import annotations

from licensure_app.infra.driver_reads import Reader as Reader  # what every read here takes
from licensure_app.models import (
    AuditEvent,
    DisciplinaryNotice,
    EducatorProfile,
    Endorsement,
    License,
)

_P = EducatorProfile.__table__  # type: ignore[attr-defined]
_L = License.__table__  # type: ignore[attr-defined]
_E = Endorsement.__table__  # type: ignore[attr-defined]
_A = AuditEvent.__table__  # type: ignore[attr-defined]
_D = DisciplinaryNotice.__table__  # type: ignore[attr-defined]

_JOIN = _P.join(_L, _L.c.holder_id == _P.c.id)
