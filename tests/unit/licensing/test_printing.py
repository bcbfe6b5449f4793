"""The printable license and its QR code."""

from __future__ import annotations

import urllib.parse

import pytest
from license_world import NUMBER, TODAY, register, state_record
from sqlmodel import Session

from licensure_app.services import licensing as svc

# ---------------------------------------------------------------- printing


def test_print_view_of_own_license(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_BASE_URL", "https://licensure.example.gov/")
    holder, _ = state_record(session)
    holder.middle_name = "Lee"
    session.add(holder)
    session.commit()
    view = svc.print_view(session, holder.id or 0, NUMBER, TODAY)
    assert view is not None
    assert view.holder_name == "Jordan Lee Rivera"
    assert (view.number, view.license_class, view.expires_on) == (NUMBER, "A", "30 June 2029")
    assert view.endorsements == ("0154 English (7-12)",)
    assert view.verify_url == f"https://licensure.example.gov/lookup/{NUMBER}"
    assert view.qr_data_uri == svc.qr_svg(view.verify_url)


def test_print_view_refuses_another_educators_license(session: Session) -> None:
    state_record(session)
    _, registration = register(session)
    assert svc.print_view(session, registration.id or 0, NUMBER, TODAY) is None
    assert svc.print_view(session, registration.id or 0, "no-such", TODAY) is None


def test_qr_svg_is_an_svg_data_uri_of_the_url() -> None:
    uri = svc.qr_svg("http://localhost:8000/lookup/100100")
    assert uri.startswith("data:image/svg+xml")
    svg = urllib.parse.unquote(uri.split(",", 1)[1])
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert uri != svc.qr_svg("http://localhost:8000/lookup/100101")
    assert uri == svc.qr_svg("http://localhost:8000/lookup/100100")  # deterministic
