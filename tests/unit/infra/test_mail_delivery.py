"""Outbox delivery against a real SMTP server (aiosmtpd on a free local port)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from licensure_app import cli
from licensure_app.db import make_engine
from licensure_app.infra import mail_delivery
from licensure_app.infra.mail import queue_email
from licensure_app.models import OutboxEmail
from tests.support import SmtpSink, free_port

NOW = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


def _smtp(sink: SmtpSink) -> mail_delivery.SmtpSettings:
    return mail_delivery.SmtpSettings(
        host="127.0.0.1",
        port=sink.port,
        starttls=False,
        user=None,
        password="",
        sender="licensure@state.example",
        timeout=5,
    )


def _queue(db_url: str, count: int = 1, html: str = "") -> list[int]:
    with Session(make_engine(db_url)) as session:
        ids = []
        for n in range(count):
            message = queue_email(
                session, f"reader{n}@example.org", f"Subject {n}", f"Body {n}", html
            )
            message.next_attempt_at = NOW
            ids.append(message.id or 0)
        session.commit()
    return ids


def _rows(db_url: str) -> list[OutboxEmail]:
    with Session(make_engine(db_url)) as session:
        return list(session.exec(select(OutboxEmail).order_by(OutboxEmail.id)).all())


def test_queued_mail_is_delivered_with_its_html_alternative(db_url: str, sink: SmtpSink) -> None:
    _queue(db_url, html="<p>Body 0</p>")
    result = mail_delivery.deliver_due(_smtp(sink), db_url, NOW)
    assert (result.sent, result.retrying, result.failed) == (1, 0, 0)
    message = sink.wait_for("reader0@example.org", "Subject 0")
    assert message["From"] == "licensure@state.example"
    assert message.get_body(("plain",)).get_content().strip() == "Body 0"
    assert message.get_body(("html",)).get_content().strip() == "<p>Body 0</p>"
    [row] = _rows(db_url)
    assert (row.status, row.attempts, row.error) == ("sent", 1, "")
    assert row.sent_at is not None
    # Nothing is sent twice.
    assert mail_delivery.deliver_due(_smtp(sink), db_url, NOW).claimed == 0
    assert len(sink.messages) == 1


def test_a_server_that_refuses_at_first_gets_the_message_later(db_url: str, sink: SmtpSink) -> None:
    _queue(db_url)
    sink.refuse_next(2, code=451)
    first = mail_delivery.deliver_due(_smtp(sink), db_url, NOW)
    assert first.retrying == 1
    [row] = _rows(db_url)
    assert row.status == "queued"
    assert row.error.startswith("451")
    # Not due again until the back-off has passed.
    assert mail_delivery.deliver_due(_smtp(sink), db_url, NOW + timedelta(seconds=5)).claimed == 0
    later = NOW + mail_delivery.retry_delay(1)
    assert mail_delivery.deliver_due(_smtp(sink), db_url, later).retrying == 1
    last = later + mail_delivery.retry_delay(2)
    assert mail_delivery.deliver_due(_smtp(sink), db_url, last).sent == 1
    assert sink.refused == 2
    [row] = _rows(db_url)
    assert (row.status, row.attempts) == ("sent", 3)
    assert len(sink.messages) == 1


def test_no_server_listening_is_a_temporary_failure(db_url: str) -> None:
    _queue(db_url)
    closed = mail_delivery.SmtpSettings("127.0.0.1", free_port(), False, None, "", "a@b.example", 2)
    assert mail_delivery.deliver_due(closed, db_url, NOW).retrying == 1
    [row] = _rows(db_url)
    assert row.status == "queued"
    assert "Connection" in row.error or "refused" in row.error.lower()


def test_a_permanent_refusal_is_marked_failed_and_kept(db_url: str, sink: SmtpSink) -> None:
    _queue(db_url)
    sink.refuse_next(1, code=550)
    assert mail_delivery.deliver_due(_smtp(sink), db_url, NOW).failed == 1
    [row] = _rows(db_url)
    assert row.status == "failed"
    assert row.error.startswith("550")
    assert mail_delivery.deliver_due(_smtp(sink), db_url, NOW + timedelta(days=1)).claimed == 0


def test_too_many_temporary_failures_end_in_failed(db_url: str, sink: SmtpSink) -> None:
    _queue(db_url)
    sink.refuse_next(mail_delivery.MAX_ATTEMPTS, code=421)
    moment = NOW
    for attempt in range(1, mail_delivery.MAX_ATTEMPTS + 1):
        result = mail_delivery.deliver_due(_smtp(sink), db_url, moment)
        assert result.claimed == 1
        moment += mail_delivery.retry_delay(attempt)
    [row] = _rows(db_url)
    assert (row.status, row.attempts) == ("failed", mail_delivery.MAX_ATTEMPTS)


def test_retry_delays_grow_and_are_capped() -> None:
    delays = [mail_delivery.retry_delay(n) for n in range(1, 12)]
    assert delays[:3] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert delays == sorted(delays)
    assert max(delays) == mail_delivery.LONGEST_RETRY


def test_a_message_claimed_by_a_process_that_died_is_sent_after_the_lease(
    db_url: str, sink: SmtpSink
) -> None:
    _queue(db_url)
    engine = make_engine(db_url)
    # A process claims the message, then dies before sending or settling it.
    assert len(mail_delivery.claim(engine, NOW)) == 1
    assert mail_delivery.deliver_due(_smtp(sink), db_url, NOW + timedelta(minutes=1)).claimed == 0
    after_lease = NOW + mail_delivery.LEASE + timedelta(seconds=1)
    assert mail_delivery.deliver_due(_smtp(sink), db_url, after_lease).sent == 1
    [row] = _rows(db_url)
    assert (row.status, row.attempts) == ("sent", 2)


def test_two_processes_delivering_at_once_send_each_message_once(
    db_url: str, sink: SmtpSink
) -> None:
    _queue(db_url, count=30)
    start = threading.Barrier(2)
    results: list[mail_delivery.RoundResult] = []

    def deliver() -> None:
        start.wait()
        results.append(mail_delivery.deliver_due(_smtp(sink), db_url, NOW))

    workers = [threading.Thread(target=deliver) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(r.sent for r in results) == 30
    assert sorted(str(m["To"]) for m in sink.messages) == sorted(
        f"reader{n}@example.org" for n in range(30)
    )
    assert {row.status for row in _rows(db_url)} == {"sent"}


def test_cli_deliver_sends_what_is_due(
    db_url: str, sink: SmtpSink, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    for key, value in sink.environment().items():
        monkeypatch.setenv(key, value)
    _queue(db_url, count=3)
    assert cli.main(["deliver", "--db-url", db_url]) == 0
    assert "3 sent, 0 to retry later, 0 failed" in capsys.readouterr().out
    assert len(sink.messages) == 3


def test_cli_deliver_without_smtp_leaves_mail_in_the_outbox(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("SMTP_HOST", raising=False)
    _queue(db_url)
    assert cli.main(["deliver", "--db-url", db_url]) == 2
    assert "mail stays in the outbox" in capsys.readouterr().err
    assert [row.status for row in _rows(db_url)] == ["queued"]
