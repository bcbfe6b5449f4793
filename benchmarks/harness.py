"""Starting and stopping the real app for the benchmarks, as the end-to-end tests do."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from licensure_app.settings import PROJECT_ROOT
from tests.e2e.conftest import _free_port, _wait_until_up, server_environment

# Every benchmark client comes from 127.0.0.1: the look-up's per-address limit (30 a minute)
# would refuse them; a huge limit keeps the limiter's code in the measured path.
UNLIMITED_LOOKUPS = "100000000"


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT (an allowed origin)
    pid: int  # the `reflex run` supervisor; its children are the workers


@contextmanager
def front_end_lock() -> Iterator[None]:
    """The e2e harness's lock: one server build at a time in this checkout's .web folder."""
    with open(PROJECT_ROOT / ".e2e.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def scale_out_env(env: dict[str, str], redis_url: str | None, workers: int) -> None:
    """Redis and `workers` backend processes with a Redis URL; else memory and one process."""
    env.pop("REFLEX_REDIS_URL", None)
    env.pop("GRANIAN_WORKERS", None)
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
        env["GRANIAN_WORKERS"] = str(workers)


def stop(process: subprocess.Popen) -> None:
    """Stop a server started in its own process group (SIGKILL if it ignores SIGTERM)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def app_server(
    url: str, workdir: Path, redis_url: str | None = None, workers: int = 1
) -> Iterator[Server]:
    """The real app (`reflex run --env prod --single-port`) on a free port against `url`."""
    port = _free_port()
    env = server_environment(port, url)
    scale_out_env(env, redis_url, workers)
    env["LICENSURE_LOOKUP_PER_MINUTE"] = UNLIMITED_LOOKUPS
    env["LICENSURE_UPLOADS_DIR"] = str(workdir / "uploads")
    log_path = workdir / "app-server.log"
    command = [
        str(Path(sys.executable).parent / "reflex"),
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
        "--backend-host",
        "127.0.0.1",
    ]
    with front_end_lock(), log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_up(f"http://127.0.0.1:{port}", process, log_path)
            yield Server(f"http://127.0.0.1:{port}", process.pid)
        finally:
            stop(process)
