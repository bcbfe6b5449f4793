"""Hot-path reads run straight on the database driver's cursor (the look-up's searches,
the tracker's version check on every visit).

SQLAlchemy's per-execution work (an execution context, parameter and result processing,
`Row` objects) costs about three times what SQLite takes to run an indexed name-page
query: 40 µs against 12 µs on the driver (500 holders; the load benchmark's profile had the
look-up as the largest part of the app's own work). The statements are still built with
SQLAlchemy, once per shape; here each is compiled once per dialect (and per length of an
IN list) to its SQL text and parameter names, then run on the connection's DBAPI cursor,
inside the transaction SQLAlchemy begins for the connection as before.

Values come back as the driver returns them: plain tuples, and on SQLite dates as text
(`as_date`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import Session

# A session or a plain connection (db.read_connection): read through its connection.
Reader = Session | Connection


@dataclass(frozen=True)
class _Compiled:
    statement: Select[Any]  # kept so that its id() is not reused while cached
    sql: str
    # Parameter names in placeholder order (qmark, numeric), or None for named styles.
    positions: tuple[str, ...] | None
    # Values fixed in the statement itself (an OFFSET 0).
    fixed: dict[str, Any]


_compiled: dict[tuple[int, str, tuple[tuple[str, int], ...]], _Compiled] = {}
_MAX_CACHED = 512


def _compile(statement: Select[Any], dialect: Dialect, values: dict[str, Any]) -> _Compiled:
    lists = tuple(sorted((k, len(v)) for k, v in values.items() if isinstance(v, list)))
    key = (id(statement), dialect.name, lists)
    found = _compiled.get(key)
    if found is not None and found.statement is statement:
        return found
    bound = statement.params(**{k: v for k, v in values.items() if isinstance(v, list)})
    compiled = bound.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    fixed = {
        name: bind.value
        for bind, name in compiled.bind_names.items()
        if bind.key not in values and not bind.expanding and bind.value is not None
    }
    positions = tuple(compiled.positiontup) if compiled.positiontup is not None else None
    entry = _Compiled(statement, str(compiled), positions, fixed)
    if len(_compiled) >= _MAX_CACHED:
        _compiled.clear()
    _compiled[key] = entry
    return entry


def _parameters(entry: _Compiled, values: dict[str, Any]) -> dict[str, Any]:
    flat = dict(entry.fixed)
    for name, value in values.items():
        if isinstance(value, list):
            # SQLAlchemy names an expanded IN list's members name_1, name_2, ...
            flat.update({f"{name}_{i}": item for i, item in enumerate(value, 1)})
        else:
            flat[name] = value
    return flat


def fetch_all(reader: Reader, statement: Select[Any], values: dict[str, Any]) -> list[tuple]:
    """`statement` with `values` (an IN list's value is a list), its rows as tuples."""
    connection: Connection = reader.connection() if not isinstance(reader, Connection) else reader
    if not connection.in_transaction():
        connection.begin()  # as execute() would: one snapshot for the whole search
    entry = _compile(statement, connection.dialect, values)
    flat = _parameters(entry, values)
    parameters: Sequence[Any] | dict[str, Any] = (
        tuple(flat[name] for name in entry.positions) if entry.positions is not None else flat
    )
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(entry.sql, parameters)
        return cursor.fetchall()
    finally:
        cursor.close()


def as_date(value: date | str) -> date:
    """A DATE column's value: a date from PostgreSQL's driver, ISO text from SQLite's."""
    return value if isinstance(value, date) else date.fromisoformat(value)
