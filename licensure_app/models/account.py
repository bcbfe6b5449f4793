"""Accounts, sign-in sessions, password-reset tokens and sign-in attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, Index
from sqlmodel import Field, SQLModel

from ._base import in_list, utcnow

ROLE_EDUCATOR = "educator"
ROLE_DISTRICT_APPROVER = "district_approver"
ROLE_STATE_STAFF = "state_staff"
ROLES = (ROLE_EDUCATOR, ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF)
# How an approver hears of new work: an e-mail per item, or one daily digest.
QUEUE_MAIL_MODES = ("immediate", "digest")


def _ts(nullable: bool = True, index: bool = False) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class Account(SQLModel, table=True):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint(in_list("role", ROLES), name="ck_account_role"),
        CheckConstraint(in_list("queue_mail", QUEUE_MAIL_MODES), name="ck_account_queue_mail"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased: the unique index makes email case-insensitively unique.
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=ROLE_EDUCATOR, max_length=32)
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    display_name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    last_sign_in_at: datetime | None = Field(default=None, sa_column=_ts())
    failed_sign_ins: int = Field(default=0, ge=0)
    locked_until: datetime | None = Field(default=None, sa_column=_ts())
    password_changed_at: datetime | None = Field(default=None, sa_column=_ts())
    is_active: bool = Field(default=True)
    totp_secret: str | None = Field(default=None, max_length=64)
    # The time step (30 s) of the last one-time code accepted: a code is used once only.
    totp_last_step: int | None = Field(default=None)
    queue_mail: str = Field(default="digest", max_length=10)


class AuthSession(SQLModel, table=True):
    """A server-side sign-in session. Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    expires_at: datetime = Field(sa_column=_ts(nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=_ts())
    client_address: str = Field(default="", max_length=64)
    # The sign-in behind this session passed the one-time code: only such a session
    # carries the approver and state-staff roles (see authz.build_principal).
    second_factor: bool = Field(default=False)


class PasswordResetToken(SQLModel, table=True):
    __tablename__ = "password_reset_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    expires_at: datetime = Field(sa_column=_ts(nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=_ts())


class SignInAttempt(SQLModel, table=True):
    """Every sign-in attempt, for throttling and for the security log (never a password)."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        Index("ix_sign_in_attempt_email_at", "email", "at"),
        Index("ix_sign_in_attempt_address_at", "client_address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    client_address: str = Field(default="", max_length=64)
    succeeded: bool = Field(default=False)
    reason: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class SessionTicket(SQLModel, table=True):
    """A one-time, one-minute ticket that the browser trades for the HttpOnly session cookie.

    Sign-in happens over the websocket, which cannot set an HttpOnly cookie; the page then
    posts the ticket to /api/session/start (same origin only), which redeems it and sets it.
    """

    __tablename__ = "session_ticket"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    next_path: str = Field(default="/", max_length=300)
    # The sign-in passed the one-time code: the session it opens carries that too.
    second_factor: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    expires_at: datetime = Field(sa_column=_ts(nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=_ts())
