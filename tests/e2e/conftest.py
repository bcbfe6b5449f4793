"""End-to-end harness: one real production server per test session, driven in Chromium.

The server is `reflex run --env prod` on a free port against a temporary, migrated
SQLite database with the demo data, exactly what `make run` serves.

With LICENSURE_E2E_SCALE_OUT=1 (`make test-scale-out`) the same suite runs on the scale-out
path instead: a throwaway PostgreSQL database made from LICENSURE_TEST_POSTGRES_URL (dropped
afterwards), Reflex's Redis state manager on LICENSURE_TEST_REDIS_URL (its own database
number, flushed before and after), and two backend worker processes (GRANIAN_WORKERS=2).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
# A password the sign-up rules accept, for accounts the tests register.
NEW_PASSWORD = "a long and quiet harbour at dawn"
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


def wait_until_up(
    url: str, process: subprocess.Popen, log_path: Path, page: str | None = "/login"
) -> None:
    """Until the backend answers /ping and, unless `page` is None, serves that page."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    if page is None:
                        return
                    with urllib.request.urlopen(f"{url}{page}", timeout=5) as served:  # noqa: S310
                        if served.status == 200:
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


# ---------------------------------------------------------------- the scale-out path

SCALE_OUT = os.environ.get("LICENSURE_E2E_SCALE_OUT") == "1"
SCALE_OUT_WORKERS = os.environ.get("LICENSURE_E2E_WORKERS", "2")
# Redis database numbers the end-to-end runs own on the test server (flushed before and
# after use; the rest of the server is left alone): the scale-out suite, the failover test.
SUITE_REDIS_DB = 13
FAILOVER_REDIS_DB = 14


def scale_out_urls() -> tuple[str, str] | None:
    """(PostgreSQL URL, Redis URL) of the test servers, or None when either is not set."""
    postgres = os.environ.get("LICENSURE_TEST_POSTGRES_URL")
    redis = os.environ.get("LICENSURE_TEST_REDIS_URL")
    return (postgres, redis) if postgres and redis else None


def redis_url_for(base_url: str, db_number: int) -> str:
    """`base_url` pointed at Redis database `db_number`."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{db_number}"))


@contextmanager
def redis_database(base_url: str, db_number: int) -> Iterator[str]:
    """A Redis database of our own: emptied before and after (FLUSHDB of that number only)."""
    import redis

    url = redis_url_for(base_url, db_number)
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
        yield url
    finally:
        client.flushdb()
        client.close()


@contextmanager
def throwaway_postgres(base_url: str, prefix: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the server of `base_url`, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ---------------------------------------------------------------- app processes


def prepare_database(db_url: str, env: dict[str, str]) -> None:
    """Migrate the database and load the demo data, as `make run` does."""
    for command in (["migrate"], ["load-demo"]):
        subprocess.run(
            [sys.executable, "-m", "licensure_app.cli", *command, "--db-url", db_url],
            cwd=PROJECT_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


@dataclass
class AppProcess:
    """One `reflex run --env prod --single-port` process group (the server and its workers)."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Send `sig` to the whole group, wait for the server; no worker outlives it."""
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)


def start_app(port: int, env: dict[str, str], log_path: Path) -> AppProcess:
    """Start the production server on `port` with `env` and wait until it serves pages."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "reflex"),
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
    app = AppProcess(url=f"http://localhost:{port}", process=process, log_path=log_path)
    try:
        wait_until_up(app.url, process, log_path)
    except BaseException:
        app.stop()
        raise
    return app


@contextmanager
def _scale_out_database(workdir: Path) -> Iterator[tuple[str, str | None]]:
    """(database URL, Redis URL) for the suite: SQLite and no Redis unless scaling out."""
    if not SCALE_OUT:
        yield f"sqlite:///{workdir / 'e2e.db'}", None
        return
    urls = scale_out_urls()
    if urls is None:
        raise pytest.UsageError(
            "LICENSURE_E2E_SCALE_OUT=1 needs LICENSURE_TEST_POSTGRES_URL and "
            "LICENSURE_TEST_REDIS_URL (see .ci/run)"
        )
    postgres, redis = urls
    with (
        throwaway_postgres(postgres, "licensure_e2e") as db_url,
        redis_database(redis, SUITE_REDIS_DB) as redis_url,
    ):
        yield db_url, redis_url


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, _front_end_lock: None
) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("server")
    with _scale_out_database(workdir) as (db_url, redis_url):
        port = _free_port()
        env = server_environment(port, db_url)
        env["LICENSURE_UPLOADS_DIR"] = str(workdir / "uploads")
        if redis_url:
            env["REFLEX_REDIS_URL"] = redis_url
            env["GRANIAN_WORKERS"] = SCALE_OUT_WORKERS
        prepare_database(db_url, env)
        app = start_app(port, env, workdir / "server.log")
        try:
            yield LiveServer(url=app.url, db_url=db_url, log_path=app.log_path)
        finally:
            app.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


# The root state's flag that Reflex sets once a page's on_load handlers have all run.
HYDRATED = '"is_hydrated_rx_state_":true'
PAGE_LOAD_WAIT_SECONDS = 10.0


def wait_for_page_loads(page: Page) -> None:
    """Make page.goto and page.reload return only once the page's on_load events have run.

    A test that types before then races the page's own loading (a field re-mounted with
    its saved value, results cleared by on_load): a race that a slower server, such as
    the scale-out path, loses. Non-Reflex responses (files) and pages that never finish
    loading return as before after at most PAGE_LOAD_WAIT_SECONDS; the test decides.
    """
    generation = [0]
    hydrated = [-1]

    def watch(socket) -> None:  # noqa: ANN001
        born = generation[0]

        def frame(payload: str | bytes) -> None:
            if isinstance(payload, str) and HYDRATED in payload:
                hydrated[0] = max(hydrated[0], born)

        socket.on("framereceived", frame)

    page.on("websocket", watch)

    def waiting(navigate):  # noqa: ANN001, ANN202
        def navigate_and_wait(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            generation[0] += 1
            mine = generation[0]
            response = navigate(*args, **kwargs)
            if response is not None and "text/html" in response.headers.get("content-type", ""):
                deadline = time.monotonic() + PAGE_LOAD_WAIT_SECONDS
                while hydrated[0] < mine and time.monotonic() < deadline:
                    page.wait_for_timeout(25)
            return response

        return navigate_and_wait

    page.goto = waiting(page.goto)  # type: ignore[method-assign]
    page.reload = waiting(page.reload)  # type: ignore[method-assign]


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(15_000)
    wait_for_page_loads(page)
    return page


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Fail on any serious or critical axe-core violation on the page as it is now."""
    # Settle open/close animations first: a dialog fading in has too little contrast for
    # axe in the middle of its fade, which the user never reads.
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)"
        ".map((a) => a.finished.catch(() => null)))"
    )
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


def register(
    page: Page,
    email: str,
    first: str,
    last: str,
    password: str = NEW_PASSWORD,
    *,
    check_accessible: bool = False,
) -> None:
    """Fill in and send the registration form; the caller checks where it lands."""
    page.goto("/register")
    if check_accessible:
        assert_accessible(page)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_role("button", name="Create account").click()


def sign_out(page: Page) -> None:
    """Sign out and wait for the fresh sign-in page (sign-out reloads the tab)."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?$"))
    page.get_by_role("button", name="Sign in").wait_for()
