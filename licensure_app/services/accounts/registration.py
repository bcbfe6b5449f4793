"""Educator self-registration: form checks, the account and profile rows, the educator number."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from licensure_app import settings
from licensure_app.domain.names import clean_name, name_key, storable
from licensure_app.domain.notices import Notice
from licensure_app.models import ROLE_EDUCATOR, Account, AuditEvent, EducatorProfile, OutboxEmail
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.passwords import password_problem

log = logging.getLogger("licensure.security")

# What the registration form answers when the email already has an account: the same
# words whoever asks, so the form does not tell whether an address is registered.
CHECK_YOUR_EMAIL = (
    "Check your email: we have sent a message to that address that says how to go on."
)
TAKEN_EMAIL_SUBJECT = "Someone tried to register with your email address"
# At most one such message per account in this time, however often someone tries.
TAKEN_EMAIL_NOTICE_INTERVAL = timedelta(hours=1)

# What the form answers when an address registered too many accounts lately: the same words
# whether or not the email has an account.
TOO_MANY_REGISTRATIONS = (
    "Too many accounts have been created from your network in the last hour. "
    "Try again later, or ask the state licensure office for help."
)
REGISTRATION_WINDOW = timedelta(hours=1)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def normalise_email(email: str) -> str:
    # Control characters and lone surrogates would fail the database (PostgreSQL refuses NUL).
    return storable(email).strip().lower()


def looks_like_email(normalised: str) -> bool:
    """True when a normalised address has the shape name@domain.tld (length is checked apart)."""
    return bool(_EMAIL.match(normalised))


def registration_errors(
    first_name: str, last_name: str, email: str, password: str, confirm: str
) -> dict[str, str]:
    """Field -> message for everything wrong with a registration form (cheap checks only)."""
    errors: dict[str, str] = {}
    if not clean_name(first_name):
        errors["first_name"] = "Enter your first name."
    elif len(clean_name(first_name)) > 100:
        errors["first_name"] = "Use at most 100 characters."
    if not clean_name(last_name):
        errors["last_name"] = "Enter your last name."
    elif len(clean_name(last_name)) > 100:
        errors["last_name"] = "Use at most 100 characters."
    if not looks_like_email(normalise_email(email)) or len(email) > 254:
        errors["email"] = "Enter an email address like name@example.org."
    problem = password_problem(password, normalise_email(email))
    if problem:
        errors["password"] = problem
    elif password != confirm:
        errors["confirm_password"] = "The passwords do not match."
    return errors


class EmailTaken(Exception):
    pass


class TooManyRegistrations(Exception):
    """The client address registered `settings.registrations_per_hour()` accounts lately."""


def registration_throttled(
    session: Session, client_address: str, now: datetime | None = None
) -> bool:
    """True when `client_address` registered its allowance of accounts in the last hour.

    Counted from the audit log's "account.registered" events (shared by every process).
    An unknown address (the command line, a test) is not throttled.
    """
    limit = settings.registrations_per_hour()
    if not client_address or limit <= 0:
        return False
    now = now or utcnow()
    recent = session.exec(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "account.registered",
            AuditEvent.client_address == client_address,
            AuditEvent.at > now - REGISTRATION_WINDOW,
            AuditEvent.at <= now,
        )
    ).one()
    return recent >= limit


def _new_educator_number(session: Session) -> str:
    while True:
        candidate = "E" + "".join(secrets.choice("0123456789") for _ in range(7))
        if not session.exec(
            select(EducatorProfile.id).where(EducatorProfile.educator_number == candidate)
        ).first():
            return candidate


def register_educator(
    session: Session,
    first_name: str,
    last_name: str,
    email: str,
    password_hash: str,
    client_address: str = "",
) -> Account:
    """Create an educator account and its profile. Raises TooManyRegistrations (checked
    first, so the answer does not tell whether the email has an account) or EmailTaken."""
    if registration_throttled(session, client_address):
        log.warning("registration throttled for address %s", client_address)
        raise TooManyRegistrations(client_address)
    email = normalise_email(email)
    if session.exec(select(Account.id).where(Account.email == email)).first():
        raise EmailTaken(email)
    first, last = clean_name(first_name), clean_name(last_name)
    account = Account(
        email=email,
        password_hash=password_hash,
        role=ROLE_EDUCATOR,
        display_name=f"{first} {last}"[:200],  # two names of 100 characters and a space
        password_changed_at=utcnow(),
    )
    session.add(account)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent registration won the unique index
        raise EmailTaken(email) from exc
    profile = EducatorProfile(
        account_id=account.id,
        educator_number=_new_educator_number(session),
        first_name=first,
        last_name=last,
        first_name_key=name_key(first),
        last_name_key=name_key(last),
    )
    session.add(profile)
    session.flush()
    audit.record(
        session,
        audit.Actor(account.id, ROLE_EDUCATOR, client_address),
        "account.registered",
        "account",
        account.id,
        after={"email": email, "first_name": first, "last_name": last},
    )
    return account


def tell_owner_of_registration_attempt(
    session: Session, email: str, client_address: str = ""
) -> None:
    """Someone tried to register with an email that has an account: tell its owner.

    At most one message per TAKEN_EMAIL_NOTICE_INTERVAL, so the form cannot be used to flood
    an inbox. Logged without the address of the account.
    """
    email = normalise_email(email)
    account = session.exec(select(Account).where(Account.email == email)).first()
    log.info("registration with a taken email from address %s", client_address)
    if account is None:
        return
    recent = session.exec(
        select(OutboxEmail.id).where(
            OutboxEmail.to_address == account.email,
            OutboxEmail.subject.startswith(TAKEN_EMAIL_SUBJECT),  # type: ignore[attr-defined]
            OutboxEmail.created_at > utcnow() - TAKEN_EMAIL_NOTICE_INTERVAL,
        )
    ).first()
    if recent is not None:
        return
    base = settings.public_base_url()
    notifications.email_notice(
        session,
        account.email,
        Notice(
            subject=TAKEN_EMAIL_SUBJECT,
            what_happened="Someone tried to create an educator licensure account with this "
            "email address, which already has one. If it was not you, you need do nothing: "
            "no account was created.",
            next_step=f"If it was you, sign in, or set a new password at {base}/forgot-password.",
            link="/login",
            link_text="Sign in",
        ),
        account.display_name,
    )
