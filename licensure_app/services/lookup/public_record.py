"""The public record of one license: its facts, endorsements, public history and notices.

Only public facts leave this module: never a date of birth, contact details, an educator
number, an internal id, or who acted in an audit event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from licensure_app.domain.formatting import format_date, sorted_name
from licensure_app.domain.renewal_periods import shown_period
from licensure_app.domain.status import LICENSE_STATUS_LABELS
from licensure_app.infra import clock
from licensure_app.models._base import utcnow

from .search import public_status
from .tables import _A, _D, _E, _JOIN, _L, _P, Reader

CURRENCY_NOTE = (
    "The look-up reads the state's license records directly, so it is updated the moment a "
    "license is issued, renewed or changes status. It shows each license's holder, number, "
    "type, class, endorsements, status and validity; it never shows dates of birth, "
    "addresses or contact details."
)


@dataclass(frozen=True)
class EndorsementView:
    code: str
    subject: str
    grade_span: str


@dataclass(frozen=True)
class HistoryEntry:
    on: str
    event: str
    details: str


@dataclass(frozen=True)
class PublicNotice:
    """A disciplinary notice the state office made public, from its effective date."""

    on: str
    text: str


@dataclass(frozen=True)
class LicenseRecord:
    """The public record of one license: the verification page and the printed QR code."""

    holder_name: str
    license_number: str
    license_type: str
    license_class: str
    status: str
    valid_from: str
    expires_on: str
    first_issued: str
    endorsements: tuple[EndorsementView, ...]
    history: tuple[HistoryEntry, ...]
    notices: tuple[str, ...]
    # The dates as YYYY-MM-DD, for the verification API.
    valid_from_iso: str = ""
    expires_iso: str = ""
    first_issued_iso: str = ""
    # Public disciplinary notices in force today, oldest first.
    disciplinary: tuple[PublicNotice, ...] = ()
    # After an early renewal the stored period has not begun: the license is valid today
    # under the prior one ("Current: 30 Apr 2022 – 29 Apr 2027 · Renewed through 29 Apr 2032").
    renewed_early: bool = False
    period_text: str = ""
    # The period in force today and, after an early renewal, the renewed one's end (API).
    current_from_iso: str = ""
    current_to_iso: str = ""
    renewed_through_iso: str = ""


# Fields of a license whose changes the public history shows; anything else an audit event
# holds (who acted, from where, accounts, profiles) stays private.
_PUBLIC_FIELDS = ("status", "license_type", "license_class", "valid_from", "expires_on")
_ACTION_LABELS = {
    "license.issued": "Issued",
    "license.created": "Issued",
    "license.renewed": "Renewed",
    "license.reactivated": "Reactivated",
    "license.upgraded": "Upgraded",
    "license.extended": "Extended",
    "license.converted": "Converted",
    "license.suspended": "Suspended",
    "license.revoked": "Revoked",
    "license.reinstated": "Reinstated",
    "license.name_changed": "Name changed",
}


def lookup_license(session: Reader, number: str, today: date | None = None) -> LicenseRecord | None:
    """The public record of the license with this number, or None if there is none."""
    today = today or clock.today()
    number = number.strip()
    # License numbers are ASCII digits; anything else (a NUL, which PostgreSQL refuses, or a
    # lone surrogate from a crafted URL) cannot match and must not reach the database.
    if not number or len(number) > 16 or not (number.isascii() and number.isdigit()):
        return None
    row = session.execute(
        select(
            _L.c.id,
            _L.c.license_number,
            _L.c.license_type,
            _L.c.license_class,
            _L.c.status,
            _L.c.first_issued,
            _L.c.valid_from,
            _L.c.expires_on,
            _L.c.prior_valid_from,
            _L.c.prior_expires_on,
            _P.c.first_name,
            _P.c.middle_name,
            _P.c.last_name,
        )
        .select_from(_JOIN)
        .where(_L.c.license_number == number)
    ).first()
    if row is None:
        return None
    endorsements = tuple(
        EndorsementView(e.code, e.subject, e.grade_span)
        for e in session.execute(
            select(_E.c.code, _E.c.subject, _E.c.grade_span)
            .where(_E.c.license_id == row.id)
            .order_by(_E.c.code)
        )
    )
    status = public_status(row.status, row.expires_on, today)
    period = shown_period(
        row.valid_from, row.expires_on, row.prior_valid_from, row.prior_expires_on, today
    )
    return LicenseRecord(
        holder_name=sorted_name(row.first_name, row.middle_name, row.last_name),
        license_number=row.license_number,
        license_type=row.license_type,
        license_class=row.license_class,
        status=status,
        valid_from=format_date(row.valid_from),
        expires_on=format_date(row.expires_on),
        first_issued=format_date(row.first_issued),
        endorsements=endorsements,
        history=_history(session, row.id, row.first_issued),
        notices=_notices(status, row.valid_from, row.expires_on),
        valid_from_iso=row.valid_from.isoformat(),
        expires_iso=row.expires_on.isoformat(),
        first_issued_iso=row.first_issued.isoformat(),
        disciplinary=_disciplinary(session, row.id, today),
        renewed_early=period.renewed_early,
        period_text=period.text,
        current_from_iso=period.current_from.isoformat(),
        current_to_iso=period.current_to.isoformat(),
        renewed_through_iso=period.renewed_through.isoformat() if period.renewed_through else "",
    )


def checked_at_text(now: datetime | None = None) -> str:
    """When the record was read, in the state's time: "30 November 2026 at 11:30 PM CST"."""
    return clock.show(now or utcnow())


