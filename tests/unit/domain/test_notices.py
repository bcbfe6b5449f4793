"""Notices read as e-mails: plain text and HTML, the agency's name, the link, nothing injected."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from licensure_app.domain.formatting import article, format_time
from licensure_app.domain.notices import Notice, render_email


def test_an_email_says_what_happened_what_next_and_where() -> None:
    notice = Notice(
        subject="Your application was returned for correction",
        what_happened="The district returned your renewal: the certificate is unreadable.",
        next_step="Correct it and submit it again.",
        link="/applications",
        link_text="See your applications",
    )
    mail = render_email(
        notice,
        agency="Mississippi Educator Licensure",
        base_url="https://lic.example.gov/",
        greeting="Avery Thompson",
    )
    assert (
        mail.subject
        == "Your application was returned for correction | Mississippi Educator Licensure"
    )
    assert mail.text.startswith("Dear Avery Thompson,\n")
    assert "the certificate is unreadable" in mail.text
    assert "Correct it and submit it again." in mail.text
    assert "See your applications: https://lic.example.gov/applications" in mail.text
    assert mail.text.rstrip().endswith("Mississippi Educator Licensure")
    assert '<a href="https://lic.example.gov/applications">See your applications</a>' in mail.html


def test_html_escapes_what_people_typed() -> None:
    notice = Notice(subject="Returned", what_happened='Reason: <script>alert("x")</script> & more')
    mail = render_email(notice, agency="A & B", base_url="https://x.example")
    assert "<script>" not in mail.html
    assert "&lt;script&gt;" in mail.html
    assert "A &amp; B" in mail.html


def test_times_read_in_the_state_zone() -> None:
    moment = datetime(2026, 12, 1, 5, 6, tzinfo=ZoneInfo("UTC")).astimezone(
        ZoneInfo("America/Chicago")
    )
    assert format_time(moment) == "30 November 2026 at 11:06 PM CST"


def test_articles() -> None:
    assert article("additional endorsement") == "an additional endorsement"
    assert article("renewal") == "a renewal"
    assert article("upgrade") == "an upgrade"
