"""Database backups: one file out, one file back in.

- SQLite: the online backup API (`sqlite3.Connection.backup`). The copy is a consistent
  snapshot taken while the app keeps serving (WAL readers do not block writers); it is
  written next to the target, checked, switched to a rollback journal so the backup is one
  self-contained file, then renamed into place. A restore copies pages the same way into
  the app's database file, inside SQLite's own locking.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in a single
  transaction, run as subprocesses. The SQLAlchemy URL is turned into a libpq one; the
  password goes through PGPASSWORD, never on a command line other users can read.

Restores refuse a target that already holds tables unless `force` is given. Backup files
hold personal data and password hashes: they are created readable by their owner only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from licensure_app.db import make_engine
from licensure_app.infra import schema

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PG_TIMEOUT_SECONDS = 3600


class BackupError(RuntimeError):
    """A backup or restore that did not happen; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    revision: str | None
    seconds: float


def backup(url: str, destination: str | Path) -> BackupResult:
    """Write a backup of the database at `url` to `destination` (replaced if it exists)."""
    started = time.perf_counter()
    target = Path(destination).expanduser().resolve()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup file's name")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist")
    parsed = make_url(url)
    if _is_sqlite(parsed):
        _sqlite_backup(_sqlite_path(parsed, must_exist=True), target)
        revision = _sqlite_revision(target)
    elif _is_postgres(parsed):
        _pg_backup(parsed, target)
        revision = schema.current_revision(url)
    else:
        raise BackupError(f"Backups of {parsed.get_backend_name()} databases are not supported")
    return BackupResult(
        path=target,
        size_bytes=target.stat().st_size,
        revision=revision,
        seconds=time.perf_counter() - started,
    )


def restore(url: str, source: str | Path, *, force: bool = False) -> BackupResult:
    """Replace the database at `url` with the backup in `source`.

    Refuses (BackupError) when the target already has tables, unless `force`.
    Stop the app processes first: they would otherwise serve requests half-way.
    """
    started = time.perf_counter()
    origin = Path(source).expanduser().resolve()
    if not origin.is_file():
        raise BackupError(f"There is no backup file at {origin}")
    parsed = make_url(url)
    if _is_sqlite(parsed):
        target = _sqlite_path(parsed, must_exist=False)
        _sqlite_restore(origin, target, force=force)
        revision = _sqlite_revision(target)
    elif _is_postgres(parsed):
        _pg_restore(parsed, origin, force=force)
        revision = schema.current_revision(url)
    else:
        raise BackupError(f"Restoring {parsed.get_backend_name()} databases is not supported")
    return BackupResult(
        path=origin,
        size_bytes=origin.stat().st_size,
        revision=revision,
        seconds=time.perf_counter() - started,
    )


# ------------------------------------------------------------------ helpers


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _is_postgres(url: URL) -> bool:
    return url.get_backend_name() in ("postgresql", "postgres")


def _sqlite_path(url: URL, *, must_exist: bool) -> Path:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise BackupError("Only SQLite databases in a file can be backed up or restored")
    path = Path(database).expanduser().resolve()
    if must_exist and not path.is_file():
        raise BackupError(f"There is no SQLite database at {path}")
    return path


@contextlib.contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        connection.execute("PRAGMA busy_timeout=30000")
        yield connection
    finally:
        connection.close()


def _quick_check(connection: sqlite3.Connection, what: str) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"{what} failed SQLite's integrity check: {result}")


def _sqlite_revision(path: Path) -> str | None:
    """The migration revision recorded in a SQLite file (read without taking a write lock)."""
    with _sqlite(path) as connection:
        if "alembic_version" not in _sqlite_tables(connection):
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _private_temp_file(folder: Path, suffix: str) -> Path:
    # mkstemp creates the file with mode 0600: backups hold password hashes and personal data.
    handle, name = tempfile.mkstemp(prefix=".backup-", suffix=suffix, dir=folder)
    os.close(handle)
    return Path(name)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _sqlite_backup(source: Path, target: Path) -> None:
    if target == source:
        raise BackupError("The backup file cannot be the database itself")
    partial = _private_temp_file(target.parent, ".sqlite")
    try:
        with _sqlite(source) as src, _sqlite(partial) as dst:
            # One step: a consistent snapshot; in WAL mode writers carry on meanwhile.
            src.backup(dst)
            # A backup is one file: no -wal or -shm beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
            _quick_check(dst, "The backup")
        _fsync(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [row[0] for row in rows]


def _sqlite_restore(source: Path, target: Path, *, force: bool) -> None:
    with open(source, "rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{source} is not a SQLite backup")
    if source == target:
        raise BackupError("The backup file cannot be the database itself")
    # Read-only: checking the backup must not change it.
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        _quick_check(src, "The backup file")
        if "alembic_version" not in _sqlite_tables(src):
            raise BackupError(f"{source} is not a backup of this app's database")
        if target.exists() and target.stat().st_size > 0:
            with _sqlite(target) as existing:
                tables = _sqlite_tables(existing)
            if tables and not force:
                raise BackupError(
                    f"The database at {target} already holds {len(tables)} tables; "
                    "restore with --force to replace it"
                )
        if not target.parent.is_dir():
            raise BackupError(f"The folder {target.parent} does not exist")
        with _sqlite(target) as dst:
            # The backup API copies every page under SQLite's write lock: readers see the
            # old database or the restored one, never a mix.
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            _quick_check(dst, "The restored database")
    finally:
        src.close()


# ------------------------------------------------------------------ PostgreSQL


def libpq_url(url: URL) -> str:
    """The URL in libpq's form (no SQLAlchemy driver name, no password)."""
    # URL.set(password=None) keeps the password: build a new URL without it.
    bare = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (or not on PATH). Install the PostgreSQL client tools "
            "of the server's major version, e.g. `apt-get install postgresql-client-15`."
        )
    return found


def _run_pg(command: list[str], url: URL, what: str) -> None:
    try:
        result = subprocess.run(
            command,
            env=_pg_env(url),
            capture_output=True,
            text=True,
            timeout=PG_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} took longer than {PG_TIMEOUT_SECONDS} s") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed (exit {result.returncode}): {detail}")


def _pg_backup(url: URL, target: Path) -> None:
    pg_dump = _pg_tool("pg_dump")
    partial = _private_temp_file(target.parent, ".pgdump")
    try:
        _run_pg(
            [pg_dump, "--format=custom", f"--file={partial}", f"--dbname={libpq_url(url)}"],
            url,
            "pg_dump",
        )
        _fsync(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _pg_tables(url: URL) -> list[str]:
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _pg_restore(url: URL, source: Path, *, force: bool) -> None:
    with open(source, "rb") as handle:
        if handle.read(len(PG_DUMP_MAGIC)) != PG_DUMP_MAGIC:
            raise BackupError(f"{source} is not a pg_dump custom-format backup")
    pg_restore = _pg_tool("pg_restore")
    tables = _pg_tables(url)
    if tables and not force:
        raise BackupError(
            f"The database {url.database} already holds {len(tables)} tables; "
            "restore with --force to replace it"
        )
    _run_pg(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={libpq_url(url)}",
            str(source),
        ],
        url,
        "pg_restore",
    )