def _history(session: Reader, license_id: int, first_issued: date) -> tuple[HistoryEntry, ...]:
    """Issue, renewals, status and class changes from the license's audit events, oldest
    first. A license issued before the app kept events starts with its first-issued date."""
    events = session.execute(
        select(_A.c.at, _A.c.action, _A.c.before_json, _A.c.after_json)
        .where(_A.c.entity_type == "license", _A.c.entity_id == str(license_id))
        .order_by(_A.c.at, _A.c.id)
    )
    entries = []
    for event in events:
        before, after = _json_object(event.before_json), _json_object(event.after_json)
        changed = [f for f in _PUBLIC_FIELDS if f in after and after[f] != before.get(f)]
        label = _ACTION_LABELS.get(event.action) or _status_label(before, after, changed)
        if label is None and not changed:
            continue  # nothing public happened (a claim by the holder, an internal fix)
        entries.append(
            HistoryEntry(
                # The state's calendar day: a change at 11:30 pm is dated that day.
                on=format_date(clock.local(event.at).date()),
                event=label or "Record updated",
                details="; ".join(_describe(f, before.get(f), after[f]) for f in changed),
            )
        )
    if not any(e.event == "Issued" for e in entries):
        entries.insert(0, HistoryEntry(format_date(first_issued), "Issued", ""))
    return tuple(entries)


_STATUS_EVENTS = {"suspended": "Suspended", "revoked": "Revoked", "expired": "Expired"}


def _status_label(before: dict[str, Any], after: dict[str, Any], changed: list[str]) -> str | None:
    """A status change named as people say it: suspended, revoked, reinstated."""
    if "status" not in changed:
        return None
    new, old = str(after["status"]), str(before.get("status", ""))
    if new == "active" and old in ("suspended", "revoked"):
        return "Reinstated"
    return _STATUS_EVENTS.get(new)


def _disciplinary(session: Reader, license_id: int, today: date) -> tuple[PublicNotice, ...]:
    """The public notices whose effective date has come (hidden and future ones never)."""
    rows = session.execute(
        select(_D.c.effective_on, _D.c.body)
        .where(_D.c.license_id == license_id, _D.c.public.is_(True), _D.c.effective_on <= today)
        .order_by(_D.c.effective_on, _D.c.id)
    )
    return tuple(PublicNotice(format_date(r.effective_on), r.body) for r in rows)


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _describe(field: str, old: Any, new: Any) -> str:
    def shown(value: Any) -> str:
        if field == "status":
            return LICENSE_STATUS_LABELS.get(str(value), str(value))
        if field in ("valid_from", "expires_on"):
            try:
                return format_date(date.fromisoformat(str(value)[:10]))
            except ValueError:
                return str(value)
        return str(value)

    label = {
        "status": "status",
        "license_type": "type",
        "license_class": "class",
        "valid_from": "valid from",
        "expires_on": "expires on",
    }[field]
    if old is None:
        return f"{label}: {shown(new)}"
    return f"{label}: {shown(old)} to {shown(new)}"


def _notices(status: str, valid_from: date, expires_on: date) -> tuple[str, ...]:
    if status == "Suspended":
        return ("This license is suspended: the holder may not work under it until the state "
                "reinstates it.",)  # fmt: skip
    if status == "Revoked":
        return ("This license has been revoked and is no longer valid.",)
    if status == "Expired":
        return (f"This license expired on {format_date(expires_on)}.",)
    if status == "Pending":
        return (f"This license has been approved and takes effect on {format_date(valid_from)}.",)
    return ()
