"""Bulk verification speed: a 10,000-row CSV checked against a million licenses.

    python benchmarks/bulk_verification.py                    # 1,000,000 licenses, SQLite
    python benchmarks/bulk_verification.py --licenses 100000  # a smaller run

Migrates an empty SQLite database in a temporary folder, bulk-loads synthetic licenses
(infra/synthetic.py), builds a CSV of --rows random license numbers with names (one in ten
deliberately wrong, one in fifty a number that does not exist), then times what the upload
handler does (states/bulk_verification.py): parse, verify against the database, write the
result CSV. Target (issue 16): 10,000 rows in under 10 s. The last line is the result:
    bulk_verification licenses=N rows=R seconds=... rows_per_second=... mismatches=M
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from sqlalchemy import func, select  # noqa: E402

from licensure_app.db import read_connection, read_scope  # noqa: E402
from licensure_app.infra import schema, synthetic  # noqa: E402
from licensure_app.models import EducatorProfile, License  # noqa: E402
from licensure_app.services.lookup import bulk_verification as bulk  # noqa: E402


def sample_csv(url: str, rows: int, seed: int = 5) -> bytes:
    rng = random.Random(seed)
    with read_scope(url) as session:
        low, high = session.execute(select(func.min(License.id), func.max(License.id))).one()
        ids = [rng.randint(low, high) for _ in range(rows)]
        found = {
            r.id: r
            for r in session.execute(
                select(
                    License.id,
                    License.license_number,
                    EducatorProfile.first_name,
                    EducatorProfile.last_name,
                )
                .join(EducatorProfile, EducatorProfile.id == License.holder_id)
                .where(License.id.in_(set(ids)))
            )
        }
    lines = ["License number,Name"]
    for i, lid in enumerate(ids):
        r = found[lid]
        number = "9" * 12 if i % 50 == 0 else r.license_number
        name = "Pat Nobody" if i % 10 == 0 else f"{r.first_name} {r.last_name}"
        lines.append(f"{number},{name}")
    return ("\n".join(lines) + "\n").encode()


def run(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bulk-verify-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    try:
        schema.migrate(url)
        print(f"loading {args.licenses:,} licenses ...", flush=True)
        print(f"loaded in {synthetic.bulk_load_licenses(url, args.licenses):.0f} s", flush=True)
        data = sample_csv(url, args.rows)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            requests = bulk.parse(data)
            with read_connection(url) as reader:
                results = bulk.verify(reader, requests)
            output = bulk.results_csv(results)
            timings.append(time.perf_counter() - started)
        assert output.count("\n") == args.rows + 1
        mismatches = sum(r.name_matches == "no" for r in results)
        best, worst = min(timings), max(timings)
        print(f"runs: {', '.join(f'{t:.2f} s' for t in timings)} (worst {worst:.2f} s)")
        print(
            f"bulk_verification licenses={args.licenses} rows={args.rows} seconds={worst:.2f} "
            f"rows_per_second={args.rows / best:.0f} mismatches={mismatches}"
        )
        return 0 if worst < 10 else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--licenses", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
