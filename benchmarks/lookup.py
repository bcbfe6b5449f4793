"""Public look-up speed at a million licenses: the service layer, then the real app in Chromium.

    python benchmarks/lookup.py                       # 1,000,000 licenses, temporary SQLite
    python benchmarks/lookup.py --licenses 100000     # a smaller run
    python benchmarks/lookup.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/test

1. Migrates an empty database (default: SQLite in a temporary folder) and bulk-loads
   synthetic licenses (services.synthetic).
2. Times --queries mixed searches (license numbers, last-name prefixes, "Last, First",
   "First Last", all built from names that exist) through the function the page calls:
   `lookup.search_licenses` inside a `read_scope` session, as states/lookup.py does.
3. Starts the real app on that database (`reflex run --env prod --single-port`, as the
   end-to-end tests do) and times --browser-searches searches in Chromium, from clicking
   Search to the results being in the page (measured inside the page).

A --db-url database must be empty (no licenses); it is downgraded to base afterwards, so
it is left empty again (--keep to skip that). Targets (SPEC 6, SQLite, this 2-core machine):
service p95 <= 5 ms, browser p95 <= 100 ms. The last line printed is the result:
    lookup licenses=N p50_ms=... p95_ms=... p99_ms=... browser_p95_ms=...
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))  # the e2e harness helpers live under tests/

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.harness import app_server  # noqa: E402
from licensure_app.db import get_engine, read_scope  # noqa: E402
from licensure_app.infra import schema, synthetic  # noqa: E402
from licensure_app.models import EducatorProfile, License  # noqa: E402
from licensure_app.services import lookup  # noqa: E402
from tests.support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

KINDS = ("number", "last prefix", "Last, First", "First Last")


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _prefix(rng: random.Random, word: str, shortest: int) -> str:
    return word[: rng.randint(min(shortest, len(word)), len(word))]


def sample_queries(url: str, count: int, seed: int = 7) -> list[Query]:
    """`count` searches, a quarter of each kind, built from random licenses that exist."""
    rng = random.Random(seed)
    with read_scope(url) as session:
        low, high = session.execute(select(func.min(License.id), func.max(License.id))).one()
        ids = sorted({rng.randint(low, high) for _ in range(count * 2)})
        rows = session.execute(
            select(License.license_number, EducatorProfile.first_name, EducatorProfile.last_name)
            .join(EducatorProfile, EducatorProfile.id == License.holder_id)
            .where(License.id.in_(ids))
        ).all()
    rng.shuffle(rows)
    queries: list[Query] = []
    for i in range(count):
        number, first, last = rows[i % len(rows)]
        kind = KINDS[i % len(KINDS)]
        if kind == "number":
            q = number
        elif kind == "last prefix":
            q = _prefix(rng, last, 2)
        elif kind == "Last, First":
            q = f"{_prefix(rng, last, 3)}, {_prefix(rng, first, 1)}"
        else:
            q = f"{_prefix(rng, first, 2)} {_prefix(rng, last, 2)}"
        if lookup.query_problem(q) is None:
            queries.append(Query(kind, q))
    return queries


def time_service(url: str, queries: Sequence[Query]) -> tuple[list[float], dict[str, list[float]]]:
    """Milliseconds per search, as the page runs it (a read session per search)."""
    for q in queries[:100]:  # warm the connection pool, statement caches and page cache
        with read_scope(url) as session:
            lookup.search_licenses(session, q.text)
    times: list[float] = []
    by_kind: dict[str, list[float]] = {k: [] for k in KINDS}
    empty = 0
    for q in queries:
        started = time.perf_counter()
        with read_scope(url) as session:
            page = lookup.search_licenses(session, q.text)
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        by_kind[q.kind].append(elapsed)
        empty += not page.rows
    if empty:
        print(f"warning: {empty} searches found nothing (every query names a real license)")
    return times, by_kind


# Clicks Search and resolves with the milliseconds until the results table for `q` is in the
# page (a MutationObserver fires in the same task as React's commit, before the next paint).
_TIMED_SEARCH = """
(q) => new Promise((resolve) => {
  const main = document.querySelector("main");
  const shown = () => {
    const caption = main.querySelector("table caption");
    return caption !== null && caption.textContent.includes("\\u201c" + q + "\\u201d");
  };
  let started = 0;
  const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 10000);
  const observer = new MutationObserver(() => {
    if (shown()) {
      const elapsed = performance.now() - started;
      observer.disconnect();
      clearTimeout(timer);
      resolve(elapsed);
    }
  });
  observer.observe(main, { subtree: true, childList: true, characterData: true });
  started = performance.now();
  main.querySelector("form button[type=submit]").click();
})
"""


def time_browser(base: str, queries: Sequence[Query], searches: int) -> list[float]:
    """Milliseconds from clicking Search to the results in the page, per search."""
    from playwright.sync_api import sync_playwright

    # Consecutive searches must differ, or the previous results would already match.
    picked: list[Query] = []
    for q in queries:
        if not picked or q.text.strip() != picked[-1].text.strip():
            picked.append(q)
    warmup, measured = picked[:5], picked[5 : 5 + searches]
    times: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{base}/lookup")
        field = page.get_by_label("Name or license number")
        for i, q in enumerate([*warmup, *measured]):
            field.fill(q.text)
            elapsed = page.evaluate(_TIMED_SEARCH, q.text.strip())
            if elapsed < 0:
                raise RuntimeError(f"no results shown for {q.text!r}")
            if i >= len(warmup):
                times.append(elapsed)
        browser.close()
    return times


def _license_count(url: str) -> int:
    with read_scope(url) as session:
        return session.scalar(select(func.count()).select_from(License)) or 0


def run(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="lookup-bench-"))
    url = args.db_url or f"sqlite:///{workdir / 'lookup.db'}"
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    ours = False  # True once the database is known to hold only what this run loads
    try:
        schema.migrate(url)
        if _license_count(url):
            print(f"refusing: {schema.safe_url(url)} already holds licenses", file=sys.stderr)
            return 2
        ours = True
        print(f"loading {args.licenses:,} licenses into {schema.safe_url(url)} ...", flush=True)
        seconds = synthetic.bulk_load_licenses(url, args.licenses)
        print(f"loaded in {seconds:.1f} s", flush=True)
        if not is_sqlite:
            # What autovacuum does soon after a real bulk load: planner statistics and the
            # visibility map (index-only scans). SQLite is left as the app leaves it.
            with get_engine(url).connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.execute(text("VACUUM ANALYZE"))

        queries = sample_queries(url, args.queries)
        times, by_kind = time_service(url, queries)
        p50, p95, p99 = (percentile(times, p) for p in (50, 95, 99))
        print(
            f"service: {len(times)} searches  p50={p50:.2f} ms  p95={p95:.2f} ms  p99={p99:.2f} ms"
        )
        for kind, values in by_kind.items():
            if values:
                print(
                    f"  {kind:<12} n={len(values):<4} p50={percentile(values, 50):.2f} ms  "
                    f"p95={percentile(values, 95):.2f} ms  max={max(values):.2f} ms"
                )
        get_engine(url).dispose()  # the server opens its own connections

        browser_p95 = float("nan")
        if args.browser_searches > 0:
            print("starting the app (compiles the front end) ...", flush=True)
            with app_server(url, workdir) as server:
                browser = time_browser(
                    server.base, queries[len(queries) // 2 :], args.browser_searches
                )
            browser_p95 = percentile(browser, 95)
            print(
                f"browser: {len(browser)} searches  p50={percentile(browser, 50):.1f} ms  "
                f"p95={browser_p95:.1f} ms  max={max(browser):.1f} ms"
            )
        print(
            f"lookup licenses={args.licenses} p50_ms={p50:.2f} p95_ms={p95:.2f} "
            f"p99_ms={p99:.2f} browser_p95_ms={browser_p95:.1f}"
        )
        return 0
    finally:
        get_engine(url).dispose()
        if args.db_url and ours and not args.keep:
            schema.downgrade(url, "base")  # leave the database empty, as it was
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--licenses", type=int, default=1_000_000)
    parser.add_argument("--db-url", default=None, help="an empty database (default: SQLite)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--browser-searches", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="do not downgrade --db-url after")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
