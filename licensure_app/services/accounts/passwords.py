"""Password hashing (argon2id through passlib) and the password policy."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from passlib.context import CryptContext

from licensure_app import settings

MIN_PASSWORD_LENGTH = 15
MAX_PASSWORD_LENGTH = 256
_COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "common_passwords.txt"


@cache
def _context() -> CryptContext:
    if settings.argon2_fast():
        # Tests only: the same scheme at a tiny cost so hundreds of sign-ins stay fast.
        return CryptContext(
            schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1, argon2__parallelism=1
        )
    # argon2id, 64 MiB, 3 passes, 4 lanes.
    return CryptContext(
        schemes=["argon2"],
        deprecated="auto",
        argon2__type="ID",
        argon2__memory_cost=65536,
        argon2__rounds=3,
        argon2__parallelism=4,
    )


def hash_password(password: str) -> str:
    return _context().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _context().verify(password, password_hash)
    except (ValueError, TypeError):
        return False


# Verifying against this when the account does not exist keeps the timing the same.
@cache
def dummy_hash() -> str:
    return hash_password("not-a-real-password-for-timing")


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(_COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split())


def _mostly_sequential(text: str) -> bool:
    """True for runs such as '1234567890123456' or 'abcdefghijklmnop' (NIST 800-63B)."""
    steps = [ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)]
    runs = sum(1 for step in steps if step in (1, -1) or (step == -9 and text.isdigit()))
    return bool(steps) and runs / len(steps) >= 0.75


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not acceptable, or None. No composition rules (NIST 800-63B)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    if any("\ud800" <= ch <= "\udfff" for ch in password):
        # A lone surrogate (only a crafted request sends one) cannot be encoded to hash.
        return "This password has characters that cannot be used. Type it again."
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        return "This password is too common. Choose a longer phrase that only you would use."
    # A common password repeated or padded with digits is still a common password.
    stripped = lowered.rstrip("0123456789!.")
    half = len(stripped) // 2
    if stripped in _common_passwords() or (
        half and stripped[:half] == stripped[half:] and stripped[:half] in _common_passwords()
    ):
        return "This password is too common. Choose a longer phrase that only you would use."
    if _mostly_sequential(lowered):
        return "Avoid runs like 123456 or abcdef. Choose a phrase that only you would use."
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Do not use your email address in your password."
    return None
