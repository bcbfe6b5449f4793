"""Synthetic licenses in bulk, for the look-up speed and load benchmarks (1,000,000 and more).

The ORM is far too slow for this. On SQLite the rows go through a plain sqlite3 connection
(executemany of tuples, big page cache, one transaction); on PostgreSQL through COPY. Ids are
assigned here, above the current maxima, under a lock that keeps other writers out while
the load runs, so every foreign key points at a row of the same load.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import make_url

from licensure_app.db import make_engine
from licensure_app.domain.names import name_key
from licensure_app.infra.demo_lookup import (
    ENDORSEMENTS,
    FIRST_NAMES,
    LAST_NAMES,
    MS_CITIES,
    license_dates,
)
from licensure_app.models import LICENSE_TYPES
from licensure_app.models._base import utcnow

BATCH_SIZE = 50_000
# Fresh numbers start here at least, clear of the demo data's 100100-102299.
MIN_LICENSE_NUMBER = 200_000
MIN_EDUCATOR_NUMBER = 2_000_000

PROFILE_COLUMNS = (
    "id", "account_id", "educator_number", "first_name", "middle_name", "last_name",
    "first_name_key", "last_name_key", "previous_names", "date_of_birth", "phone", "street",
    "city", "state", "zip_code", "employing_district_id", "created_at", "updated_at",
)  # fmt: skip
LICENSE_COLUMNS = (
    "id", "license_number", "holder_id", "license_type", "license_class", "first_issued",
    "valid_from", "expires_on", "status",
)  # fmt: skip
ENDORSEMENT_COLUMNS = ("id", "license_id", "code", "subject", "grade_span")
TABLES = (
    ("educator_profile", PROFILE_COLUMNS),
    ("license", LICENSE_COLUMNS),
    ("endorsement", ENDORSEMENT_COLUMNS),
)

# Syllables for extra surnames: 1M people need more than a few hundred last names for the
# look-up's prefix searches to look realistic.
_ONSETS = ("B", "C", "D", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "V", "W")
_MIDDLES = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "é", "ö")
_CODAS = ("ber", "den", "ford", "gan", "ley", "lin", "man", "mer", "ney", "rick", "son", "ton")


@dataclass(frozen=True)
class _Start:
    """First free id of each table and the first free numbers."""

    profile_id: int
    license_id: int
    endorsement_id: int
    license_number: int
    educator_number: int


def _name_pools(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, key) pools, keys precomputed so the hot loop does no Unicode work."""
    generated = {
        f"{o}{m}{c}" for o in _ONSETS for m in _MIDDLES for c in _CODAS
    }  # 2,040 made-up surnames such as "Beaford" or "Köley"
    lasts = sorted(set(LAST_NAMES) | generated)
    rng.shuffle(lasts)
    return [(n, name_key(n)) for n in FIRST_NAMES], [(n, name_key(n)) for n in lasts]


def _license_pool(rng: random.Random, today: date, size: int = 8192) -> list[tuple[Any, ...]]:
    """(type, class, first_issued, valid_from, expires_on, status, endorsement) samples."""
    types = ("Standard",) * 8 + LICENSE_TYPES
    statuses = ("active",) * 12 + ("expired",) * 5 + ("pending", "suspended", "revoked")
    pool = []
    for _ in range(size):
        license_type = rng.choice(types)
        status = rng.choice(statuses)
        endorsement = (
            ENDORSEMENTS[-1] if license_type == "Substitute" else rng.choice(ENDORSEMENTS[:-1])
        )
        pool.append(
            (
                license_type,
                rng.choice(("A", "A", "AA", "AA", "AAA", "AAAA")),
                *license_dates(rng, today, license_type, status),
                status,
                endorsement,
            )
        )
    return pool


def _batches(
    count: int, seed: int, start: _Start, district_ids: Sequence[int | None], as_text: bool
) -> Iterator[tuple[list[tuple], list[tuple], list[tuple]]]:
    """Rows of profiles, licenses and endorsements, BATCH_SIZE licenses at a time.

    as_text: dates and times as the strings SQLAlchemy stores on SQLite (sqlite3 would
    otherwise use its deprecated adapters and a different time format).
    """
    rng = random.Random(seed)
    today = date.today()
    firsts, lasts = _name_pools(rng)
    pool = _license_pool(rng, today)

    def day(value: date) -> date | str:
        return value.isoformat() if as_text else value

    pool = [(*p[:2], day(p[2]), day(p[3]), day(p[4]), *p[5:]) for p in pool]
    births = [day(date(y, m, d)) for y in range(1950, 2003) for m in range(1, 13) for d in (3, 17)]
    now: datetime | str = utcnow()
    if as_text:
        now = now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    cities = [c for c, _ in MS_CITIES]
    zips = {c: z for c, z in MS_CITIES}

    done = 0
    while done < count:
        n = min(BATCH_SIZE, count - done)
        pid0 = start.profile_id + done
        lid0 = start.license_id + done
        num0 = start.license_number + done
        eno0 = start.educator_number + done
        picks = zip(
            rng.choices(firsts, k=n),
            rng.choices(lasts, k=n),
            rng.choices(births, k=n),
            rng.choices(district_ids, k=n),
            rng.choices(cities, k=n),
            rng.choices(pool, k=n),
            strict=True,
        )
        profiles, licenses, endorsements = [], [], []
        for i, (first, last, born, district, city, lic) in enumerate(picks):
            profiles.append(
                (pid0 + i, None, f"E{eno0 + i:07d}", first[0], "", last[0], first[1], last[1],
                 "", born, "", "", city, "MS", zips[city], district, now, now)
            )  # fmt: skip
            licenses.append((lid0 + i, str(num0 + i), pid0 + i, *lic[:6]))
            endorsements.append((start.endorsement_id + done + i, lid0 + i, *lic[6]))
        done += n
        yield profiles, licenses, endorsements


