"""What a notice says, and how it reads as an e-mail (plain text with an HTML alternative).

A notice names what happened, what to do next and where; the subject says what it is
about without anything private (no names, numbers or reasons), since subjects show in
lock screens and mail logs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    subject: str  # short, nothing private
    what_happened: str  # the in-app line; may carry the reason
    next_step: str = ""
    link: str = ""  # a path in the app ("/applications")
    link_text: str = "Open the licensure system"


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str


def render_email(notice: Notice, *, agency: str, base_url: str, greeting: str = "") -> EmailContent:
    """The e-mail for `notice`, signed by `agency`, with the link made absolute."""
    url = f"{base_url.rstrip('/')}{notice.link}" if notice.link else base_url
    hello = f"Dear {greeting}," if greeting else "Hello,"
    lines = [hello, "", notice.what_happened]
    if notice.next_step:
        lines += ["", notice.next_step]
    lines += ["", f"{notice.link_text}: {url}", "", "--", agency]
    text = "\n".join(lines) + "\n"
    e = html.escape
    next_step = f"<p>{e(notice.next_step)}</p>" if notice.next_step else ""
    body = (
        '<!doctype html><html lang="en"><body style="font-family: sans-serif; color: #1a1a1a">'
        f"<p>{e(hello)}</p><p>{e(notice.what_happened)}</p>{next_step}"
        f'<p><a href="{e(url, quote=True)}">{e(notice.link_text)}</a></p>'
        f'<p style="color: #555">{e(agency)}</p></body></html>'
    )
    return EmailContent(subject=f"{notice.subject} | {agency}", text=text, html=body)
