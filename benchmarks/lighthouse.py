"""Lighthouse (mobile preset) on the public pages of the production build (issue 18 #5).

    python benchmarks/lighthouse.py                 # the five pages, Lighthouse 13
    python benchmarks/lighthouse.py --pages / /login

Installs Lighthouse from npm into a scratch folder (cached in var/lighthouse), starts the
real app (`reflex run --env prod --single-port`, as `make run` serves it) on a migrated
database with the demo data, runs Lighthouse in headless Chromium (/usr/bin/chromium) on
each page and prints one line per page:
    lighthouse page=/login performance=0.93 accessibility=1.00 lcp_ms=... tbt_ms=...
Figures vary with the machine's load: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.harness import app_server  # noqa: E402
from tests.support import prepare_database, server_environment  # noqa: E402

PAGES = ("/", "/login", "/lookup", "/register", "/lookup/100200")
LIGHTHOUSE = "lighthouse@13"
CACHE = PROJECT_ROOT / "var" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def lighthouse_cli() -> Path:
    """Lighthouse's CLI, installed once into var/lighthouse with the virtualenv's npm."""
    cli = CACHE / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"installing {LIGHTHOUSE} into {CACHE} ...", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), LIGHTHOUSE],
            check=True,
            capture_output=True,
        )
    return cli


def audit_page(cli: Path, url: str, out: Path) -> dict:
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    return json.loads(out.read_text())


def summary(page: str, report: dict) -> str:
    categories, audits = report["categories"], report["audits"]
    return (
        f"lighthouse page={page} "
        f"performance={categories['performance']['score']:.2f} "
        f"accessibility={categories['accessibility']['score']:.2f} "
        f"lcp_ms={audits['largest-contentful-paint']['numericValue']:.0f} "
        f"tbt_ms={audits['total-blocking-time']['numericValue']:.0f}"
    )


def run(args: argparse.Namespace) -> int:
    cli = lighthouse_cli()
    workdir = Path(tempfile.mkdtemp(prefix="lighthouse-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    try:
        prepare_database(url, {**server_environment(0, url), "LICENSURE_DEMO": "1"})
        with app_server(url, workdir) as server:
            for page in args.pages:
                report = audit_page(cli, server.base + page, workdir / "report.json")
                print(summary(page, report), flush=True)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
