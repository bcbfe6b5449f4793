"""Process settings read from the environment (no Reflex import: rxconfig and the CLI use it)."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "licensure.db"


def database_url() -> str:
    """The database every part of the app uses: REFLEX_DB_URL, else a SQLite file here."""
    return os.environ.get("REFLEX_DB_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def redis_url() -> str | None:
    return os.environ.get("REFLEX_REDIS_URL") or None


def port() -> int:
    return int(os.environ.get("PORT", "8000"))


def allowed_origins() -> list[str]:
    """Origins allowed to open the websocket: APP_ORIGINS (comma separated) or localhost."""
    configured = os.environ.get("APP_ORIGINS", "").strip()
    if configured:
        return [o.strip().rstrip("/") for o in configured.split(",") if o.strip()]
    p = port()
    return [f"http://localhost:{p}", f"http://127.0.0.1:{p}"]


def public_base_url() -> str:
    """Base of links sent by email (password reset) and printed as QR codes."""
    return os.environ.get("APP_BASE_URL", allowed_origins()[0]).rstrip("/")


def uploads_dir() -> Path:
    """Evidence files live outside the web root."""
    return Path(os.environ.get("LICENSURE_UPLOADS_DIR", str(PROJECT_ROOT / "var" / "uploads")))


def demo_mode() -> bool:
    return os.environ.get("LICENSURE_DEMO", "0") == "1"


def argon2_fast() -> bool:
    """Tests may lower the argon2 cost; production never sets this."""
    return os.environ.get("LICENSURE_ARGON2_FAST") == "1"


def gc_log() -> bool:
    """Log garbage-collector pauses of 5 ms or more (diagnosing latency spikes)."""
    return bool(os.environ.get("LICENSURE_GC_LOG"))


def smtp_host() -> str | None:
    """The SMTP server that delivers the outbox; without it mail waits in the outbox."""
    return os.environ.get("SMTP_HOST") or None


def smtp_port() -> int:
    return int(os.environ.get("SMTP_PORT", "587"))


def smtp_starttls() -> bool:
    return os.environ.get("SMTP_STARTTLS", "1") == "1"


def smtp_user() -> str | None:
    return os.environ.get("SMTP_USER") or None


def smtp_password() -> str:
    return os.environ.get("SMTP_PASSWORD", "")


def smtp_from() -> str:
    return os.environ.get("SMTP_FROM", "licensure@localhost")


def mail_first_retry_seconds() -> float:
    """Wait before the first retry of a refused e-mail (doubling after; tests shorten it)."""
    return float(os.environ.get("LICENSURE_MAIL_FIRST_RETRY_SECONDS", "30"))


def _time_of_day(name: str, default: str) -> time:
    text = os.environ.get(name, default)
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ValueError(f"{name} must be a time of day like {default}, not {text!r}") from None


def reminders_time() -> time:
    """When the daily expiry reminders go out, in the state's time zone."""
    return _time_of_day("LICENSURE_REMINDERS_AT", "06:00")


def digest_time() -> time:
    """When approvers' daily queue digest goes out, in the state's time zone."""
    return _time_of_day("LICENSURE_DIGEST_AT", "07:00")


def agency_name() -> str:
    """The licensing agency's name, as mail and pages sign it."""
    return os.environ.get("LICENSURE_AGENCY_NAME", "State Educator Licensure Office")


def state_timezone() -> str:
    """The state's time zone: "today" for deadlines and completion dates is its calendar day."""
    return os.environ.get("LICENSURE_TIMEZONE", "America/Chicago")


def registrations_per_hour() -> int:
    """Accounts one client address may register in an hour (0: no limit).

    Accounts are not free: each brings fresh tries at claiming a license."""
    return int(os.environ.get("LICENSURE_REGISTRATIONS_PER_HOUR", "5"))


def sign_in_failures_per_address() -> int:
    """Failed sign-ins from one address in 15 minutes before it is throttled (default 30).
    An office behind one address, or a test suite, may need more."""
    return int(os.environ.get("LICENSURE_SIGN_IN_FAILURES_PER_ADDRESS", "30"))
