"""The password policy and argon2id hashing."""

from __future__ import annotations

from licensure_app.services.accounts.passwords import (
    hash_password,
    password_problem,
    verify_password,
)

from .account_world import GOOD


def test_password_policy() -> None:
    assert password_problem("a" * 14) == "Use at least 15 characters."
    assert password_problem("aaaaaaaaaaaaaaaaaaaa") is not None  # one repeated character
    assert password_problem("1234567890123456") is not None  # common list
    assert password_problem("dana.whitfield is here", "dana.whitfield@example.org") is not None
    assert password_problem(GOOD) is None
    assert password_problem("Ünïcödé pässwörd phrase ☃") is None


def test_hash_is_argon2id_and_verifies() -> None:
    hashed = hash_password(GOOD)
    assert hashed.startswith("$argon2id$")
    assert verify_password(GOOD, hashed)
    assert not verify_password(GOOD + "!", hashed)
    assert not verify_password(GOOD, "garbage")
