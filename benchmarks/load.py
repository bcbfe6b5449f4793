"""Load: N simulated users on Reflex's websocket, against the app and a bare counter app.

    python benchmarks/load.py                         # 500 clients, SQLite, one process
    python benchmarks/load.py --clients 100 --duration 20 --ramp 10
    python benchmarks/load.py --db-url postgresql+psycopg://postgres@127.0.0.1:5432/loadtest \\
        --redis-url redis://127.0.0.1:6379/0 --workers 2

1. Prepares a database (default: SQLite in a temporary folder; a --db-url database must be
   empty): migrates it, loads the demo data and one educator account per client, each with
   an active license and four activities, like the demo teacher.
2. Starts the real app as the end-to-end tests do (`reflex run --env prod --single-port`:
   memory state manager and one backend process; with --redis-url, Redis and --workers
   processes), holding the checkout's `.e2e.lock` while it runs.
3. Ramps up --clients websocket clients (python-socketio, all in this one asyncio process),
   each acting as a browser tab: it hydrates the sign-in page, signs in (LoginState.sign_in,
   then trades the ticket for the HttpOnly cookie at /api/session/start and reconnects with
   it, as the browser's navigation does), then repeats a visit: open the tracker (the
   page's on_load event PDState.load, which also checks access), one time in four
   open the form and add an activity (PDState.save_activity), open the look-up and search
   it two to four times (LookupState.search).
4. Does the same against a bare Reflex counter app generated in a temporary folder (one
   state, one increment handler; same Reflex, same state manager and process count),
   each client incrementing.

Pace: every tab sends about one event a second (--interval, SPEC 6), with uniform jitter
(0.5 to 1.5 times), the same for both apps, so both serve about --clients events a second.
Opening a page is one event (on_load_internal): the app runs the page's load handler, with
its access check, inside it (licensure_app/page_load.py), except on the first page after
a connect, where Reflex's three-event chain runs. Slow answers do not slow the pace (the
schedule is kept, as users keep clicking).

A round trip is timed from the emit to the websocket message carrying the delta that
answers it (for a page opened: the delta that ends its on_load chain, is_hydrated true).
Only events started in the --duration window after the ramp-up count for the percentiles;
errors are counted over the whole run: timeouts, disconnects, exceptions, refusals, error
toasts and any frontend event other than the expected ones. Peak memory is the summed RSS
of the server's process tree (the `reflex` supervisor and its workers), sampled by psutil.
Also printed: the server's CPU time per event, the load generator's own CPU use, and how
much of the window some task on this machine waited for a CPU (/proc/pressure/cpu): other
work on the machine shows there, and inflates every percentile.

Target (SPEC 6 Load and issue 18, SQLite and one process, a 2-core machine): p95 <= 25 ms
and no errors at 500 clients, and the app's server CPU per event at most 1.5 times the
counter's (cpu_ratio). The last line printed is the result:
    load clients=N p95_ms=... baseline_p95_ms=... cpu_ms_per_event=...
        baseline_cpu_ms_per_event=... cpu_ratio=... errors=... rss_mb=... baseline_rss_mb=...
With --capacity, each app is run at growing client counts (doubling from 100 up to
--clients, then bisecting to 25) on one server, and the last line is
    capacity app_clients=... baseline_clients=... p95_target_ms=25 max_clients=...
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))  # the e2e harness helpers live under tests/
os.chdir(PROJECT_ROOT)  # Reflex finds rxconfig.py (needed to import the state classes) here
# The benchmark's accounts get a cheap argon2 hash; the server runs with the same setting as
# the end-to-end tests (sign-in happens once per client, during the ramp-up).
os.environ["LICENSURE_ARGON2_FAST"] = "1"

import aiohttp  # noqa: E402
import psutil  # noqa: E402
import socketio  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.harness import Server, app_server, scale_out_env  # noqa: E402
from licensure_app.db import get_engine, read_scope, session_scope  # noqa: E402
from licensure_app.infra import clock, demo, schema  # noqa: E402
from licensure_app.models import Account, EducatorProfile, License  # noqa: E402
from licensure_app.services import accounts  # noqa: E402
from licensure_app.services.accounts.passwords import hash_password  # noqa: E402
from tests.support import (  # noqa: E402
    AppProcess,
    free_port,
    server_environment,
    wait_until_up,
)

NAMESPACE = "/_event"
BENCH_PASSWORD = "load-benchmark-password-2026"
BENCH_EMAIL = "load{:04d}@bench.example"
BENCH_LICENSE_START = 900000
EVENT_TIMEOUT = 10.0  # seconds without an answer: counted as an error
SAVE_SHARE = 0.25  # share of tracker visits that add an activity

# Reflex's root state and the leaf that runs a page's on_load handlers.
ROOT_STATE = "reflex___state____state"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
HYDRATED = "is_hydrated_rx_state_"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# ------------------------------------------------------------------ database


def _license_number(i: int) -> str:
    return str(BENCH_LICENSE_START + i)


def prepare_database(url: str, clients: int) -> list[str]:
    """Migrate, load the demo data and one educator per client; returns their emails."""
    schema.migrate(url)
    with session_scope(url) as session:
        if not demo.database_is_empty(session):
            raise SystemExit(f"refusing: {schema.safe_url(url)} already holds data")
        demo.load_demo_data(session, demo.demo_today())
    today = clock.today()
    password_hash = hash_password(BENCH_PASSWORD)  # argon2, at the fast test cost
    emails = [BENCH_EMAIL.format(i) for i in range(clients)]
    with session_scope(url) as session:
        for i, email in enumerate(emails):
            account = accounts.register_educator(
                session, "Bench", f"Tester {_letters(i)}", email, password_hash
            )
            profile_id = session.scalar(
                select(EducatorProfile.id).where(EducatorProfile.account_id == account.id)
            )
            expires = today + timedelta(days=150 + i % 300)
            valid_from = demo.validity_start(expires, demo.VALIDITY_YEARS)
            session.add(
                License(
                    license_number=_license_number(i),
                    holder_id=profile_id,
                    license_type="Standard",
                    license_class="A",
                    first_issued=valid_from,
                    valid_from=valid_from,
                    expires_on=expires,
                    status="active",
                )
            )
            session.add_all(demo._teacher_activities(profile_id, None, valid_from, today))
    return emails


def _letters(i: int) -> str:
    """0 -> 'Aa', 1 -> 'Ab', ...: names hold letters only."""
    first, rest = divmod(i, 26 * 26)
    second, third = divmod(rest, 26)
    return chr(65 + first % 26) + chr(97 + second) + chr(97 + third)


def sample_searches(url: str, count: int = 300, seed: int = 11) -> list[str]:
    """Look-up queries that find demo licenses: numbers, last-name prefixes, "First Last"."""
    rng = random.Random(seed)
    with read_scope(url) as session:
        rows = session.execute(
            select(License.license_number, EducatorProfile.first_name, EducatorProfile.last_name)
            .join(EducatorProfile, EducatorProfile.id == License.holder_id)
            .where(License.license_number < _license_number(0))
            .order_by(License.id)
            .limit(2000)
        ).all()
    picked = rng.sample(rows, min(count, len(rows)))
    queries = []
    for i, (number, first, last) in enumerate(picked):
        kind = i % 3
        if kind == 0:
            queries.append(number)
        elif kind == 1:
            queries.append(last[: rng.randint(min(3, len(last)), len(last))])
        else:
            queries.append(f"{first} {last[: rng.randint(min(2, len(last)), len(last))]}")
    return queries


def _account_count(url: str) -> int:
    with read_scope(url) as session:
        return session.scalar(select(func.count()).select_from(Account)) or 0


# ------------------------------------------------------------------ servers


COUNTER_RXCONFIG = """\
import os

