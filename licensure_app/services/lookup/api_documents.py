"""The verification API's JSON documents: the public record and search results, with the
same fields and privacy as the public pages (nothing a LookupRow or LicenseRecord lacks).

A page cursor is the license number of the page's last row, encoded: public, yet opaque to
clients, and it never carries an internal id (query.Cursor does; it stays here).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import select

from licensure_app.domain.status import LICENSE_ACTIVE, license_label

from .public_record import LicenseRecord
from .query import Cursor
from .search import LookupPage, LookupRow
from .tables import _JOIN, _L, _P, Reader

API_PAGE_SIZE = 25
API_MAX_PAGE_SIZE = 100


def record_document(record: LicenseRecord, checked_at: str, url: str) -> dict[str, Any]:
    return {
        "license_number": record.license_number,
        "holder_name": record.holder_name,
        "valid": record.status == license_label(LICENSE_ACTIVE),
        "status": record.status,
        "license_type": record.license_type,
        "license_class": record.license_class,
        "endorsements": [
            {"code": e.code, "subject": e.subject, "grade_span": e.grade_span}
            for e in record.endorsements
        ],
        "first_issued": record.first_issued_iso,
        # The period in force today: after an early renewal the renewed period has not
        # begun, and `renewed_through` says until when the license is renewed.
        "valid_from": record.current_from_iso or record.valid_from_iso,
        "expires_on": record.current_to_iso or record.expires_iso,
        "renewed_through": record.renewed_through_iso or None,
        "history": [{"on": h.on, "event": h.event, "details": h.details} for h in record.history],
        "notices": list(record.notices),
        "disciplinary_notices": [{"on": n.on, "text": n.text} for n in record.disciplinary],
        "checked_at": checked_at,
        "verification_url": url,
    }


def _row_document(row: LookupRow, base_url: str) -> dict[str, Any]:
    return {
        "license_number": row.license_number,
        "holder_name": row.name,
        "status": row.status,
        "license_type": row.license_type,
        "license_class": row.license_class,
        "endorsements": list(row.endorsements),
        "expires_on": row.expires_iso,
        "verification_url": f"{base_url}/lookup/{row.license_number}",
    }


def search_document(query: str, page: LookupPage, base_url: str, checked_at: str) -> dict[str, Any]:
    last = page.rows[-1].license_number if page.rows and page.next_cursor else None
    return {
        "query": query,
        "results": [_row_document(r, base_url) for r in page.rows],
        "total": page.total,
        "total_is_capped": page.total_capped,
        "next_cursor": encode_cursor(last) if last else None,
        "checked_at": checked_at,
    }


def encode_cursor(license_number: str) -> str:
    return base64.urlsafe_b64encode(f"v1:{license_number}".encode()).decode().rstrip("=")


def decode_cursor(reader: Reader, token: str) -> Cursor | None:
    """The keyset position after the license a cursor names, or None if it names none."""
    if not token or len(token) > 64:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, number = text.partition(":")
    if prefix != "v1" or not (number.isascii() and number.isdigit()) or len(number) > 16:
        return None
    row = reader.execute(
        select(_P.c.last_name_key, _P.c.first_name_key, _P.c.id)
        .select_from(_JOIN)
        .where(_L.c.license_number == number)
    ).first()
    return Cursor(row.last_name_key, row.first_name_key, row.id) if row else None
