"""End-to-end harness: one real production server per test session, driven in Chromium.

The server is `reflex run --env prod` on a free port against a temporary, migrated
SQLite database with the demo data, exactly what `make run` serves.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from licensure_app.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "demo-licensure-2026"
SERVER_START_TIMEOUT = 600  # the first build installs the front end's npm packages


@dataclass(frozen=True)
class LiveServer:
    url: str
    db_url: str
    log_path: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    with urllib.request.urlopen(f"{url}/login", timeout=5) as page:  # noqa: S310
                        if page.status == 200:
                            return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server did not start:\n{log_path.read_text()[-4000:]}")


def server_environment(port: int, db_url: str) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = dict(os.environ)
    env.update(
        PATH=f"{venv_bin}:{env.get('PATH', '')}",
        PORT=str(port),
        REFLEX_DB_URL=db_url,
        REFLEX_USE_NPM="1",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        LICENSURE_DEMO="1",
        LICENSURE_ARGON2_FAST="1",
    )
    env.pop("REFLEX_REDIS_URL", None)
    return env


@pytest.fixture(scope="session")
def _front_end_lock() -> Iterator[None]:
    """One end-to-end session at a time per checkout: each run compiles the shared .web folder."""
    with open(PROJECT_ROOT / ".e2e.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, _front_end_lock: None
) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("server")
    db_url = f"sqlite:///{workdir / 'e2e.db'}"
    port = _free_port()
    env = server_environment(port, db_url)
    env["LICENSURE_UPLOADS_DIR"] = str(workdir / "uploads")
    python = sys.executable
    for command in (["migrate"], ["load-demo"]):
        subprocess.run(
            [python, "-m", "licensure_app.cli", *command, "--db-url", db_url],
            cwd=PROJECT_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    log_path = workdir / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            str(Path(python).parent / "reflex"),
            "run",
            "--env",
            "prod",
            "--single-port",
            "--frontend-port",
            str(port),
            "--backend-port",
            str(port),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_until_up(url, process, log_path)
        yield LiveServer(url=url, db_url=db_url, log_path=log_path)
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(15_000)
    return page


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Fail on any serious or critical axe-core violation on the page as it is now."""
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in bad
    )


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in = page.get_by_role("button", name="Sign out")
    code_field = page.get_by_label("One-time code")
    signed_in.or_(code_field).first.wait_for()
    if code_field.is_visible():
        # Approvers and state staff: the demo server shows the demo account's current code.
        code_field.fill(page.get_by_test_id("demo-code").inner_text())
        page.get_by_role("button", name="Verify").click()
    signed_in.wait_for()


def sign_out(page: Page) -> None:
    """Sign out and wait for the fresh sign-in page (sign-out reloads the tab)."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?$"))
    page.get_by_role("button", name="Sign in").wait_for()
