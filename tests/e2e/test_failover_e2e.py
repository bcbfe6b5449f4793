"""Failover (SPEC §6 Scale-out): two app processes on one PostgreSQL database and one Redis.

The demo teacher signs in and fills half the wizard through process A; A is killed; the
same browser carries on through process B without signing in again and without losing the
draft, and submits it. Sessions and drafts live in the database, Reflex state in Redis, so
nothing the user needs died with A.

Each process compiles the front end into its own copy of `.web`: Reflex bakes the backend's
port into the compiled page (`.web/env.json`), so two processes on two ports cannot share
one build. Behind a reverse proxy (deploy/nginx.conf) there is one public origin and one
build; here the two origins differ only by port, so the session cookie (per host, not per
port) is sent to both, while Reflex's per-tab client token (sessionStorage, per origin) is
not: opening B's URL starts a new Reflex client, as a reconnect after a crash does.
"""

from __future__ import annotations

import re
import shutil
import signal
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import Account, Application, AuthSession
from licensure_app.settings import PROJECT_ROOT
from tests.support import (
    free_port,
    prepare_database,
    redis_database,
    scale_out_urls,
    server_environment,
    start_app,
    throwaway_postgres,
)

from .conftest import FAILOVER_REDIS_DB, LiveServer, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

TEACHER = "teacher@magnolia.demo.example"
EDUCATION = "Bachelor's degree or higher"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _private_web_dir(destination: Path) -> Path:
    """A copy of the project's `.web` (installed packages included, build left out)."""
    source = PROJECT_ROOT / ".web"
    if not (source / "node_modules").is_dir():
        raise RuntimeError(f"{source} has no installed front end; the live server builds it")
    shutil.copytree(
        source,
        destination,
        symlinks=True,
        ignore=lambda folder, _names: ["build"] if Path(folder) == source else [],
    )
    return destination


def _answers_ping(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _step(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.locator("li[aria-current='step']")).to_contain_text(name)


def _teacher_sessions(db_url: str) -> list[AuthSession]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as db:
            teacher = db.exec(select(Account).where(Account.email == TEACHER)).one()
            return list(
                db.exec(select(AuthSession).where(AuthSession.account_id == teacher.id)).all()
            )
    finally:
        engine.dispose()


def _substitute_applications(db_url: str) -> list[Application]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as db:
            return list(
                db.exec(select(Application).where(Application.app_type == "substitute")).all()
            )
    finally:
        engine.dispose()


def test_killing_a_process_neither_signs_out_nor_loses_the_draft(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    # live_server: the suite's own server; depending on it guarantees `.web` is installed
    # (and holds the lock that keeps other runs from rebuilding it while it is copied).
    del live_server
    urls = scale_out_urls()
    if urls is None:
        pytest.skip(
            "failover needs PostgreSQL and Redis shared by two app processes: set "
            "LICENSURE_TEST_POSTGRES_URL and LICENSURE_TEST_REDIS_URL (see .ci/run)"
        )
    postgres, redis = urls

    with ExitStack() as stack:
        db_url = stack.enter_context(throwaway_postgres(postgres, "licensure_failover"))
        redis_url = stack.enter_context(redis_database(redis, FAILOVER_REDIS_DB))
        port_a, port_b = free_port(), free_port()
        origins = f"http://localhost:{port_a},http://localhost:{port_b}"

        def environment(port: int, web_dir: Path) -> dict[str, str]:
            env = server_environment(port, db_url)
            env.update(
                REFLEX_REDIS_URL=redis_url,
                REFLEX_WEB_WORKDIR=str(web_dir),
                GRANIAN_WORKERS="1",  # two processes, one worker each
                APP_ORIGINS=origins,
                LICENSURE_UPLOADS_DIR=str(tmp_path / "uploads"),  # shared, as on a file server
            )
            return env

        env_a = environment(port_a, _private_web_dir(tmp_path / "web-a"))
        env_b = environment(port_b, _private_web_dir(tmp_path / "web-b"))
        prepare_database(db_url, env_a)
        # One after the other: both compile (each in its own folder) and the machine is small.
        app_a = start_app(port_a, env_a, tmp_path / "a.log")
        stack.callback(app_a.stop)
        app_b = start_app(port_b, env_b, tmp_path / "b.log")
        stack.callback(app_b.stop)
        assert _answers_ping(app_a.url) and _answers_ping(app_b.url)

        context = browser.new_context(base_url=app_a.url)
        stack.callback(context.close)
        page = context.new_page()
        page.set_default_timeout(15_000)

        # Through A: sign in and fill half the wizard (a draft is saved on every step).
        sign_in(page, TEACHER)
        page.goto(f"{app_a.url}/apply")
        page.get_by_label("Application type").select_option(label="Substitute license")
        page.get_by_role("button", name="Next").click()
        _step(page, "Eligibility")
        page.get_by_role("button", name="Next").click()
        _step(page, "Questions")
        page.get_by_label("Highest education completed").select_option(EDUCATION)
        page.get_by_role("button", name="Next").click()
        _step(page, "Attachments")
        [draft] = _substitute_applications(db_url)
        assert draft.status == "draft"
        assert f'"education": "{EDUCATION}"' in (draft.answers_json or "")

        # Kill A (the whole process group, no clean shut-down).
        app_a.stop(signal.SIGKILL)
        assert not app_a.alive() and not _answers_ping(app_a.url)
        assert _answers_ping(app_b.url)

        # Killing A did not sign the user out: the session is in the database, untouched.
        now = datetime.now(UTC)
        live = [s for s in _teacher_sessions(db_url) if s.revoked_at is None and s.expires_at > now]
        assert len(live) == 1

        # Through B, same browser: no sign-in, the draft is offered and holds the answer.
        page.goto(f"{app_b.url}/apply")
        expect(page.get_by_role("heading", name="Continue where you left off")).to_be_visible()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page).to_have_url(re.compile(re.escape(app_b.url) + r"/apply/?$"))
        page.get_by_role("link", name="Substitute license", exact=True).click()
        _step(page, "Attachments")
        page.get_by_role("button", name="Back").click()
        _step(page, "Questions")
        expect(page.get_by_label("Highest education completed")).to_have_value(EDUCATION)
        page.get_by_role("button", name="Next").click()
        _step(page, "Attachments")
        page.get_by_label("Attachment").set_input_files(
            files=[{"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        expect(page.get_by_text("diploma.pdf")).to_be_visible()
        page.get_by_role("button", name="Next").click()
        _step(page, "Review")
        expect(page.get_by_text(EDUCATION, exact=True)).to_be_visible()
        page.get_by_role("button", name="Next").click()
        _step(page, "Declaration")
        page.locator("#conduct_convicted-no").check()
        page.locator("#conduct_disciplined-no").check()
        page.get_by_label("I swear that the information").check()
        page.get_by_role("button", name="Submit application").click()
        expect(page).to_have_url(re.compile(re.escape(app_b.url) + r"/applications"))
        expect(page.get_by_text("Application submitted.")).to_be_visible()

        # The draft begun on A is the application submitted on B (not a second one).
        [submitted] = _substitute_applications(db_url)
        assert submitted.id == draft.id
        assert submitted.status == "submitted"
        assert f'"education": "{EDUCATION}"' in (submitted.answers_json or "")
        # Still the one sign-in session, still live.
        now = datetime.now(UTC)
        sessions = _teacher_sessions(db_url)
        assert len(sessions) == 1
        assert sessions[0].revoked_at is None and sessions[0].expires_at > now
