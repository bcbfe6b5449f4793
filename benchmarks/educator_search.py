"""State staff's "Search educators" against a million licenses (issue 15 #3).

    python benchmarks/educator_search.py                    # 1,000,000 licenses, SQLite
    python benchmarks/educator_search.py --licenses 100000  # a smaller run

Migrates an empty SQLite database in a temporary folder, bulk-loads synthetic licenses
(infra/synthetic.py), then times services.state_office.search_educators for --queries
queries of each kind drawn from the data: "Last, First", a last-name prefix, a license
number and an educator ID. The last line is the result:
    educator_search licenses=N queries=Q median_ms=... p95_ms=... worst_kind=...
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from sqlalchemy import func, select  # noqa: E402

from licensure_app.db import read_scope  # noqa: E402
from licensure_app.infra import schema, synthetic  # noqa: E402
from licensure_app.models import EducatorProfile, License  # noqa: E402
from licensure_app.services.state_office import search_educators  # noqa: E402


def sample_queries(url: str, count: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    with read_scope(url) as session:
        low, high = session.execute(select(func.min(License.id), func.max(License.id))).one()
        rows = [
            session.execute(
                select(
                    License.license_number,
                    EducatorProfile.educator_number,
                    EducatorProfile.first_name,
                    EducatorProfile.last_name,
                )
                .join(EducatorProfile, EducatorProfile.id == License.holder_id)
                .where(License.id >= rng.randint(low, high))
                .limit(1)
            ).one()
            for _ in range(count)
        ]
    return {
        "last, first": [f"{last}, {first}" for _, _, first, last in rows],
        "last-name prefix": [last[:4] for _, _, _, last in rows],
        "license number": [number for number, _, _, _ in rows],
        "educator ID": [educator for _, educator, _, _ in rows],
    }


def run(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="educator-search-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    try:
        schema.migrate(url)
        print(f"loading {args.licenses:,} licenses ...", flush=True)
        print(f"loaded in {synthetic.bulk_load_licenses(url, args.licenses):.0f} s", flush=True)
        queries = sample_queries(url, args.queries)
        timings: dict[str, list[float]] = {}
        with read_scope(url) as session:
            for kind, texts in queries.items():
                for text in texts:
                    started = time.perf_counter()
                    hits = search_educators(session, text)
                    timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
                    assert hits, f"{kind} {text!r} found nobody"
        every = sorted(t for ts in timings.values() for t in ts)
        for kind, ts in timings.items():
            print(f"{kind:>18}: median {statistics.median(ts):.1f} ms, worst {max(ts):.1f} ms")
        worst_kind = max(timings, key=lambda k: statistics.median(timings[k]))
        p95 = every[int(len(every) * 0.95) - 1]
        print(
            f"educator_search licenses={args.licenses} queries={len(every)} "
            f"median_ms={statistics.median(every):.1f} p95_ms={p95:.1f} worst_kind={worst_kind!r}"
        )
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--licenses", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
