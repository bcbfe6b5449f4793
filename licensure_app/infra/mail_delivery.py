"""Delivers the outbox over SMTP: each message claimed by one process, retried, never dropped.

Every process of the app runs `run_forever` when `SMTP_HOST` is set. A round claims the
messages that are due with a conditional UPDATE per message (only the process whose UPDATE
changed the row sends it, on SQLite and PostgreSQL alike), sends them over one SMTP
connection (STARTTLS and login when configured), then settles each one:

- accepted: `sent`;
- refused for now (a 4xx reply, a refused or dropped connection, a failed login): back to
  `queued` with a later `next_attempt_at` (30 s, 1 min, 2 min, ... at most an hour), and
  `failed` after `MAX_ATTEMPTS` tries;
- refused for good (a 5xx reply for the message or its recipient): `failed` with the reason.

A process that dies between claiming and settling leaves the message `sending`; once the
claim is older than `LEASE` any process claims it again. A message is therefore sent at
least once, and never silently dropped: it ends `sent` or `failed`, where staff see it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Engine

from licensure_app import settings
from licensure_app.db import get_engine, read_only
from licensure_app.models import OutboxEmail
from licensure_app.models._base import utcnow

log = logging.getLogger("licensure.mail")

LEASE = timedelta(minutes=5)
BATCH = 50
MAX_ATTEMPTS = 10
LONGEST_RETRY = timedelta(hours=1)
POLL_SECONDS = 2.0

_T = OutboxEmail.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    user: str | None
    password: str
    sender: str
    timeout: float = 30.0

    @classmethod
    def from_environment(cls) -> SmtpSettings | None:
        host = settings.smtp_host()
        if not host:
            return None
        return cls(
            host=host,
            port=settings.smtp_port(),
            starttls=settings.smtp_starttls(),
            user=settings.smtp_user(),
            password=settings.smtp_password(),
            sender=settings.smtp_from(),
        )


@dataclass(frozen=True)
class Claimed:
    id: int
    token: str
    attempts: int  # including this one
    to_address: str
    subject: str
    body: str
    html_body: str


@dataclass(frozen=True)
class RoundResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.retrying + self.failed


def _due(now: datetime) -> object:
    return or_(
        and_(_T.c.status == "queued", _T.c.next_attempt_at <= now),
        and_(_T.c.status == "sending", _T.c.claimed_at < now - LEASE),
    )


def claim(engine: Engine, now: datetime, limit: int = BATCH) -> list[Claimed]:
    """Claim up to `limit` due messages for this process (nobody else sends them)."""
    due = select(_T.c.id, _T.c.status, _T.c.claim_token).where(_due(now)).order_by(_T.c.id)
    # Looked for without the write lock: most rounds find nothing to do.
    with read_only(engine).connect() as connection:
        candidates = connection.execute(due.limit(limit)).all()
    if not candidates:
        return []
    claimed = []
    with engine.begin() as connection:
        for row in candidates:
            token = secrets.token_hex(16)
            moved = connection.execute(
                update(_T)
                .where(
                    _T.c.id == row.id,
                    _T.c.status == row.status,
                    _T.c.claim_token == row.claim_token,
                    _due(now),
                )
                .values(
                    status="sending",
                    claim_token=token,
                    claimed_at=now,
                    attempts=_T.c.attempts + 1,
                )
            )
            if moved.rowcount == 1:
                claimed.append(token)
        if not claimed:
            return []
        rows = connection.execute(select(_T).where(_T.c.claim_token.in_(claimed))).all()
    return [
        Claimed(r.id, r.claim_token, r.attempts, r.to_address, r.subject, r.body, r.html_body)
        for r in sorted(rows, key=lambda r: r.id)
    ]


def compose(smtp: SmtpSettings, message: Claimed, now: datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = smtp.sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    return email


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer about the message or its recipient; everything else may pass later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    try:
        connection.ehlo()
        if smtp.starttls:
            connection.starttls(context=ssl.create_default_context())
            connection.ehlo()
        if smtp.user:
            connection.login(smtp.user, smtp.password)
    except BaseException:
        connection.close()
        raise
    return connection


def send(
    smtp: SmtpSettings, messages: list[Claimed], now: datetime
) -> list[tuple[Claimed, BaseException | None]]:
    """Send over one connection; each message with None (accepted) or why it was not."""
    outcomes: list[tuple[Claimed, BaseException | None]] = []
    try:
        connection = _connect(smtp)
    except (OSError, smtplib.SMTPException) as exc:
        return [(m, exc) for m in messages]
    with connection:
        for index, message in enumerate(messages):
            try:
                connection.send_message(compose(smtp, message, now))
                outcomes.append((message, None))
            except smtplib.SMTPServerDisconnected as exc:
                outcomes += [(m, exc) for m in messages[index:]]
                break
            except (OSError, smtplib.SMTPException) as exc:
                outcomes.append((message, exc))
    return outcomes


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first try (`LICENSURE_MAIL_FIRST_RETRY_SECONDS`), doubling, at most
    an hour."""
    first = timedelta(seconds=settings.mail_first_retry_seconds())
    return min(first * 2 ** max(0, attempts - 1), LONGEST_RETRY)


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        ]
        return ("Recipient refused: " + "; ".join(parts))[:500]
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {text}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def settle(
    engine: Engine, outcomes: Iterable[tuple[Claimed, BaseException | None]], now: datetime
) -> RoundResult:
    sent = retrying = failed = 0
    with engine.begin() as connection:
        for message, error in outcomes:
            mine = and_(_T.c.id == message.id, _T.c.claim_token == message.token)
            if error is None:
                values: dict[str, object] = {"status": "sent", "sent_at": now, "error": ""}
                sent += 1
            elif is_permanent(error) or message.attempts >= MAX_ATTEMPTS:
                values = {"status": "failed", "error": _describe(error)}
                failed += 1
                log.error("outbox message %s failed for good: %s", message.id, _describe(error))
            else:
                values = {
                    "status": "queued",
                    "error": _describe(error),
                    "next_attempt_at": now + retry_delay(message.attempts),
                }
                retrying += 1
                log.warning("outbox message %s will be retried: %s", message.id, _describe(error))
            connection.execute(update(_T).where(mine).values(**values))
    return RoundResult(sent, retrying, failed)


def deliver_due(
    smtp: SmtpSettings, url: str | None = None, now: datetime | None = None
) -> RoundResult:
    """One round: claim what is due, send it, settle it."""
    engine = get_engine(url)
    moment = now or utcnow()
    messages = claim(engine, moment)
    if not messages:
        return RoundResult()
    return settle(engine, send(smtp, messages, moment), utcnow() if now is None else now)


async def run_forever() -> None:
    """A lifespan task: deliver the outbox every few seconds while the server runs."""
    smtp = SmtpSettings.from_environment()
    if smtp is None:
        return
    log.info("delivering the outbox through %s:%s", smtp.host, smtp.port)
    while True:
        try:
            result = await asyncio.to_thread(deliver_due, smtp)
        except Exception:  # a database hiccup must not end delivery for good
            log.exception("outbox delivery round failed")
            result = RoundResult()
        # A full batch means more is waiting: go again at once.
        await asyncio.sleep(0 if result.claimed >= BATCH else POLL_SECONDS)
