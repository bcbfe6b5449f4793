"""Mail end to end: the running app delivers its outbox to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from licensure_app.db import make_engine
from licensure_app.models import OutboxEmail
from tests.support import SmtpSink, eventually

from .conftest import NEW_PASSWORD, LiveServer, register, sign_out

pytestmark = pytest.mark.e2e


def _request_reset(page: Page, email: str) -> None:
    page.goto("/forgot-password")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("status")).to_contain_text("If an account uses that email")


def test_a_server_that_refuses_at_first_still_gets_the_message(
    page: Page, live_server: LiveServer, smtp_sink: SmtpSink
) -> None:
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.org"
    register(page, email, "Morgan", "Ellery", NEW_PASSWORD)
    sign_out(page)
    smtp_sink.refuse_next(2, code=451)
    refused_before = smtp_sink.refused

    _request_reset(page, email)

    mail = smtp_sink.wait_for(email, "password", timeout=30)
    assert "reset-password?token=" in mail.get_body(("plain",)).get_content()
    assert smtp_sink.refused == refused_before + 2

    def settled() -> OutboxEmail | None:
        with Session(make_engine(live_server.db_url)) as db:
            stored = db.exec(
                select(OutboxEmail)
                .where(OutboxEmail.to_address == email, OutboxEmail.subject.contains("password"))
                .order_by(OutboxEmail.id.desc())
            ).first()
        return stored if stored is not None and stored.status == "sent" else None

    assert eventually(settled).attempts == 3
