"""Name normalisation shared by registration, the demo loader and the public look-up."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_name(value: str) -> str:
    """A name as typed, trimmed and with inner runs of spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def name_key(value: str) -> str:
    """Lower-case, accent-free form used by indexes: 'Ñúñez-O’Brien ' -> 'nunez-o'brien'."""
    decomposed = unicodedata.normalize("NFKD", clean_name(value))
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return without_marks.replace("\u2019", "'").casefold()
