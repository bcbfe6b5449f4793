"""When a page's on_load runs inside the navigation's event, and when Reflex's chain runs it.

The shortcut itself is driven end to end in tests/e2e/test_navigation_e2e.py.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from licensure_app import routes as app_routes
from licensure_app.infra import reflex_fixes
from licensure_app.infra.reflex_fixes import page_load


class _App:
    def __init__(self) -> None:
        self.middlewares: list[Any] = []

    def add_middleware(self, middleware: Any) -> None:
        self.middlewares.append(middleware)


def test_installs_on_the_reflex_it_was_written_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reflex_fixes, "version", lambda _name: reflex_fixes.PATCHED_REFLEX_VERSION)
    app = _App()
    assert reflex_fixes.install(app) is True  # type: ignore[arg-type]
    assert [type(m) for m in app.middlewares] == [page_load.InlinePageLoad]


def test_another_reflex_keeps_its_own_chain(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(reflex_fixes, "version", lambda _name: "0.11.0")
    installed: list[str] = []
    monkeypatch.setattr(reflex_fixes.redis_locks, "install", lambda: installed.append("redis"))
    app = _App()
    assert reflex_fixes.install(app) is False  # type: ignore[arg-type]
    assert app.middlewares == []
    assert installed == []  # neither work-around on a Reflex it was not written for
    assert "written for Reflex 0.10.1, running 0.11.0" in caplog.text


def _registered(fn: Any, background: bool = False) -> Any:
    return SimpleNamespace(handler=SimpleNamespace(fn=fn, is_background=background))


def test_only_plain_handlers_run_inline() -> None:
    def plain(self: Any) -> None: ...

    async def coroutine(self: Any) -> None: ...

    def generator(self: Any):  # noqa: ANN202
        yield

    async def async_generator(self: Any):  # noqa: ANN202
        yield

    assert page_load._runs_inline(_registered(plain))
    assert page_load._runs_inline(_registered(coroutine))
    # Handlers that stream several updates, or run in the background, keep Reflex's chain.
    assert not page_load._runs_inline(_registered(generator))
    assert not page_load._runs_inline(_registered(async_generator))
    assert not page_load._runs_inline(_registered(coroutine, background=True))


def test_every_page_load_of_the_app_runs_inline() -> None:
    """A page whose on_load would fall back to the chain loses the shortcut silently."""
    from reflex_base.registry import RegistrationContext

    import licensure_app.pages  # noqa: F401  (registers every page)

    loads = {
        kwargs["route"]: kwargs.get("on_load") or []
        for _, kwargs in RegistrationContext.ensure_context().decorated_pages
    }
    assert set(loads) >= {app_routes.PD, app_routes.LOOKUP, app_routes.LICENSES}
    for route, handlers in loads.items():
        assert handlers, route
        for handler in handlers:
            assert page_load._runs_inline(_registered(handler.fn, handler.is_background)), route
