"""Registration: form checks, the account and profile rows, unique emails."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from licensure_app.models import AuditEvent, EducatorProfile
from licensure_app.services import accounts

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
