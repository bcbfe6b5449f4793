"""The audit log's hash chain (written by every account change)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from licensure_app.db import make_engine


def test_audit_chain_verifies_and_detects_tampering(db_url: str) -> None:
    from sqlalchemy import text

    from licensure_app.services import audit

    engine = make_engine(db_url)
    with Session(engine) as s:
        for i in range(3):
            audit.record(s, audit.SYSTEM, "test.event", "thing", i, after={"n": i})
        s.commit()
    with Session(engine) as s:
        assert audit.verify_chain(s) == (True, None)
        # The database refuses edits; bypass the trigger to simulate tampering on disk.
        with pytest.raises(Exception, match="append-only"):
            s.execute(text("UPDATE audit_event SET after_json='{}' WHERE id=2"))
        s.rollback()
    with engine.connect() as c:
        c.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        c.exec_driver_sql("UPDATE audit_event SET after_json='{\"n\": 9}' WHERE id=2")
        c.commit()
    with Session(engine) as s:
        assert audit.verify_chain(s) == (False, 2)
