"""Helpers shared by the tests and the benchmarks: the real server, its database, Chromium.

The end-to-end fixtures (`tests/e2e/conftest.py`) and `benchmarks/` start the app the same
way through these, so there is one way to run `reflex run --env prod` against a scratch
database.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar

from licensure_app.settings import PROJECT_ROOT

T = TypeVar("T")

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


def free_port() -> int:
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
        # The tests register many accounts from one address within the hour.
        LICENSURE_REGISTRATIONS_PER_HOUR="1000",
        # Every test signs in from 127.0.0.1, some failing on purpose.
        LICENSURE_SIGN_IN_FAILURES_PER_ADDRESS="1000",
    )
    env.pop("REFLEX_REDIS_URL", None)
    return env


@contextmanager
def front_end_lock() -> Iterator[None]:
    """One server build at a time per checkout: each start compiles the shared .web folder."""
    with open(PROJECT_ROOT / ".e2e.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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


# ---------------------------------------------------------------- a real SMTP server


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free local port that keeps what it accepts.

    `refuse_next(n, code)` answers the next `n` messages with `code` (451: try again
    later; 550: refused for good), as a busy or strict relay would.
    """

    def __init__(self) -> None:
        import threading

        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        self.refused = 0
        self._refusals: list[str] = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def refuse_next(self, count: int, code: int = 451) -> None:
        reply = f"{code} Try again later" if code < 500 else f"{code} Mailbox unavailable"
        with self._lock:
            self._refusals = [reply] * count

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        from email import message_from_bytes
        from email.policy import default

        with self._lock:
            if self._refusals:
                self.refused += 1
                return self._refusals.pop()
            message = message_from_bytes(envelope.content, policy=default)
            self.messages.append(message)  # type: ignore[arg-type]
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, to: str, subject_part: str = "", timeout: float = 20) -> EmailMessage:
        """The first message to `to` whose subject contains `subject_part`, waiting for it."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for message in self.messages:
                    if message["To"] == to and subject_part in str(message["Subject"]):
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    subjects = [(m["To"], m["Subject"]) for m in self.messages]
                    raise AssertionError(f"no mail to {to} about {subject_part!r}: {subjects}")
                self._arrived.wait(left)

    def environment(self) -> dict[str, str]:
        """The app's settings for delivering through this server."""
        return {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(self.port),
            "SMTP_STARTTLS": "0",
            "SMTP_FROM": "licensure@state.example",
        }


def eventually(read: Callable[[], T], timeout: float = 10.0) -> T:
    """`read()` once it returns something truthy (polling), else fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value or time.monotonic() > deadline:
            assert value, f"still {value!r} after {timeout} s"
            return value
        time.sleep(0.1)
