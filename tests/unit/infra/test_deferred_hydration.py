"""Prerendered pages start their JavaScript after the first paint (infra/deferred_hydration)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import reflex as rx
from reflex_base.config import get_config

from licensure_app.infra.deferred_hydration import (
    HOLD,
    HOLD_ID,
    DeferHydrationPlugin,
    defer_hydration,
    defer_hydration_in,
)

# The shape of a page from the production build (.web/build/client/login.html), shortened.
ENTRY = (
    'import "/assets/manifest-70950852.js";\n'
    'import * as route0 from "/assets/root-BKHOZGT4.js";\n'
    'import * as route1 from "/assets/_login_._index-CoEvs3qX.js";\n'
    '  window.__reactRouterRouteModules = {"root":route0,"routes/[login]._index":route1};\n\n'
    'import("/assets/entry.client-CCWdYbG9.js");'
)
CONTEXT = '{"basename":"/","routeDiscovery":{"mode":"initial"},"ssr":false,"isSpaMode":%s}'
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>'
    '<link as="style" href="/assets/__reflex_global_styles-DL0PCWmH.css" rel="preload"/>'
    "<title>Sign in · Educator Licensure</title>"
    '<link rel="modulepreload" href="/assets/manifest-70950852.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-CCWdYbG9.js"/>'
    '<link rel="modulepreload" href="/assets/root-BKHOZGT4.js"/>'
    "<script>\nconst theme = localStorage.getItem('theme') || 'light';\n</script>"
    '<script defer="" src="/focus.js"></script><script defer="" src="/menu.js"></script>'
    '<link href="/assets/__reflex_global_styles-DL0PCWmH.css" rel="stylesheet" type="text/css"/>'
    '</head><body><main id="main-content"><h1>Sign in</h1><p>Welcome back.</p></main>'
    '<script>((storageKey, restoreKey) => {})("react-router-scroll-positions", null)</script>'
    "<script>window.__reactRouterContext = " + CONTEXT % "false" + ";</script>"
    '<script type="module" async="">' + ENTRY + "</script>"
    '<!--$?--><template id="B:0"></template><!--/$-->'
    '<script id="_R_">requestAnimationFrame(function(){$RT=performance.now()});</script>'
    '<div hidden id="S:0"><script>window.__reactRouterContext.streamController.close();</script>'
    '</div><script>$RC("B:0","S:0")</script></body></html>'
)
SPA_SHELL = PAGE.replace(CONTEXT % "false", CONTEXT % "true").replace(
    "<h1>Sign in</h1><p>Welcome back.</p>", ""
)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def started_module(html: str) -> str:
    """The module code the starter script inserts (decoded from its string literal)."""
    literal = re.search(r"s\.textContent=(\".*?\");document", html, re.DOTALL)
    assert literal is not None
    return json.loads(literal.group(1).replace("<\\/", "</"))


def test_the_module_preloads_go_and_the_stylesheet_stays() -> None:
    deferred = defer_hydration(PAGE)
    assert "modulepreload" not in deferred
    assert 'href="/assets/__reflex_global_styles-DL0PCWmH.css" rel="preload"/>' in deferred
    assert 'rel="stylesheet"' in deferred
    assert "<h1>Sign in</h1><p>Welcome back.</p>" in deferred


def test_the_hydration_entry_is_started_unchanged_after_the_first_paint() -> None:
    deferred = defer_hydration(PAGE)
    assert '<script type="module"' not in deferred
    assert started_module(deferred) == ENTRY
    assert "requestAnimationFrame(function(){setTimeout(start,0)})" in deferred
    # A hidden tab never paints: there it starts at once.
    assert "if(document.visibilityState==='hidden')start();" in deferred


def test_every_other_script_is_kept_in_its_place() -> None:
    before = SCRIPT_TAG.findall(PAGE)
    after = SCRIPT_TAG.findall(defer_hydration(PAGE))
    # The module's place now holds two: the submit hold, then the starter.
    module = next(i for i, tag in enumerate(before) if tag.startswith('<script type="module"'))
    assert after[:module] == before[:module]
    assert after[module].startswith(f'<script id="{HOLD_ID}">')
    assert after[module + 1].startswith("<script>(function(){function start(){")
    assert after[module + 2 :] == before[module + 1 :]


def test_a_closing_tag_in_the_module_cannot_end_the_starter_script() -> None:
    page = PAGE.replace(ENTRY, ENTRY + '\nconst tag = "</b>";')
    deferred = defer_hydration(page)
    starter = deferred[deferred.index("<script>(function(){function start(){") :]
    assert "</" not in starter[: starter.index("</script>")]
    assert started_module(deferred).endswith('const tag = "</b>";')


def test_it_is_idempotent() -> None:
    once = defer_hydration(PAGE)
    assert defer_hydration(once) == once


def test_spa_shells_get_only_the_submit_hold_and_other_files_are_left_alone() -> None:
    shell = defer_hydration(SPA_SHELL)
    assert shell == SPA_SHELL.replace("</head>", HOLD + "</head>")
    assert defer_hydration(shell) == shell
    not_a_page = "<!DOCTYPE html><html><body><p>Maintenance</p></body></html>"
    assert defer_hydration(not_a_page) == not_a_page
    assert defer_hydration("") == ""


def test_the_build_is_rewritten_in_place(tmp_path: Path) -> None:
    (tmp_path / "login").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "login.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "login" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "__spa-fallback.html").write_text(SPA_SHELL, encoding="utf-8")
    script = tmp_path / "assets" / "root-BKHOZGT4.js"
    script.write_text(PAGE, encoding="utf-8")  # not an .html file: never touched

    assert defer_hydration_in(tmp_path) == 3
    assert (tmp_path / "login.html").read_text(encoding="utf-8") == defer_hydration(PAGE)
    assert (tmp_path / "login" / "index.html").read_text(encoding="utf-8") == defer_hydration(PAGE)
    shell = (tmp_path / "__spa-fallback.html").read_text(encoding="utf-8")
    assert shell == defer_hydration(SPA_SHELL)
    assert script.read_text(encoding="utf-8") == PAGE
    assert defer_hydration_in(tmp_path) == 0


def test_every_production_build_applies_it() -> None:
    # Reflex calls post_build after `npm run export`, before writing the .gz copies.
    assert any(isinstance(plugin, DeferHydrationPlugin) for plugin in get_config().plugins)


def test_a_form_sent_before_the_page_has_loaded_is_held_never_sent_by_the_browser() -> None:
    """The painted form has no handler until React listens: the browser's own submit would
    put its fields (a password) in the address bar. And the page's on_load handlers, run
    after it, would undo it. The submit is held and sent again once React handles the form
    and the shell names this page as loaded (tests/e2e/test_accounts_e2e.py drives both in
    Chromium)."""
    for page in (defer_hydration(PAGE), defer_hydration(SPA_SHELL)):
        assert page.count(HOLD) == 1
    assert "document.addEventListener('submit'" in HOLD
    assert "e.preventDefault();e.stopImmediatePropagation()" in HOLD
    assert "__reactProps" in HOLD and "requestSubmit" in HOLD
    assert "getAttribute('data-loaded-path')===location.pathname" in HOLD


def test_the_shell_names_the_page_only_once_it_has_loaded() -> None:
    from licensure_app.components.layout import shell

    rendered = str(shell(rx.text("Body"), protected=False).render())
    assert "data-loaded-path" in rendered
    assert "is_hydrated_rx_state_" in rendered and "rx_router_url_rx_state_" in rendered
