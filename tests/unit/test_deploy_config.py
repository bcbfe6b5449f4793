"""deploy/nginx.conf: repeats the app's security headers exactly, and nginx accepts it."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from licensure_app import api
from licensure_app.settings import PROJECT_ROOT

NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx.conf"
UNPACKED_NGINX = PROJECT_ROOT / ".venv" / "nginx"
PUBLIC = "https://licensure.example.gov"


def _app_headers(monkeypatch: pytest.MonkeyPatch, path: str = "/") -> dict[str, str]:
    """The headers the app adds to its responses for `path` when served at PUBLIC."""
    monkeypatch.setenv("APP_ORIGINS", PUBLIC)
    monkeypatch.setenv("APP_BASE_URL", PUBLIC)
    sent: list[dict] = []

    async def inner(scope, receive, send):  # noqa: ANN001, ANN202
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def send(message):  # noqa: ANN001, ANN202
        sent.append(message)

    asyncio.run(api.security_headers(inner)({"type": "http", "path": path}, None, send))
    return {k.decode().lower(): v.decode() for k, v in sent[0]["headers"]}


def _map_value(text: str, variable: str, uri: str) -> str:
    """What nginx's `map $uri $variable { ... }` gives for `uri` (regex lines, then default)."""
    block = re.search(r"map \$uri \$" + variable + r" \{(.*?)\}", text, re.S)
    assert block, f"no map for ${variable}"
    default = ""
    for key, value in re.findall(r'^\s*(\S+)\s+"([^"]*)";', block.group(1), re.M):
        if key == "default":
            default = value
        elif key.startswith("~") and re.search(key[1:], uri):
            return value
    return default


def _nginx_headers(uri: str = "/") -> dict[str, str]:
    """The security headers nginx sends for `uri`, its map variables filled in."""
    text = NGINX_CONF.read_text()
    return {
        name.lower(): re.sub(r"\$(licensure_\w+)", lambda m: _map_value(text, m[1], uri), value)
        for name, value in re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.M)
    }


@pytest.mark.parametrize("uri", ["/", "/login", "/api/session/start", "/api/evidence/7"])
def test_nginx_serves_the_apps_security_headers(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    app = _app_headers(monkeypatch, uri)
    nginx = _nginx_headers(uri)
    assert app, "the app sets no security headers?"
    for name, value in app.items():
        assert nginx.get(name) == value, f"{name} differs between the app and deploy/nginx.conf"
    # ...and hides the app's copy on what it proxies, so each header is sent once.
    hidden = set(re.findall(r"proxy_hide_header\s+(\S+);", NGINX_CONF.read_text()))
    assert {h.lower() for h in hidden} == set(app)


def test_nginx_conf_shape() -> None:
    text = NGINX_CONF.read_text()
    upstream = re.search(r"upstream licensure_app \{(.*?)\}", text, re.S)
    assert upstream and len(re.findall(r"^\s*server\s", upstream.group(1), re.M)) >= 2
    websocket = re.search(r"location /_event \{(.*?)\}", text, re.S)
    assert websocket
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket.group(1)
    assert "proxy_set_header Connection $connection_upgrade;" in websocket.group(1)
    # No stickiness: state is in Redis.
    assert not re.search(r"^\s*(ip_hash|sticky|hash )", text, re.M)


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    unpacked = UNPACKED_NGINX / "usr" / "sbin" / "nginx"  # `make nginx`, run by `make test`
    nginx = shutil.which("nginx") or next(
        (str(p) for p in (Path("/usr/sbin/nginx"), unpacked) if p.exists()), None
    )
    if nginx is None or shutil.which("openssl") is None:
        pytest.skip("nginx (make nginx) or openssl is not installed")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=licensure.example.gov",
            "-keyout",
            str(tmp_path / "privkey.pem"),
            "-out",
            str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    # Only the certificate paths (which must exist for `nginx -t`) and the files nginx
    # writes change; everything else is checked as committed.
    conf = (
        NGINX_CONF.read_text()
        .replace("/etc/ssl/licensure/", f"{tmp_path}/")
        .replace("pid /run/nginx.pid;", f"pid {tmp_path}/nginx.pid;")
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    if nginx == str(unpacked):
        # Not installed as a package: its mime.types and its compiled-in temporary folders
        # (/var/lib/nginx) are not on the machine.
        conf = conf.replace(
            "/etc/nginx/mime.types", str(UNPACKED_NGINX / "etc" / "nginx" / "mime.types")
        )
        temp = "".join(
            f"\n    {kind}_temp_path {tmp_path}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = conf.replace("\nhttp {", "\nhttp {" + temp, 1)
    (tmp_path / "nginx.conf").write_text(conf)
    result = subprocess.run(
        [nginx, "-t", "-q", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
