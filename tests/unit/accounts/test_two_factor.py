"""The TOTP second factor: who needs it, enrolment, wrong codes and throttling."""

from __future__ import annotations

import base64
import time
from urllib.parse import unquote
from xml.etree import ElementTree

import pyotp
from sqlmodel import Session, select

from licensure_app.models import Account, AuditEvent, District, DistrictDesignee
from licensure_app.services.accounts import two_factor


def _account(session: Session, role: str, secret: str | None = None) -> Account:
    account = Account(
        email=f"{role}-{secret or 'x'}@example.org",
        password_hash="x",
        role=role,
        totp_secret=secret,
    )
    session.add(account)
    session.commit()
    return account


def test_who_needs_a_code(session: Session) -> None:
    assert two_factor.needs_second_factor(session, _account(session, "state_staff"))
    assert two_factor.needs_second_factor(session, _account(session, "district_approver"))
    educator = _account(session, "educator")
    assert not two_factor.needs_second_factor(session, educator)
    # An educator made a designee approves applications, so needs a code too.
    district = District(code="0900", name="D")
    session.add(district)
    session.flush()
    session.add(
        DistrictDesignee(district_id=district.id, account_id=educator.id, granted_by_id=educator.id)
    )
    session.commit()
    assert two_factor.needs_second_factor(session, educator)


def test_enrolment_stores_the_secret_only_with_a_right_code(session: Session) -> None:
    account = _account(session, "state_staff")
    secret = two_factor.new_secret()
    assert two_factor.check_code(session, account.id, "123456", "a", secret) == two_factor.BAD_CODE
    assert session.get(Account, account.id).totp_secret is None
    assert two_factor.check_code(session, account.id, pyotp.TOTP(secret).now(), "a", secret) is None
    session.commit()
    assert session.get(Account, account.id).totp_secret == secret
    assert session.exec(
        select(AuditEvent).where(AuditEvent.action == "account.second_factor_enrolled")
    ).one()


def test_wrong_codes_are_throttled(session: Session) -> None:
    secret = two_factor.new_secret()
    account = _account(session, "state_staff", secret)
    for _ in range(two_factor.CODE_FAILURE_LIMIT):
        assert two_factor.check_code(session, account.id, "000000", "a") == two_factor.BAD_CODE
    assert "Too many" in (
        two_factor.check_code(session, account.id, pyotp.TOTP(secret).now(), "a") or ""
    )


def _svg_document(data_uri: str) -> ElementTree.Element:
    header, _, payload = data_uri.partition(",")
    assert header.startswith("data:image/svg+xml")
    text = base64.b64decode(payload).decode() if header.endswith(";base64") else unquote(payload)
    return ElementTree.fromstring(text)  # noqa: S314  (our own output)


def test_enrolment_qr_is_an_svg_document_a_browser_renders() -> None:
    """Issue 13 #17: an <img> of an SVG without the SVG namespace is a broken image."""
    root = _svg_document(two_factor.enrolment_qr(two_factor.new_secret(), "a@example.org"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") and root.get("height")


def test_enrolment_uri_names_the_account_and_the_issuer() -> None:
    secret = two_factor.new_secret()
    totp = pyotp.parse_uri(two_factor.enrolment_uri(secret, "a@example.org"))
    assert (totp.secret, totp.name, totp.issuer) == (secret, "a@example.org", two_factor.ISSUER)


def test_a_code_is_accepted_once(session: Session) -> None:
    """A code seen over a shoulder or replayed from a proxy log cannot sign in again."""
    secret = two_factor.new_secret()
    account = _account(session, "state_staff", secret)
    code = pyotp.TOTP(secret).now()
    assert two_factor.check_code(session, account.id, code, "a") is None
    session.commit()
    again = two_factor.check_code(session, account.id, code, "b")
    assert again is not None and "used already" in again
    # The next code (one step ahead is within the accepted window) still works.
    following = pyotp.TOTP(secret).at(int(time.time()) + 30)
    assert two_factor.check_code(session, account.id, following, "a") is None
    session.commit()
    # And the earlier code is refused for good once a later one was used.
    assert two_factor.check_code(session, account.id, code, "a") is not None


def test_the_demo_code_moves_on_once_used(session: Session, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LICENSURE_DEMO", "1")
    secret = two_factor.new_secret()
    account = _account(session, "district_approver", secret)
    account.email = "approver@pine.demo.example"
    session.add(account)
    session.commit()
    first = two_factor.demo_code(account)
    assert two_factor.check_code(session, account.id, first, "a") is None
    session.commit()
    session.refresh(account)
    second = two_factor.demo_code(account)
    assert second != first
    assert two_factor.check_code(session, account.id, second, "a") is None


def test_a_right_code_entered_again_does_not_lock_the_account(session: Session) -> None:
    """A double click or a second tab re-sends a right code: refused, but no guess, so it
    does not count toward the sign-in throttle (before, six re-sends locked the account)."""
    from licensure_app.models import SignInAttempt
    from licensure_app.models._base import utcnow
    from licensure_app.services.accounts.sign_in import ACCOUNT_FAILURE_LIMIT, recent_failures

    secret = two_factor.new_secret()
    account = _account(session, "state_staff", secret)
    code = pyotp.TOTP(secret).now()
    assert two_factor.check_code(session, account.id, code, "a") is None
    session.commit()
    for _ in range(ACCOUNT_FAILURE_LIMIT + 1):
        assert "used already" in (two_factor.check_code(session, account.id, code, "a") or "")
    session.commit()
    assert recent_failures(session, SignInAttempt.email, account.email, utcnow()) == 0
    # A wrong code still counts.
    assert two_factor.check_code(session, account.id, "000000", "a") is not None
    session.commit()
    assert recent_failures(session, SignInAttempt.email, account.email, utcnow()) == 1
