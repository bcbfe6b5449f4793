"""Database schema state: the migration the code needs, the one a database is at, upgrading.

The server refuses to start on a database that is not at the code's head revision, with a
message that says which command fixes it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from licensure_app import settings
from licensure_app.db import make_engine

ALEMBIC_INI = settings.PROJECT_ROOT / "alembic.ini"
ALEMBIC_DIR = settings.PROJECT_ROOT / "alembic"


class DatabaseNotMigrated(RuntimeError):
    """The database is not at the revision this code needs."""


def safe_url(url: str) -> str:
    """The URL with any password masked, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: say nothing of it rather than leak it
        return "<unparsable database URL>"


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for this project, pointed at `url` (default: the app's)."""
    cfg = Config(str(ALEMBIC_INI))
    # Absolute, so migrations run from any working directory.
    cfg.set_main_option("script_location", str(ALEMBIC_DIR))
    # alembic/env.py reads the URL from `-x url=...`, as on the command line.
    cfg.cmd_opts = argparse.Namespace(x=[f"url={url or settings.database_url()}"])
    return cfg


def head_revision() -> str:
    """The newest migration in alembic/versions: the revision this code needs."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the project always ships a migration
        raise RuntimeError(f"No migrations found in {ALEMBIC_DIR}")
    return head


def _sqlite_file_missing(url: str) -> bool:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return False
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return False
    return not Path(database).exists()


def current_revision(url: str | None = None) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    url = url or settings.database_url()
    # Connecting would create an empty SQLite file as a side effect; a missing file is at none.
    if _sqlite_file_missing(url):
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def migrate(url: str | None = None) -> None:
    """Upgrade the database to the head revision (the same as `alembic upgrade head`)."""
    command.upgrade(alembic_config(url), "head")


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Downgrade the database (tests and tidy-ups; `base` drops every app table)."""
    command.downgrade(alembic_config(url), revision)


def assert_migrated(url: str | None = None) -> None:
    """Raise DatabaseNotMigrated unless the database is at the head revision."""
    url = url or settings.database_url()
    head = head_revision()
    current = current_revision(url)
    if current == head:
        return
    raise DatabaseNotMigrated(
        f"The database at {safe_url(url)} is not migrated (at revision {current or 'none'}, "
        f"the code needs {head}). Run `make migrate` (alembic upgrade head) first."
    )
