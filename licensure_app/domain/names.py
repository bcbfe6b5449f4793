"""Name normalisation shared by registration, the demo loader and the public look-up."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# The width of the *_name_key columns (VARCHAR(100)).
NAME_KEY_MAX = 100


def storable(value: str) -> str:
    """`value` without control characters and lone surrogates, which no name or address
    holds and no database stores (PostgreSQL refuses NUL; UTF-8 has no surrogates).
    Whitespace controls (tab, newline) stay, for the caller to collapse or refuse."""
    return "".join(
        ch for ch in value if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def _invisible(ch: str) -> bool:
    # Spaces and format characters: zero-width space, byte-order mark, direction marks.
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def clean_name(value: str) -> str:
    """A name as typed, with inner runs of spaces collapsed, control characters dropped and
    trimmed of spaces and invisible characters (a name of only those is empty)."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", storable(value)))
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def name_key(value: str) -> str:
    """Lower-case, accent-free form used by indexes: 'Ñúñez-O’Brien ' -> 'nunez-o'brien'.

    Decomposing can lengthen a name ('ﷺ' is 18 letters, 'ß' two), so the key is cut to
    the column's width; a query's key is cut the same way, so it still finds the name.
    """
    decomposed = unicodedata.normalize("NFKD", clean_name(value))
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_marks.replace("\u2019", "'").casefold()[:NAME_KEY_MAX]
