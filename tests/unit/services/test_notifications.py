"""Notices reach people in the app and by e-mail that reads well."""

from __future__ import annotations

from sqlmodel import Session, select

from licensure_app.domain.notices import Notice
from licensure_app.models import Account, Notification, OutboxEmail
from licensure_app.services import notifications

NOTICE = Notice(
    subject="Your application was returned for correction",
    what_happened="The district returned your renewal: the transcript is unreadable.",
    next_step="Correct it and submit it again.",
    link="/applications",
    link_text="See your applications",
)


def _account(session: Session, active: bool = True) -> Account:
    account = Account(
        email="avery@example.org",
        password_hash="x",
        display_name="Avery Thompson",
        is_active=active,
    )
    session.add(account)
    session.commit()
    return account


def test_a_notice_is_shown_in_the_app_and_e_mailed(session: Session, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LICENSURE_AGENCY_NAME", "Mississippi Educator Licensure")
    monkeypatch.setenv("APP_BASE_URL", "https://lic.example.gov")
    account = _account(session)
    notifications.send_notice(session, account.id or 0, NOTICE)
    session.commit()
    [note] = session.exec(select(Notification)).all()
    assert (note.text, note.link, note.is_read) == (NOTICE.what_happened, "/applications", False)
    [mail] = session.exec(select(OutboxEmail)).all()
    assert mail.to_address == "avery@example.org"
    # The subject says what it is about, never the reason or anyone's name.
    assert mail.subject == (
        "Your application was returned for correction | Mississippi Educator Licensure"
    )
    assert "unreadable" not in mail.subject
    assert mail.body.startswith("Dear Avery Thompson,")
    assert "https://lic.example.gov/applications" in mail.body
    assert '<a href="https://lic.example.gov/applications">' in mail.html_body
    assert mail.status == "queued"


def test_a_digest_reader_gets_the_notice_in_the_app_only(session: Session) -> None:
    account = _account(session)
    notifications.send_notice(session, account.id or 0, NOTICE, email=False)
    session.commit()
    assert len(session.exec(select(Notification)).all()) == 1
    assert session.exec(select(OutboxEmail)).all() == []


def test_no_mail_to_a_deactivated_account(session: Session) -> None:
    account = _account(session, active=False)
    notifications.send_notice(session, account.id or 0, NOTICE)
    session.commit()
    assert session.exec(select(OutboxEmail)).all() == []


def test_notice_times_are_shown_in_the_state_zone_late_at_night(
    session: Session,
    monkeypatch,  # noqa: ANN001
) -> None:
    from datetime import UTC, datetime

    monkeypatch.setenv("LICENSURE_TIMEZONE", "America/Chicago")
    account = _account(session)
    note = notifications.send_notice(session, account.id or 0, NOTICE, email=False)
    # 23:30 on 30 November in Mississippi is already 1 December in UTC.
    note.created_at = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)
    session.add(note)
    session.commit()
    [row] = notifications.recent(session, account.id or 0)
    assert row.at == "30 November 2026 at 11:30 PM CST"


def test_the_headers_unread_count_changes_at_once(session: Session) -> None:
    """Kept in memory between pages (issue 18), yet a new or read notice shows at once."""
    from contextlib import contextmanager

    account = _account(session)
    engine = session.get_bind()
    reads: list[int] = []

    @contextmanager
    def connect():  # noqa: ANN202
        reads.append(1)
        with engine.connect() as connection:
            yield connection

    assert notifications.unread_count_cached(connect, account.id or 0) == 0
    assert notifications.unread_count_cached(connect, account.id or 0) == 0
    assert len(reads) == 1
    notifications.notify(session, account.id or 0, "Your renewal was approved.")
    session.commit()
    assert notifications.unread_count_cached(connect, account.id or 0) == 1
    notifications.mark_all_read(session, account.id or 0)
    session.commit()
    assert notifications.unread_count_cached(connect, account.id or 0) == 0
