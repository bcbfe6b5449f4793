"""Registration: form checks, the account and profile rows, unique emails."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import Session, func, select

import licensure_app.pages  # noqa: F401  (registers every page and its states)
from licensure_app import db as app_db
from licensure_app.models import AuditEvent, EducatorProfile, OutboxEmail
from licensure_app.models._base import utcnow
from licensure_app.services import accounts
from licensure_app.states.account_forms import RegisterState
from licensure_app.states.auth import AuthState

from .account_world import GOOD, register


def test_registration_creates_account_profile_and_audit(session: Session) -> None:
    account = register(session)
    assert account.email == "dana@example.org"
    profile = session.exec(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    ).one()
    assert (profile.first_name, profile.last_name, profile.last_name_key) == (
        "Dana",
        "Whitfield",
        "whitfield",
    )
    assert profile.educator_number.startswith("E") and len(profile.educator_number) == 8
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "account.registered")).one()
    assert account.password_hash.startswith("$argon2id$")


def test_email_is_unique_case_insensitively(session: Session) -> None:
    register(session, "dana@example.org")
    with pytest.raises(accounts.EmailTaken):
        register(session, "DANA@EXAMPLE.ORG")


@pytest.mark.parametrize(
    ("first", "last", "email", "password", "confirm", "field"),
    [
        ("", "Lee", "a@example.org", GOOD, GOOD, "first_name"),
        ("Al", " ", "a@example.org", GOOD, GOOD, "last_name"),
        ("Al", "Lee", "not-an-email", GOOD, GOOD, "email"),
        ("Al", "Lee", "a@example.org", "fourteen chars", "fourteen chars", "password"),
        ("Al", "Lee", "a@example.org", "passwordpassword", "passwordpassword", "password"),
        ("Al", "Lee", "a@example.org", GOOD, GOOD + "x", "confirm_password"),
    ],
)
def test_registration_errors_name_the_field(
    first: str, last: str, email: str, password: str, confirm: str, field: str
) -> None:
    assert field in accounts.registration_errors(first, last, email, password, confirm)


def _register_form(state: RegisterState, email: str) -> object:
    form = {
        "first_name": "Eve",
        "last_name": "Stone",
        "email": email,
        "password": GOOD,
        "confirm_password": GOOD,
    }
    return asyncio.run(RegisterState.event_handlers["create_account"].fn(state, form))


def test_registering_a_taken_email_says_only_check_your_email(
    db_url: str, monkeypatch: pytest.MonkeyPatch, session: Session
) -> None:
    """The form does not tell whether an email has an account; its owner hears of the try."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    app_db.get_engine.cache_clear()
    try:
        register(session, "dana@example.org")
        root = rx.State(_reflex_internal_init=True)
        state = root.substates[AuthState.get_name()].substates[RegisterState.get_name()]
        _register_form(state, "Dana@Example.org")
        assert state.errors == {}
        assert state.sent_message == (
            "Check your email: we have sent a message to that address that says how to go on."
        )
        _register_form(state, "dana@example.org")  # again: one message an hour at most
        session.expire_all()
        sent = session.exec(
            select(OutboxEmail).where(OutboxEmail.to_address == "dana@example.org")
        ).all()
        assert len(sent) == 1
        assert sent[0].subject.startswith("Someone tried to register with your email address")
        assert "forgot-password" in sent[0].body
        assert session.exec(select(func.count()).select_from(EducatorProfile)).one() == 1
    finally:
        app_db.get_engine.cache_clear()


# ------------------------------------------------------------------ throttling per address


def _register_from(session: Session, address: str, n: int) -> None:
    accounts.register_educator(
        session, "Jordan", "Rivera", f"jordan{n}-{address}@example.org", "x", address
    )
    session.commit()


def test_registrations_are_throttled_per_client_address(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 #2: accounts are not free. At most 5 an hour from one address, so new
    accounts cannot be made for fresh tries at claiming someone's license."""
    monkeypatch.delenv("LICENSURE_REGISTRATIONS_PER_HOUR", raising=False)
    for n in range(5):
        _register_from(session, "198.51.100.7", n)
    with pytest.raises(accounts.TooManyRegistrations):
        _register_from(session, "198.51.100.7", 5)
    assert accounts.registration_throttled(session, "198.51.100.7")
    # Another address is not affected.
    assert not accounts.registration_throttled(session, "198.51.100.8")
    _register_from(session, "198.51.100.8", 0)
    # An hour after those five, the address may register again.
    later = utcnow() + timedelta(hours=1, minutes=1)
    assert not accounts.registration_throttled(session, "198.51.100.7", now=later)
    total = session.exec(select(func.count()).select_from(EducatorProfile)).one()
    assert total == 6


def test_a_throttled_registration_gets_a_generic_answer_and_nothing_is_made(
    db_url: str, monkeypatch: pytest.MonkeyPatch, session: Session
) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    monkeypatch.setenv("LICENSURE_REGISTRATIONS_PER_HOUR", "2")
    app_db.get_engine.cache_clear()
    try:
        root = rx.State(_reflex_internal_init=True)
        root.router_data = root._update_router_vars(
            {"headers": {}, "token": "t", "ip": "203.0.113.9", "pathname": "/register"},
            root.router_data,
        )
        state = root.substates[AuthState.get_name()].substates[RegisterState.get_name()]
        for n in range(2):
            assert _register_form(state, f"new{n}@example.org") is not None  # signs in
        assert _register_form(state, "third@example.org") is None
        assert state.form_error == accounts.TOO_MANY_REGISTRATIONS
        # Nothing says whether the email has an account: a taken one gets the same answer.
        _register_form(state, "new0@example.org")
        assert state.form_error == accounts.TOO_MANY_REGISTRATIONS
        assert state.sent_message == ""
        session.expire_all()
        assert session.exec(select(func.count()).select_from(EducatorProfile)).one() == 2
        assert session.exec(select(func.count()).select_from(OutboxEmail)).one() == 0
    finally:
        app_db.get_engine.cache_clear()
