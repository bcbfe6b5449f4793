"""End-to-end harness: one real production server per test session, driven in Chromium.

The server is `reflex run --env prod` on a free port against a temporary, migrated
SQLite database with the demo data, exactly what `make run` serves.

With LICENSURE_E2E_SCALE_OUT=1 (`make test-scale-out`) the same suite runs on the scale-out
path instead: a throwaway PostgreSQL database made from LICENSURE_TEST_POSTGRES_URL (dropped
afterwards), Reflex's Redis state manager on LICENSURE_TEST_REDIS_URL (its own database
number, flushed before and after), and two backend worker processes (GRANIAN_WORKERS=2).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from licensure_app.infra import demo
from tests.e2e.applicants import Db
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    NEW_PASSWORD,
    SmtpSink,
    free_port,
    front_end_lock,
    prepare_database,
    redis_database,
    scale_out_urls,
    server_environment,
    start_app,
    throwaway_postgres,
)


@dataclass(frozen=True)
class LiveServer:
    url: str
    db_url: str
    log_path: Path


# ---------------------------------------------------------------- the scale-out path

SCALE_OUT = os.environ.get("LICENSURE_E2E_SCALE_OUT") == "1"
SCALE_OUT_WORKERS = os.environ.get("LICENSURE_E2E_WORKERS", "2")
# Redis database numbers the end-to-end runs own on the test server (flushed before and
# after use; the rest of the server is left alone): the scale-out suite, the failover test.
SUITE_REDIS_DB = 13
FAILOVER_REDIS_DB = 14


@pytest.fixture(scope="session")
def _front_end_lock() -> Iterator[None]:
    with front_end_lock():
        yield


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
def smtp_sink() -> Iterator[SmtpSink]:
    """The real SMTP server the app under test delivers its mail to."""
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, _front_end_lock: None, smtp_sink: SmtpSink
) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("server")
    with _scale_out_database(workdir) as (db_url, redis_url):
        port = free_port()
        env = server_environment(port, db_url)
        env["LICENSURE_UPLOADS_DIR"] = str(workdir / "uploads")
        env.update(smtp_sink.environment())
        env["LICENSURE_MAIL_FIRST_RETRY_SECONDS"] = "1"
        if redis_url:
            env["REFLEX_REDIS_URL"] = redis_url
            env["GRANIAN_WORKERS"] = SCALE_OUT_WORKERS
        prepare_database(db_url, env)
        app = start_app(port, env, workdir / "server.log")
        _SERVER_LOGS.append(app.log_path)
        try:
            yield LiveServer(url=app.url, db_url=db_url, log_path=app.log_path)
        finally:
            app.stop()


# The server's log, whose end a failing test's report shows: CI keeps only the output.
_SERVER_LOGS: list[Path] = []
SERVER_LOG_LINES = 40


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if report.failed and _SERVER_LOGS and _SERVER_LOGS[-1].exists():
        lines = _SERVER_LOGS[-1].read_text(encoding="utf-8", errors="replace").splitlines()
        report.sections.append(("server log (end)", "\n".join(lines[-SERVER_LOG_LINES:])))
    return report


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


# The last 30-second step whose code the suite used, per demo account: a code is accepted
# once, so a second sign-in in the same step waits for the next one instead of sending a
# used (or a not-yet-valid) code, which the server counts against the account.
_LAST_STEP: dict[str, int] = {}


def _next_code(page: Page, email: str) -> str:
    if not email.endswith("demo.example"):
        # Other approvers: the demo server shows the code it may use.
        return page.get_by_test_id("demo-code").inner_text()
    step = int(time.time() // 30)
    if _LAST_STEP.get(email, -1) >= step:
        time.sleep(30 - time.time() % 30 + 0.5)
        step = int(time.time() // 30)
    _LAST_STEP[email] = step
    return pyotp.TOTP(demo.DEMO_TOTP_SECRET).at(step * 30)


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD, attempts: int = 3) -> None:
    """Sign in from /login at any width: below 768 px "Sign out" is in the DOM but behind
    the header's Menu button, so being signed in is read from its presence, not visibility."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in = page.get_by_role("button", name="Sign out", include_hidden=True)
    code_field = page.get_by_label("One-time code")
    signed_in.or_(code_field.filter(visible=True)).first.wait_for(state="attached")
    if code_field.is_visible():
        code_field.fill(_next_code(page, email))
        page.get_by_role("button", name="Verify").click()
        refused = page.get_by_role("alert").filter(visible=True)
        signed_in.or_(refused).first.wait_for(state="attached")
        if signed_in.count() == 0 and attempts > 1:
            # A code is accepted once: the same demo account signed in several times within
            # one 30-second step used up the codes the server accepts now. Sign in again
            # once the next step has begun.
            time.sleep(30 - time.time() % 30 + 0.5)
            sign_in(page, email, password, attempts - 1)
            return
    signed_in.wait_for(state="attached")


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


def open_menu(page: Page) -> None:
    """Below 768 px the header's links are behind the Menu button: open it (if shown)."""
    menu = page.get_by_role("button", name="Menu", exact=True)
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()


def sign_out(page: Page) -> None:
    """Sign out and wait for the fresh sign-in page (sign-out reloads the tab)."""
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login/?$"))
    page.get_by_role("button", name="Sign in").wait_for()


@pytest.fixture
def db(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Db]:
    # Evidence written here must land where the server reads it.
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(live_server.log_path.parent / "uploads"))
    helper = Db(live_server.db_url)
    yield helper
    helper.engine.dispose()