import reflex as rx

_redis = os.environ.get("REFLEX_REDIS_URL") or None
_port = int(os.environ["PORT"])
config = rx.Config(
    app_name="counter",
    redis_url=_redis,
    state_manager_mode="redis" if _redis else "memory",
    cors_allowed_origins=[f"http://localhost:{_port}", f"http://127.0.0.1:{_port}"],
    telemetry_enabled=False,
    backend_port=_port,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
"""

COUNTER_APP = """\
import reflex as rx


class CounterState(rx.State):
    count: int = 0

    @rx.event
    def increment(self) -> None:
        self.count += 1


def index() -> rx.Component:
    return rx.el.div(
        rx.el.p(CounterState.count),
        rx.el.button("+1", on_click=CounterState.increment),
    )


app = rx.App()
app.add_page(index)
"""


@contextmanager
def counter_server(workdir: Path, redis_url: str | None, workers: int) -> Iterator[Server]:
    """A bare Reflex counter app, generated here and served by the same Reflex backend.

    Only its backend runs (`--backend-only`, the same Granian server and state manager as
    the app's `--single-port`): the clients never load its pages, so it needs no front-end
    build.
    """
    app_dir = workdir / "counter_app"
    (app_dir / "counter").mkdir(parents=True)
    (app_dir / "rxconfig.py").write_text(COUNTER_RXCONFIG)
    (app_dir / "counter" / "__init__.py").write_text("")
    (app_dir / "counter" / "counter.py").write_text(COUNTER_APP)
    port = free_port()
    env = server_environment(port, f"sqlite:///{workdir / 'counter-unused.db'}")
    env.pop("REFLEX_DB_URL")
    scale_out_env(env, redis_url, workers)
    log_path = workdir / "counter-server.log"
    command = [
        str(Path(sys.executable).parent / "reflex"),
        "run",
        "--env",
        "prod",
        "--backend-only",
        "--backend-host",
        "127.0.0.1",
        "--backend-port",
        str(port),
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = AppProcess(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_until_up(server.url, process, log_path, page=None)  # no front end to serve
        yield Server(server.url, process.pid)
    finally:
        server.stop()


class TreeSampler:
    """Peak summed RSS and CPU time of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak_rss = 0
        self._procs: dict[int, psutil.Process] = {}

    def _tree(self) -> list[psutil.Process]:
        found = [self.root, *self.root.children(recursive=True)]
        # Keep Process objects so cpu_times() of each process is read from the same object.
        for p in found:
            self._procs.setdefault(p.pid, p)
        return [self._procs[p.pid] for p in found]

    def sample(self) -> None:
        total = 0
        for p in self._tree():
            with suppress(psutil.Error):
                total += p.memory_info().rss
        self.peak_rss = max(self.peak_rss, total)

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in self._tree():
            try:
                times = p.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    async def run(self, interval: float = 0.5) -> None:
        while True:
            self.sample()
            await asyncio.sleep(interval)


# ------------------------------------------------------------------ clients


@dataclass
class Results:
    """Round trips (ms) of events started inside the measured window, and every error."""

    window: tuple[float, float] = (math.inf, math.inf)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    sent: int = 0  # events emitted
    tokens: list[str] = field(default_factory=list)  # Reflex client tokens of the tabs

    def in_window(self, started: float) -> bool:
        return self.window[0] <= started < self.window[1]

    def error(self, kind: str) -> None:
        self.errors[kind[:160]] += 1

    def all_times(self) -> list[float]:
        return [t for values in self.times.values() for t in values]


Done = Callable[[dict], bool]
Allowed = Callable[[dict], bool]


def _delta_has(state: str) -> Done:
    return lambda update: state in (update.get("delta") or {})


def _hydrated(update: dict) -> bool:
    return (update.get("delta") or {}).get(ROOT_STATE, {}).get(HYDRATED) is True


def _no_events(_event: dict) -> bool:
    return False


class Tab:
    """One simulated browser tab on the websocket: sends events, times their answers."""

    def __init__(self, base: str, http: aiohttp.ClientSession, results: Results) -> None:
        self.base = base
        self.http = http
        self.results = results
        self.token = str(uuid.uuid4())
        results.tokens.append(self.token)
        self.sio: socketio.AsyncClient | None = None
        self._done: Done | None = None
        self._answered: asyncio.Future | None = None
        self._allowed: Allowed = _no_events
        self._allowed_before: Allowed = _no_events
        self.checks: list[Callable[[dict], str | None]] = []
        self.frontend_events: list[dict] = []
        self.closing = False

    async def connect(self, path: str, cookie: str | None = None) -> float:
        """Open the socket with the page's hydrate event (as the browser sends it)."""
        headers = {"Origin": self.base}
        if cookie:
            headers["Cookie"] = cookie
        # (engine.io moves a Cookie passed to connect() into the session's cookie jar, which
        # is shared by every tab here and ignores cookies: send the headers as they are.)
        sio = socketio.AsyncClient(
            reconnection=False,
            http_session=self.http,
            handle_sigint=False,
            websocket_extra_options={"headers": headers},
        )
        sio.on("event", self._on_event, namespace=NAMESPACE)
        sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        self.sio = sio
        boot = {
            "name": f"{ROOT_STATE}.hydrate_and_load",
            "payload": {},
            "router_data": {"pathname": path, "asPath": path},
        }
        started = self._expect(_hydrated, _no_events)
        await sio.connect(
            f"{self.base}?token={self.token}",
            transports=["websocket"],
            namespaces=[NAMESPACE],
            socketio_path=NAMESPACE,
            auth={"event": boot},
            wait_timeout=EVENT_TIMEOUT,
        )
        return await self._wait(started, "hydrate")

    async def close(self) -> None:
        self.closing = True
        if self.sio is not None:
            await self.sio.disconnect()
            self.sio = None
        self.closing = False

    async def call(
        self,
        kind: str,
        name: str,
        path: str,
        payload: dict | None = None,
        done: Done | None = None,
        allowed: Allowed = _no_events,
    ) -> float:
        """Send one event; returns its round trip in ms (NaN after an error)."""
        assert self.sio is not None
        started = self._expect(done or _hydrated, allowed)
        self.results.sent += 1
        await self.sio.emit(
            "event",
            {
                "name": name,
                "payload": payload or {},
                "router_data": {"pathname": path, "asPath": path},
            },
            namespace=NAMESPACE,
        )
        return await self._wait(started, kind)

    def _expect(self, done: Done, allowed: Allowed) -> float:
        # Frontend events may still arrive for the previous event once its delta has come.
        self._done, self._allowed_before, self._allowed = done, self._allowed, allowed
        self._answered = asyncio.get_running_loop().create_future()
        self.frontend_events = []
        return time.perf_counter()

    async def _wait(self, started: float, kind: str) -> float:
        assert self._answered is not None
        try:
            answered = await asyncio.wait_for(self._answered, EVENT_TIMEOUT)
        except TimeoutError:
            self.results.error(f"timeout: {kind}")
            return math.nan
        finally:
            self._done = None
        elapsed = (answered - started) * 1000
        if self.results.in_window(started):
            self.results.times[kind].append(elapsed)
        return elapsed

    async def _on_event(self, update: dict) -> None:
        now = time.perf_counter()
        for event in update.get("events") or ():
            if self._allowed(event) or self._allowed_before(event) or _is_focus_move(event):
                self.frontend_events.append(event)
            else:
                payload = str(event.get("payload", ""))[:100]
                self.results.error(f"unexpected frontend event {event.get('name')}: {payload}")
        delta = update.get("delta") or {}
        for check in self.checks:
            problem = check(delta)
            if problem:
                self.results.error(problem)
        if self._done is not None and self._done(update):
            self._done = None
            if self._answered is not None and not self._answered.done():
                self._answered.set_result(now)

    async def _on_disconnect(self, *_args: Any) -> None:
        if not self.closing:
            self.results.error("disconnected by the server")


@dataclass(frozen=True)
class AppNames:
    """Full Reflex names of the app's states (as the compiled front end sends them)."""

    auth: str
    login: str
    pd: str
    lookup: str


def app_state_names() -> AppNames:
    from licensure_app.states.account_forms import LoginState
    from licensure_app.states.auth import AuthState
    from licensure_app.states.lookup import LookupState
    from licensure_app.states.pd import PDState

    return AppNames(
        AuthState.get_full_name(),
        LoginState.get_full_name(),
        PDState.get_full_name(),
        LookupState.get_full_name(),
    )


# The hand-off script posts the ticket to /api/session/start (see states/auth.py).
_TICKET = re.compile(r'"/api/session/start".*i\.name = "ticket"; i\.value = "([A-Za-z0-9_\-]+)"')


def _is_ticket(event: dict) -> bool:
    return event.get("name") == "_call_script" and bool(
        _TICKET.search(str(event.get("payload", {}).get("javascript_code", "")))
    )


# ui.focus / ui.focus_result: after an action, focus moves to its result once the page has
# re-rendered (keyboard and screen-reader users land on what happened), from any action.
_FOCUS_MOVE = re.compile(
    r"^requestAnimationFrame\(\(\) => requestAnimationFrame\(\(\) => \{ .*"
    r"(window\.licensureFocusResult\(|document\.getElementById\([^)]*\)\?\.focus\(\))"
)


def _is_focus_move(event: dict) -> bool:
    code = str(event.get("payload", {}).get("javascript_code", ""))
    return event.get("name") == "_call_script" and bool(_FOCUS_MOVE.search(code))


def _is_field_fill(event: dict) -> bool:
    """The look-up page clearing its field when opened bare after an earlier search."""
    code = str(event.get("payload", {}).get("javascript_code", ""))
    return event.get("name") == "_call_script" and code.startswith(
        "window.licensureFillUnlessEdited"
    )


def _checks(names: AppNames) -> list[Callable[[dict], str | None]]:
    """What a delta must never say to a signed-in educator doing valid things."""

    def auth(delta: dict) -> str | None:
        values = delta.get(names.auth, {})
        if values.get("user_role_rx_state_") == "":
            return "signed out (no user in a delta)"
        if values.get("page_access_rx_state_") == "denied":
            return "page access denied"
        return None

    def pd(delta: dict) -> str | None:
        errors = delta.get(names.pd, {}).get("errors_rx_state_")
        return f"activity refused: {errors}" if errors else None

    def lookup(delta: dict) -> str | None:
        values = delta.get(names.lookup, {})
        problem = values.get("refusal_rx_state_") or values.get("field_error_rx_state_")
        return f"search refused: {problem}" if problem else None

    return [auth, pd, lookup]


@dataclass
class Plan:
    clients: int
    ramp: float
    settle: float
    duration: float
    interval: float
    seed: int


@dataclass(frozen=True)
class Action:
    """One event a tab emits."""

    kind: str
    name: str
    path: str
    payload: dict | None = None
    done: Done | None = None  # None: the delta that ends a page's on_load chain
    allowed: Allowed = _no_events


async def _paced(
    plan: Plan, rng: random.Random, stop_at: float, tab: Tab, next_action: Callable[[], Action]
) -> None:
    """Emit one action about every plan.interval seconds (uniform jitter), each timed from
    its own start: round trips do not slow the pace."""
    next_at = time.perf_counter()
    while True:
        next_at += plan.interval * rng.uniform(0.5, 1.5)
        if next_at >= stop_at:
            return
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        action = next_action()
        await tab.call(
            action.kind, action.name, action.path, action.payload, action.done, action.allowed
        )


async def app_user(
    names: AppNames,
    emails: Sequence[str],
    searches: Sequence[str],
    i: int,
    plan: Plan,
    base: str,
    http: aiohttp.ClientSession,
    results: Results,
    stop_at: float,
) -> None:
    rng = random.Random(plan.seed * 100_003 + i)
    await asyncio.sleep(plan.ramp * i / plan.clients)
    tab = Tab(base, http, results)
    try:
        # Sign in on /login; the browser then posts the ticket to /api/session/start (same
        # origin only), which sets the HttpOnly cookie and redirects to a page that opens a
        # new socket.
        await tab.connect("/login")
        await tab.call(
            "sign in",
            f"{names.login}.sign_in",
            "/login",
            {"form": {"email": emails[i], "password": BENCH_PASSWORD}},
            done=lambda update: any(_is_ticket(e) for e in update.get("events") or ()),
            allowed=_is_ticket,
        )
        await tab.close()
        scripts = [e["payload"]["javascript_code"] for e in tab.frontend_events]
        found = [m.group(1) for s in scripts if (m := _TICKET.search(s))]
        if not found:
            results.error("sign in: no ticket")
            return
        async with http.post(
            f"{base}/api/session/start",
            data={"ticket": found[0]},
            headers={"Origin": base, "Sec-Fetch-Site": "same-origin"},
            allow_redirects=False,
        ) as response:
            morsel = response.cookies.get(accounts.SESSION_COOKIE)
        if morsel is None:
            results.error(f"sign in: no cookie (HTTP {response.status})")
            return
        await tab.connect("/pd", cookie=f"{accounts.SESSION_COOKIE}={morsel.value}")
        # From here on every delta must show a signed-in educator (the hydrate snapshot
        # above still carries the defaults; a refused page would have sent a redirect).
        tab.checks = _checks(names)

        today = clock.today()
        pd_done, lookup_done = _delta_has(names.pd), _delta_has(names.lookup)
        queue: list[Action] = []

        def visit() -> list[Action]:
            """The tracker (sometimes adding an activity), then a few look-up searches."""
            actions = [Action("open tracker", ON_LOAD, "/pd")]
            if rng.random() < SAVE_SHARE:
                form = {
                    "title": f"Load test workshop {rng.randint(1, 10**6)}",
                    "provider": "Benchmark University",
                    "kind": "ceu",
                    "amount": rng.choice(["0.5", "1", "1.5"]),
                    "completed_on": (today - timedelta(days=rng.randint(1, 300))).isoformat(),
                }
                actions += [
                    Action("open form", f"{names.pd}.open_add_form", "/pd", done=pd_done),
                    Action(
                        "add activity",
                        f"{names.pd}.save_activity",
                        "/pd",
                        {"form": form},
                        done=pd_done,
                    ),
                ]
            actions.append(
                Action(
                    "open look-up",
                    ON_LOAD,
                    "/lookup",
                    allowed=_is_field_fill,
                )
            )
            actions += [
                Action(
                    "search",
                    f"{names.lookup}.search",
                    "/lookup",
                    {"form": {"q": rng.choice(searches)}},
                    done=lookup_done,
                )
                for _ in range(rng.randint(2, 4))
            ]
            return actions

        def next_action() -> Action:
            if not queue:
                queue.extend(visit())
            return queue.pop(0)

        await _paced(plan, rng, stop_at, tab, next_action)
    except Exception as exc:  # noqa: BLE001  (every failure is a counted error)
        results.error(f"{type(exc).__name__}: {exc}")
    finally:
        try:
            await tab.close()
        except Exception as exc:  # noqa: BLE001
            results.error(f"close: {type(exc).__name__}: {exc}")


async def counter_user(
    i: int,
    plan: Plan,
    base: str,
    http: aiohttp.ClientSession,
    results: Results,
    stop_at: float,
) -> None:
    rng = random.Random(plan.seed * 100_003 + i)
    await asyncio.sleep(plan.ramp * i / plan.clients)
    tab = Tab(base, http, results)
    try:
        await tab.connect("/")
        state = f"{ROOT_STATE}.counter___counter____counter_state"
        increment = Action("increment", f"{state}.increment", "/", done=_delta_has(state))
        await _paced(plan, rng, stop_at, tab, lambda: increment)
    except Exception as exc:  # noqa: BLE001
        results.error(f"{type(exc).__name__}: {exc}")
    finally:
        try:
            await tab.close()
        except Exception as exc:  # noqa: BLE001
            results.error(f"close: {type(exc).__name__}: {exc}")


def forget_redis_states(redis_url: str, tokens: Sequence[str]) -> int:
    """Delete the Reflex states the tabs left in Redis (they would expire in an hour)."""
    import redis

    prefixes = set(tokens)
    client = redis.Redis.from_url(redis_url)
    try:
        doomed = [
            key
            for key in client.scan_iter(count=1000)
            if key.decode(errors="replace").partition("_")[0] in prefixes
        ]
        for i in range(0, len(doomed), 500):
            client.delete(*doomed[i : i + 500])
        return len(doomed)
    finally:
        client.close()


def _cpu_stall_seconds() -> float:
    """Seconds some task waited for a CPU since boot (Linux PSI), NaN where unavailable."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return math.nan
    return int(first.rpartition("total=")[2]) / 1e6


@dataclass
class Run:
    label: str
    results: Results
    peak_rss_mb: float
    idle_rss_mb: float
    server_cpu: float  # cores busy in the window (1.0 = one core)
    generator_cpu: float
    events_per_second: float  # emitted by the clients
    server_ms_per_event: float  # server CPU time per event
    cpu_pressure: float  # share of the window in which some task waited for a CPU
    clients: int = 0

    @property
    def tab_kb(self) -> float:
        """What each connected tab added to the server's memory, on average."""
        return (self.peak_rss_mb - self.idle_rss_mb) * 1024 / max(1, self.clients)


async def drive(
    label: str, server: Server, plan: Plan, user: Callable[..., Any], profile: Path | None = None
) -> Run:
    """Ramp up plan.clients users, measure plan.duration seconds, then stop them.

    With `profile`, py-spy samples the server's processes during the window (collapsed
    stacks, one line per stack: `py-spy record --format raw`).
    """
    results = Results()
    sampler = TreeSampler(server.pid)
    sampler.sample()
    idle_rss = sampler.peak_rss  # the started server before any client: what a tab adds
    sampling = asyncio.create_task(sampler.run())
    me = psutil.Process()
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        begin = time.perf_counter()
        window = (begin + plan.ramp + plan.settle, begin + plan.ramp + plan.settle + plan.duration)
        results.window = window
        users = [
            asyncio.create_task(user(i, plan, server.base, http, results, window[1]))
            for i in range(plan.clients)
        ]
        print(
            f"{label}: {plan.clients} clients ramping up over {plan.ramp:.0f} s, "
            f"measuring {plan.duration:.0f} s ...",
            flush=True,
        )
        await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
        cpu0, gen0, sent0 = sampler.cpu_seconds(), me.cpu_times(), results.sent
        stall0 = _cpu_stall_seconds()
        spy = None
        if profile is not None:
            spy = await asyncio.create_subprocess_exec(
                str(Path(sys.executable).parent / "py-spy"),
                *("record", "--pid", str(server.pid), "--subprocesses", "--gil", "--format", "raw"),
                *("--duration", str(int(plan.duration)), "--output", str(profile)),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
        await asyncio.sleep(max(0.0, window[1] - time.perf_counter()))
        cpu1, gen1, sent1 = sampler.cpu_seconds(), me.cpu_times(), results.sent
        stall1 = _cpu_stall_seconds()
        await asyncio.gather(*users)
        if spy is not None:
            await spy.wait()
    sampling.cancel()
    sampler.sample()
    seconds = window[1] - window[0]
    return Run(
        label=label,
        results=results,
        peak_rss_mb=sampler.peak_rss / 2**20,
        idle_rss_mb=idle_rss / 2**20,
        server_cpu=(cpu1 - cpu0) / seconds,
        generator_cpu=((gen1.user + gen1.system) - (gen0.user + gen0.system)) / seconds,
        events_per_second=(sent1 - sent0) / seconds,
        server_ms_per_event=(cpu1 - cpu0) * 1000 / max(1, sent1 - sent0),
        cpu_pressure=(stall1 - stall0) / seconds,
        clients=plan.clients,
    )


def report(run: Run) -> None:
    times = run.results.all_times()
    errors = sum(run.results.errors.values())
    print(
        f"{run.label}: {len(times)} events timed  p50={percentile(times, 50):.1f} ms  "
        f"p95={percentile(times, 95):.1f} ms  p99={percentile(times, 99):.1f} ms  "
        f"max={max(times, default=math.nan):.1f} ms  errors={errors}  "
        f"peak rss={run.peak_rss_mb:.0f} MB (idle {run.idle_rss_mb:.0f} MB: "
        f"{run.tab_kb:.0f} KB a tab)"
    )
    print(
        f"  load: {run.events_per_second:.0f} events/s emitted; server cpu "
        f"{run.server_cpu * 100:.0f}% ({run.server_ms_per_event:.2f} ms an event), "
        f"load generator cpu {run.generator_cpu * 100:.0f}%; "
        f"cpu pressure {run.cpu_pressure * 100:.0f}%"
    )
    for kind, values in sorted(run.results.times.items()):
        print(
            f"  {kind:<13} n={len(values):<6} p50={percentile(values, 50):.1f} ms  "
            f"p95={percentile(values, 95):.1f} ms  p99={percentile(values, 99):.1f} ms"
        )
    for problem, count in run.results.errors.most_common(10):
        print(f"  error x{count}: {problem}")


TARGET_P95_MS = 25.0
MAX_CLIENTS = 1000


def passes(run: Run) -> bool:
    """The SPEC 6 bar for one run: p95 within the target and no errors."""
    times = run.results.all_times()
    return bool(times) and percentile(times, 95) <= TARGET_P95_MS and not run.results.errors


def find_capacity(
    label: str, server: Server, plan: Plan, user: Callable[..., Any], step: int = 25
) -> int:
    """The largest client count (a multiple of `step`, up to plan.clients) whose run passes:
    doubling from 100, then halving the gap. Each probe is a full run on the same server."""
    good, bad, n = 0, plan.clients + step, min(100, plan.clients)
    while bad - good > step:
        probe = Plan(n, max(5.0, plan.ramp * n / plan.clients), *dataclass_tail(plan))
        result = asyncio.run(drive(f"{label} x{n}", server, probe, user))
        report(result)
        if passes(result):
            good = n
        else:
            bad = n
        n = min(plan.clients, n * 2) if bad > plan.clients else (good + bad) // 2
        n = max(step, n - n % step)
        if n in (good, bad):
            break
    print(f"{label}: capacity {good} clients (p95 <= {TARGET_P95_MS:.0f} ms, no errors)")
    return good


def dataclass_tail(plan: Plan) -> tuple[float, float, float, int]:
    return plan.settle, plan.duration, plan.interval, plan.seed


def result_line(clients: int, app_run: Run | None, baseline_run: Run | None) -> str:
    def p95(run: Run | None) -> float:
        return percentile(run.results.all_times(), 95) if run else math.nan

    def cpu(run: Run | None) -> float:
        return run.server_ms_per_event if run else math.nan

    errors = sum(sum(r.results.errors.values()) for r in (app_run, baseline_run) if r)
    ratio = cpu(app_run) / cpu(baseline_run) if baseline_run else math.nan
    return (
        f"load clients={clients} p95_ms={p95(app_run):.1f} "
        f"baseline_p95_ms={p95(baseline_run):.1f} cpu_ms_per_event={cpu(app_run):.2f} "
        f"baseline_cpu_ms_per_event={cpu(baseline_run):.2f} cpu_ratio={ratio:.2f} "
        f"errors={errors} rss_mb={app_run.peak_rss_mb if app_run else math.nan:.0f} "
        f"baseline_rss_mb={baseline_run.peak_rss_mb if baseline_run else math.nan:.0f}"
    )


def run(args: argparse.Namespace) -> int:
    if args.workers > 1 and not args.redis_url:
        print("--workers > 1 needs --redis-url (the memory state manager is per process)")
        return 2
    if not 1 <= args.clients <= MAX_CLIENTS:
        print(f"--clients must be 1 to {MAX_CLIENTS}")
        return 2
    workers = args.workers if args.redis_url else 1
    plan = Plan(args.clients, args.ramp, args.settle, args.duration, args.interval, args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    url = args.db_url or f"sqlite:///{workdir / 'load.db'}"
    ours = False
    app_run = baseline_run = None
    capacities: dict[str, int] = {}
    try:
        schema.migrate(url)
        if _account_count(url):
            print(f"refusing: {schema.safe_url(url)} already holds accounts", file=sys.stderr)
            return 2
        ours = True
        print(f"preparing {schema.safe_url(url)}: demo data and {args.clients} educators ...")
        emails = prepare_database(url, args.clients)
        searches = sample_searches(url)
        get_engine(url).dispose()  # the server opens its own connections
        names = app_state_names()
        where = f"Redis, {workers} workers" if args.redis_url else "memory, 1 process"
        kind = make_url(url).get_backend_name()

        if not args.skip_app:
            print(f"starting the app ({kind}, {where}; compiles the front end) ...", flush=True)
            user = functools.partial(app_user, names, emails, searches)
            with app_server(url, workdir, args.redis_url, workers) as server:
                if args.capacity:
                    capacities["app"] = find_capacity("app", server, plan, user)
                else:
                    app_run = asyncio.run(drive("app", server, plan, user, args.profile))
                    report(app_run)
            if args.redis_url and app_run:
                forget_redis_states(args.redis_url, app_run.results.tokens)

        if not args.skip_baseline:
            print(f"starting the bare counter app ({where}) ...", flush=True)
            with counter_server(workdir, args.redis_url, workers) as server:
                if args.capacity:
                    capacities["baseline"] = find_capacity("baseline", server, plan, counter_user)
                else:
                    baseline_run = asyncio.run(drive("baseline", server, plan, counter_user))
                    report(baseline_run)
            if args.redis_url and baseline_run:
                forget_redis_states(args.redis_url, baseline_run.results.tokens)

        if args.capacity:
            print(
                f"capacity app_clients={capacities.get('app', 'n/a')} "
                f"baseline_clients={capacities.get('baseline', 'n/a')} "
                f"p95_target_ms={TARGET_P95_MS:.0f} max_clients={args.clients}"
            )
        else:
            print(result_line(args.clients, app_run, baseline_run))
        return 0
    finally:
        get_engine(url).dispose()
        if args.db_url and ours and not args.keep:
            schema.downgrade(url, "base")  # leave the database empty, as it was
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500, help=f"1 to {MAX_CLIENTS}")
    parser.add_argument(
        "--capacity",
        action="store_true",
        help="find the most clients (up to --clients) each app serves within the target",
    )
    parser.add_argument("--duration", type=float, default=60, help="measured seconds")
    parser.add_argument("--ramp", type=float, default=30, help="seconds to start all clients")
    parser.add_argument("--settle", type=float, default=5, help="seconds after the ramp-up")
    parser.add_argument(
        "--interval", type=float, default=1.0, help="mean seconds between a tab's events"
    )
    parser.add_argument("--db-url", default=None, help="an empty database (default: SQLite)")
    parser.add_argument("--redis-url", default=None, help="Redis state manager (scale-out)")
    parser.add_argument("--workers", type=int, default=1, help="backend processes (with Redis)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-app", action="store_true")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--profile", type=Path, default=None, help="py-spy the app's window into this file"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and database")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
