"""Prerendered pages paint before their JavaScript is fetched (issue 18 #5).

The production build prerenders every page with its content, so a page could paint as soon
as its HTML and stylesheet arrive. But React Router's `<Scripts/>` puts a
`<link rel="modulepreload">` for every module of the page in the `<head>` and starts the
hydration entry (an inline `<script type="module">`) as soon as it is parsed: on a slow
phone connection about 300 KB of JavaScript then shares the bandwidth with the stylesheet
and the page stays blank for seconds (Lighthouse's mobile profile: first paint 3.4 s).

`defer_hydration` rewrites such a page: the preloads go, and the hydration entry, unchanged,
is started by a small classic script after the first paint (`requestAnimationFrame`, then a
task), or at once in a hidden tab, which never paints. The page is the same, and, as
before, it becomes interactive once that JavaScript has arrived and run.

Until then, and until the page's on_load handlers have run, a form's submit is held and
sent once the page is ready (`HOLD`, on every page). SPA-mode shells (`"isSpaMode":true`:
`__spa-fallback.html` and its copy `404.html`) have nothing to paint before their JavaScript
renders them, so they get only the hold; anything that is not a page is left as it is.
`DeferHydrationPlugin` applies the rewrite to the build's HTML
after every production build (`reflex run --env prod`, `reflex export`, hence
`make deploy-frontend` for nginx), before Reflex writes the precompressed `.gz` copies, so
both servers serve the rewritten pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from reflex_base.plugins.base import Plugin

MODULE_PRELOAD = re.compile(r'<link rel="modulepreload"[^>]*>')
HYDRATION_ENTRY = re.compile(
    r'<script type="module"[^>]*>((?:(?!</script>).)*?entry\.client(?:(?!</script>).)*)</script>',
    re.DOTALL,
)
SPA_MODE = '"isSpaMode":true'

# Holds a form's submit until the page is ready for it, then sends it again. Ready means
# React handles the form (it then carries `__reactProps…`): before that the browser's own
# submit would put the fields (a password) in the address bar. And, on pages in the shell,
# that the page's on_load handlers have run (the shell's `data-loaded-path` names this
# page): a submit sent before them is undone by them (sign-in's `clear` would empty the
# form). After 15 s of waiting for the second, a form React handles is sent anyway.
HOLD_ID = "licensure-submit-hold"
HOLD = (
    f'<script id="{HOLD_ID}">(function(){{var held=null,since=0;'
    "function handled(f){return Object.keys(f).some(function(k){"
    "return k.indexOf('__reactProps')===0})}"
    "function ready(f){if(!handled(f))return false;"
    "var m=document.querySelector('[data-loaded-path]');"
    "return !m||m.getAttribute('data-loaded-path')===location.pathname"
    "||(held!==null&&Date.now()-since>15000)}"
    "document.addEventListener('submit',function(e){if(ready(e.target))return;"
    "e.preventDefault();e.stopImmediatePropagation();"
    "if(!held)since=Date.now();held=[e.target,e.submitter];setTimeout(replay,50)},true);"
    "function replay(){if(!held)return;var f=held[0],b=held[1];"
    "if(!f.isConnected){held=null;return}"
    "if(!ready(f)){setTimeout(replay,50);return}held=null;"
    "f.requestSubmit(b&&b.isConnected&&b.form===f?b:undefined)}})()</script>"
)
# Runs the original module after the first paint; a hidden tab never paints, so at once.
STARTER = (
    "<script>(function(){{function start(){{var s=document.createElement('script');"
    "s.type='module';s.textContent={code};document.body.appendChild(s)}}"
    "if(document.visibilityState==='hidden')start();"
    "else requestAnimationFrame(function(){{setTimeout(start,0)}})}})()</script>"
)


def defer_hydration(html: str) -> str:
    """The page with its module preloads removed and its hydration started after paint.

    Every page gets the submit hold; an SPA-mode shell only that. Anything else (a page
    already rewritten, not a page) is returned unchanged, so applying it twice is the same
    as once.
    """
    entries = HYDRATION_ENTRY.findall(html)
    if len(entries) != 1 or HOLD_ID in html:
        return html
    if SPA_MODE in html:
        # Nothing to paint before the JavaScript renders it: only the hold, before it runs.
        return html.replace("</head>", HOLD + "</head>", 1)
    # In a string literal inside <script>, "</" could end the script: write "<\\/".
    code = json.dumps(entries[0]).replace("</", "<\\/")
    starter = HOLD + STARTER.format(code=code)
    html = HYDRATION_ENTRY.sub(lambda _match: starter, html, count=1)
    return MODULE_PRELOAD.sub("", html)


def defer_hydration_in(static_dir: Path) -> int:
    """Rewrite every `.html` file under `static_dir` in place; how many changed."""
    changed = 0
    for page in sorted(static_dir.rglob("*.html")):
        original = page.read_text(encoding="utf-8")
        rewritten = defer_hydration(original)
        if rewritten != original:
            page.write_text(rewritten, encoding="utf-8")
            changed += 1
    return changed


class DeferHydrationPlugin(Plugin):
    """Reflex plugin: `defer_hydration_in` the build output after each production build."""

    def post_build(self, **context) -> None:
        defer_hydration_in(Path(context["static_dir"]))
