"""Reports speed: every chart report (/admin/reports) over 1,000,000 licenses and 100,000
applications.

    python benchmarks/reports.py                                          # full size, SQLite
    python benchmarks/reports.py --licenses 200000 --applications 20000  # a smaller run

Migrates an empty SQLite database in a temporary folder, bulk-loads synthetic licenses
(infra/synthetic.py) and applications with their transitions (infra/synthetic_applications.py,
first submitted over the last 400 days, most decided), then times what the page's load does:
services.state_office.report_charts.chart_reports for every district (365-day period, the
largest), --repeat times, and once for one district. Target: under 1 s. The last line:
    reports licenses=N applications=M median_ms=... district_median_ms=...
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from sqlmodel import select  # noqa: E402

from licensure_app.db import read_scope, session_scope  # noqa: E402
from licensure_app.infra import schema, synthetic, synthetic_applications  # noqa: E402
from licensure_app.models import District  # noqa: E402
from licensure_app.models._base import utcnow  # noqa: E402
from licensure_app.services.state_office import report_charts as charts  # noqa: E402


def _districts(url: str, count: int) -> list[int]:
    """Districts for the synthetic educators to work in (a fresh database has none); the
    state has about 140."""
    with session_scope(url) as session:
        if not session.exec(select(District)).first():
            session.add_all(
                [District(code=f"{i:04d}", name=f"District {i:03d}") for i in range(1, count + 1)]
            )
            session.commit()
        return [d.id or 0 for d in session.exec(select(District))]


def _time(url: str, repeat: int, period: int, district_ids: set[int] | None) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        with read_scope(url) as session:
            reports = charts.chart_reports(session, utcnow(), period, district_ids)
        timings.append((time.perf_counter() - started) * 1000)
    assert len(reports.weekly) == charts.WEEKS
    return timings


def run(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="reports-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    try:
        schema.migrate(url)
        districts = _districts(url, args.districts)
        print(f"loading {args.licenses:,} licenses ...", flush=True)
        print(f"loaded in {synthetic.bulk_load_licenses(url, args.licenses):.0f} s", flush=True)
        print(f"loading {args.applications:,} applications ...", flush=True)
        seconds = synthetic_applications.bulk_load_applications(url, args.applications)
        print(f"loaded in {seconds:.0f} s", flush=True)
        everywhere = _time(url, args.repeat, 365, None)
        one = _time(url, args.repeat, 365, {districts[0]})
        median, district_median = statistics.median(everywhere), statistics.median(one)
        print(f"runs (every district): {', '.join(f'{t:.0f} ms' for t in everywhere)}")
        print(f"runs (one district): {', '.join(f'{t:.0f} ms' for t in one)}")
        print(
            f"reports licenses={args.licenses} applications={args.applications} "
            f"districts={args.districts} "
            f"median_ms={median:.0f} district_median_ms={district_median:.0f}"
        )
        return 0 if median < 1000 else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--licenses", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
