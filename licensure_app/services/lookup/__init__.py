"""The public license look-up: parse a query, find licenses by number or name, page by keyset.

Only public facts leave this package (`LookupRow`, `LicenseRecord`): the holder's name and
the license's number, type, class, endorsements, status, dates and public history. Never a
date of birth, contact details, an educator number or an internal database id.

Speed (SPEC 6): every query is a range scan of a btree. Name prefixes become
`key >= 'smi' AND key < 'smj'` on the normalised *_key columns, which both SQLite (BINARY
collation) and PostgreSQL (the columns are COLLATE "C" there) compare byte-wise, so the
range holds exactly the keys that start with the prefix.

Where things live:
- `query`: what may be searched (query_problem), how (parse_query, NamePattern), the index
  ranges of a name prefix, the page Cursor, the search help texts.
- `search`: the search statements (built once per shape), search_licenses, LookupRow /
  LookupPage, the page's result rows (public_fields, total_text).
- `public_record`: one license's public record (lookup_license), its history, notices and
  public disciplinary notices, and when it was read (checked_at_text, in the state's time).
- `verification`: the "Valid" / "Not valid" verdict as of a moment and the verification PDF
  with its QR code (verdict, verification_pdf, public_verification_pdf).
- `limits`: the look-up's per-address rate limit (SEARCH_LIMITER, rate_limit_message);
  the limiter itself is `infra.rate_limit.SlidingWindowLimiter`.
- `tables`: the Core tables read and the Reader type.
"""

from .limits import SEARCH_LIMITER, rate_limit_message
from .public_record import (
    CURRENCY_NOTE,
    EndorsementView,
    HistoryEntry,
    LicenseRecord,
    PublicNotice,
    checked_at_text,
    lookup_license,
)
from .query import (
    MAX_QUERY_CHARACTERS,
    MIN_QUERY_CHARACTERS,
    SEARCH_HELP,
    Cursor,
    NamePattern,
    ParsedQuery,
    parse_query,
    query_problem,
)
from .search import (
    COUNT_CAP,
    PAGE_SIZE,
    LookupPage,
    LookupRow,
    ResultRow,
    public_fields,
    public_status,
    search_licenses,
    search_statements,
    total_text,
)
from .tables import Reader
from .verification import (
    NOT_VALID,
    VALID,
    Verdict,
    public_verification_pdf,
    verdict,
    verification_filename,
    verification_pdf,
)

__all__ = [
    "COUNT_CAP",
    "CURRENCY_NOTE",
    "MAX_QUERY_CHARACTERS",
    "MIN_QUERY_CHARACTERS",
    "NOT_VALID",
    "PAGE_SIZE",
    "SEARCH_HELP",
    "SEARCH_LIMITER",
    "VALID",
    "Cursor",
    "EndorsementView",
    "HistoryEntry",
    "LicenseRecord",
    "LookupPage",
    "LookupRow",
    "NamePattern",
    "ParsedQuery",
    "PublicNotice",
    "Reader",
    "ResultRow",
    "Verdict",
    "checked_at_text",
    "lookup_license",
    "parse_query",
    "public_fields",
    "public_status",
    "public_verification_pdf",
    "query_problem",
    "rate_limit_message",
    "search_licenses",
    "search_statements",
    "total_text",
    "verdict",
    "verification_filename",
    "verification_pdf",
]
