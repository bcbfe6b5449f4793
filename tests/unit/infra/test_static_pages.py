"""Pages are served at their own address (no redirect to a trailing slash) and hashed
assets carry a cache lifetime, through the middleware the app installs."""

from __future__ import annotations

from pathlib import Path

import pytest
from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from licensure_app.infra.static_pages import page_directories, serve_pages_directly


@pytest.fixture
def build(tmp_path: Path) -> Path:
    for page in ("login", "lookup", "admin/educators"):
        (tmp_path / page).mkdir(parents=True)
        (tmp_path / page / "index.html").write_text(f"<h1>{page}</h1>")
    (tmp_path / "index.html").write_text("<h1>home</h1>")
    (tmp_path / "404.html").write_text("<h1>Page not found</h1>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app-3f2a.js").write_text("console.log(1)")
    (tmp_path / "styles.css").write_text("body{}")
    return tmp_path


def _client(build: Path, wrapped: bool) -> TestClient:
    files = Starlette(routes=[Mount("/", app=PrecompressedStaticFiles(directory=build, html=True))])
    app = serve_pages_directly(files, static_dir=lambda: build) if wrapped else files
    return TestClient(app, follow_redirects=False)


def test_the_plain_static_files_redirect_which_is_what_the_middleware_removes(build: Path):
    assert _client(build, wrapped=False).get("/login").status_code == 307


@pytest.mark.parametrize(
    "path,page", [("/login", "login"), ("/admin/educators", "admin/educators")]
)
def test_a_page_is_served_at_its_address_without_a_redirect(build: Path, path: str, page: str):
    response = _client(build, wrapped=True).get(path)
    assert response.status_code == 200
    assert response.text == f"<h1>{page}</h1>"


def test_query_strings_and_unknown_paths_behave_as_before(build: Path):
    client = _client(build, wrapped=True)
    assert client.get("/lookup?q=smith").text == "<h1>lookup</h1>"
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert "Page not found" in missing.text


def test_hashed_assets_are_immutable_and_other_files_are_not(build: Path):
    client = _client(build, wrapped=True)
    asset = client.get("/assets/app-3f2a.js")
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in client.get("/styles.css").headers.get("cache-control", "")
    assert "cache-control" not in client.get("/assets/missing.js").headers


def test_page_directories_lists_the_build_folders_with_a_page(build: Path, tmp_path: Path):
    assert page_directories(build) == {"/login", "/lookup", "/admin/educators"}
    assert page_directories(tmp_path / "absent") == frozenset()
