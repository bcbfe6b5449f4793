"""Starting and stopping the real app for the benchmarks, as the end-to-end tests do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import free_port, front_end_lock, server_environment, start_app

# Every benchmark client comes from 127.0.0.1: the look-up's per-address limit (30 a minute)
# would refuse them; a huge limit keeps the limiter's code in the measured path.
UNLIMITED_LOOKUPS = "100000000"


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT (an allowed origin)
    pid: int  # the `reflex run` supervisor; its children are the workers


def scale_out_env(env: dict[str, str], redis_url: str | None, workers: int) -> None:
    """Redis and `workers` backend processes with a Redis URL; else memory and one process."""
    env.pop("REFLEX_REDIS_URL", None)
    env.pop("GRANIAN_WORKERS", None)
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
        env["GRANIAN_WORKERS"] = str(workers)


@contextmanager
def app_server(
    url: str, workdir: Path, redis_url: str | None = None, workers: int = 1
) -> Iterator[Server]:
    """The real app (`reflex run --env prod --single-port`) on a free port against `url`."""
    port = free_port()
    env = server_environment(port, url)
    scale_out_env(env, redis_url, workers)
    env["LICENSURE_LOOKUP_PER_MINUTE"] = UNLIMITED_LOOKUPS
    env["LICENSURE_UPLOADS_DIR"] = str(workdir / "uploads")
    with front_end_lock():
        app = start_app(port, env, workdir / "app-server.log")
        try:
            # The server listens on every interface; 127.0.0.1 is one of its allowed origins.
            yield Server(f"http://127.0.0.1:{port}", app.process.pid)
        finally:
            app.stop()