def bulk_load_licenses(url: str, count: int, seed: int = 1) -> float:
    """Append `count` synthetic licenses (profile + license + one endorsement each).

    Returns the seconds taken. The load is one transaction: all or nothing.
    """
    started = time.perf_counter()
    if count > 0:
        if make_url(url).get_backend_name() == "sqlite":
            _load_sqlite(url, count, seed)
        else:
            _load_postgres(url, count, seed)
    return time.perf_counter() - started


_MAX_LICENSE_SQLITE = (
    "SELECT MAX(CAST(license_number AS INTEGER)) FROM license "
    "WHERE license_number <> '' AND license_number NOT GLOB '*[^0-9]*'"
)
_MAX_EDUCATOR_SQLITE = (
    "SELECT MAX(CAST(substr(educator_number, 2) AS INTEGER)) FROM educator_profile "
    "WHERE educator_number GLOB 'E[0-9]*' AND substr(educator_number, 2) NOT GLOB '*[^0-9]*'"
)
_MAX_LICENSE_PG = (
    "SELECT MAX(license_number::bigint) FROM license WHERE license_number ~ '^[0-9]{1,18}$'"
)
_MAX_EDUCATOR_PG = (
    "SELECT MAX(substr(educator_number, 2)::bigint) FROM educator_profile "
    "WHERE educator_number ~ '^E[0-9]{1,18}$'"
)


def _start(fetch_one: Any, max_license_sql: str, max_educator_sql: str) -> _Start:
    def value(sql: str) -> int:
        return int(fetch_one(sql) or 0)

    return _Start(
        profile_id=value("SELECT MAX(id) FROM educator_profile") + 1,
        license_id=value("SELECT MAX(id) FROM license") + 1,
        endorsement_id=value("SELECT MAX(id) FROM endorsement") + 1,
        license_number=max(value(max_license_sql) + 1, MIN_LICENSE_NUMBER),
        educator_number=max(value(max_educator_sql) + 1, MIN_EDUCATOR_NUMBER),
    )


def _load_sqlite(url: str, count: int, seed: int) -> None:
    path = make_url(url).database
    if not path:
        raise ValueError("The bulk loader needs a SQLite file, not an in-memory database")
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        # The app's durability settings stay (WAL, synchronous=FULL: one fsync at COMMIT);
        # a 1 GiB page cache keeps the index B-trees in memory while they grow.
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA cache_size=-1048576")
        conn.execute("PRAGMA temp_store=MEMORY")
        # IMMEDIATE: other writers wait, so the ids read next stay free until COMMIT.
        conn.execute("BEGIN IMMEDIATE")
        try:
            start = _start(
                lambda sql: conn.execute(sql).fetchone()[0],
                _MAX_LICENSE_SQLITE,
                _MAX_EDUCATOR_SQLITE,
            )
            districts = [r[0] for r in conn.execute("SELECT id FROM district ORDER BY id")]
            # Table and column names are the constants above, never input.
            statements = [
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"  # noqa: S608
                for table, cols in TABLES
            ]
            for rows in _batches(count, seed, start, districts or [None], as_text=True):
                for sql, batch in zip(statements, rows, strict=True):
                    conn.executemany(sql, batch)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        # Give back the space of the large write-ahead log (skipped if readers hold it).
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _load_postgres(url: str, count: int, seed: int) -> None:
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        pg = raw.driver_connection  # psycopg.Connection: COPY is many times faster than INSERT
        with pg.transaction(), pg.cursor() as cur:
            # Readers carry on; other writers of these tables wait until the load commits.
            cur.execute("LOCK TABLE educator_profile, license, endorsement IN EXCLUSIVE MODE")

            def fetch_one(sql: str) -> Any:
                return cur.execute(sql).fetchone()[0]

            start = _start(fetch_one, _MAX_LICENSE_PG, _MAX_EDUCATOR_PG)
            districts = [r[0] for r in cur.execute("SELECT id FROM district ORDER BY id")]
            for rows in _batches(count, seed, start, districts or [None], as_text=False):
                for (table, cols), batch in zip(TABLES, rows, strict=True):
                    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
            # Explicit ids: move each id sequence past them.
            for table, _ in TABLES:
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                cur.execute(f"SELECT setval({sequence}, (SELECT MAX(id) FROM {table}))")  # noqa: S608
    finally:
        raw.close()
        engine.dispose()
