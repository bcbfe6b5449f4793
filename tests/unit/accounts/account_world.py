"""A registered educator for the account tests."""

from __future__ import annotations

from sqlmodel import Session

from licensure_app.models import Account
from licensure_app.services import accounts
from licensure_app.services.accounts.passwords import hash_password

GOOD = "a long and quiet harbour at dawn"


def register(session: Session, email: str = "Dana@Example.org") -> Account:
    account = accounts.register_educator(
        session, " Dana ", "  Whitfield", email, hash_password(GOOD), "192.0.2.1"
    )
    session.commit()
    return account
