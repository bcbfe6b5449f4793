"""Hypothesis strategies for hostile input (see test_robustness.py)."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import strategies as st

# Characters that break naive code: NUL and other C0/C1 controls, invisible and
# bidirectional formatting, line and paragraph separators, a byte-order mark, the
# replacement character.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x1f\x7f\x85\x9b\xa0"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff\ufffd"
)
COMBINING = "\u0300\u0301\u0308\u0327\u0336\u034f\u20dd"
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2003\u2028\u2029\u202f\u3000"
SAMPLES = (
    "Núñez",
    "O’Brien",
    "O'Brien",
    "Ǆukić",
    "e\u0301",  # decomposed é
    "ß",
    "İ",
    "ﬁ",
    "ﷺ",  # one code point, 18 after NFKD
    "㍿",
    "Ⅻ",
    "עברית",
    "محمد",
    "\u202eevil",
    "👩\u200d👩\u200d👧\u200d👦",
    "🏳️\u200d🌈",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̗̻̈o̯",
    "%",
    "_",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    "Robert'); DROP TABLE account;--",
    "%_%",
    "\U0010ffff",
    "\uffff",
)
# A lone surrogate: JSON (and so a websocket event) can carry one, UTF-8 cannot.
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


def whitespace_only() -> st.SearchStrategy[str]:
    return st.text(alphabet=WHITESPACE + "\u200b", min_size=1, max_size=12)


def long_text(min_size: int = 90, max_size: int = 260) -> st.SearchStrategy[str]:
    unit = st.sampled_from(["a", "é", "e\u0301", "ß", "ﷺ", "👍", " ", "%", "א"])
    return st.builds(lambda u, n: u * n, unit, st.integers(min_size, max_size))


def hostile_text(*, surrogates: bool = False, max_pieces: int = 8) -> st.SearchStrategy[str]:
    """Short and long, unicode-heavy, control-character and whitespace-only strings."""
    piece_options = [
        st.text(max_size=12),  # any code point but surrogates
        st.sampled_from(SAMPLES),
        st.text(alphabet=NASTY + COMBINING + " ", min_size=1, max_size=6),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12),
    ]
    if surrogates:
        piece_options.append(SURROGATES)
    pieces = st.lists(st.one_of(*piece_options), max_size=max_pieces).map("".join)
    return st.one_of(pieces, whitespace_only(), long_text())


def amount_strings() -> st.SearchStrategy[str]:
    """What people (and attackers) type into an amount field."""
    fixed = st.sampled_from(
        [
            "",
            " ",
            "0",
            "-0",
            "0.0",
            "-1",
            "-0.5",
            "0.001",
            "0.004",
            "0.005",
            "0.49",
            "0.5",
            "1",
            "1,5",
            "1.5.5",
            "1e3",
            "1000",
            "1000.001",
            "1000.004",
            "1e9",
            "1e308",
            "1e309",
            "-1e309",
            "9" * 400,
            "nan",
            "NaN",
            "-nan",
            "inf",
            "-inf",
            "Infinity",
            "0x10",
            "1_000",
            "١٫٥",
            "١٢",
            "²",
            "½",
            "1/2",
            "one",
            "\x00",
            "1\x00",
            "  3  ",
        ]
    )
    floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
    tiny = st.floats(min_value=0, max_value=0.02).map(repr)  # rounds to 0 at two decimals
    return st.one_of(fixed, floats, tiny, st.integers(-(10**30), 10**30).map(str), hostile_text())


def date_strings() -> st.SearchStrategy[str]:
    """Far past and future ISO dates, impossible dates and things that are not dates."""
    fixed = st.sampled_from(
        [
            "",
            "0001-01-01",
            "1949-12-31",
            "1950-01-01",
            "9999-12-31",
            "+10000-01-01",
            "2026-02-29",
            "2024-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "20260101",
            "2026-W01-1",
            "2026-01-01T00:00",
            "01/02/2026",
            "02/30/2026",
            "yesterday",
            "٢٠٢٦-٠١-٠١",
            "2026-01-01\x00",
            "-2026-01-01",
        ]
    )
    real = st.dates(min_value=date.min, max_value=date.max).map(date.isoformat)
    us = st.dates(min_value=date.min, max_value=date.max).map(lambda d: d.strftime("%m/%d/%Y"))
    return st.one_of(fixed, real, us, hostile_text())


def mostly(
    valid: st.SearchStrategy[str], hostile: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """Valid three times in four (so that forms get past their other fields), else hostile."""
    # Not 0 for hostile: hypothesis draws the simplest integer far more often than the others.
    return st.integers(0, 3).flatmap(lambda i: hostile if i == 3 else valid)


# Names a person may have, and text a form must accept (once cleaned): accents, ligatures
# that grow when decomposed, right-to-left, emoji, the longest allowed, a stray NUL.
VALID_NAMES = [
    "Dana",
    "Núñez",
    "O’Brien",
    "Ǆukić",
    "Jose\u0301",
    "ﷺ" * 6,
    "ß" * 60,
    "a" * 100,
    "محمد",
    "Zoë",
    "Da\x00na",
    " Mary\tAnn ",
    "👩\u200d👩\u200d👧 Lee",
    "\u202eLee",
]


def _name_query(names: tuple[str, str], n: int, m: int, form: int, upper: bool) -> str:
    first, last = names
    text = (last[:n], f"{last[:n]}, {first[:m]}", f"{first[:m]} {last[:n]}")[form]
    return text.upper() if upper else text


def lookup_queries(seed_names: list[tuple[str, str]]) -> st.SearchStrategy[str]:
    """SQL metacharacters, punctuation only, digits, very long, and prefixes of real names
    ("Thom", "Thompson, Av", "Av Thom")."""
    metachar = st.text(alphabet="%_'\"\\;,-*()[]^$.?|/ \t", min_size=1, max_size=30)
    prefixes = st.builds(
        _name_query,
        st.sampled_from(seed_names),
        st.integers(1, 30),
        st.integers(0, 6),
        st.integers(0, 2),
        st.booleans(),
    )
    with_metachar = st.builds(
        lambda prefix, extra, front: extra + prefix if front else prefix + extra,
        prefixes,
        st.sampled_from(["%", "_", "%%", "'", "\\", "\\%", "*", " %", ",", ", %", "\x00"]),
        st.booleans(),
    )
    numbers = st.one_of(
        st.text(alphabet="0123456789 -", min_size=1, max_size=20),
        st.sampled_from(["1000001", "100 0001", "1000-001", "١٠٠٠٠٠١", "1000001%", "1e6"]),
    )
    others = st.one_of(
        metachar,
        with_metachar,
        numbers,
        hostile_text(surrogates=True),
        st.builds(lambda s: s * 40, st.sampled_from(["ab", "%", "a b ", "ß"])),
    )
    return st.one_of(prefixes, others, others)


# ------------------------------------------------------------------ CSV files

HEADER_SPELLINGS: dict[str, list[str]] = {
    "educator_id": ["Educator ID", "educator_id", "EDUCATOR-NUMBER", " Educator "],
    "license_number": ["License Number", "license_no", "LICENSE"],
    "title": ["Title", " TITLE "],
    "provider": ["Provider", "provider"],
    "kind": ["Kind", "KIND"],
    "amount": ["Amount", "amount "],
    "date": ["Date", "Completion Date", "completed_on"],
}
EXTRA_HEADERS = ["Notes", "", "Ignored column", "ǅ", "%"]
VALID_TEXT = [
    "Literacy",
    "Math  methods",
    "Núñez workshop",
    "ﷺ ﷺ",
    "a" * 200,
    "T\x00itle",  # valid once the NUL is dropped
    "👩\u200d👩\u200d👧 family literacy",
    "עברית",
    'Comma, quote " and newline\ninside',
]
TODAY = date(2026, 11, 24)


@st.composite
def csv_files(draw: st.DrawFn, educator_ids: list[str], license_numbers: list[str]) -> bytes:
    """A bulk-load file (see bulk_pd.py for the format): mostly well formed, with hostile
    rows, cells, headers, delimiters and encodings mixed in."""
    shape = draw(st.sampled_from(["csv"] * 12 + ["empty", "bytes", "blank lines"]))
    if shape == "empty":
        return b""
    if shape == "bytes":
        return draw(st.binary(max_size=400))
    if shape == "blank lines":
        return draw(st.sampled_from([b"\n", b"\r\n\r\n", b" ,  ,\n", b"\xef\xbb\xbf", b"\x00"]))

    identity = draw(
        st.sampled_from(
            [["educator_id"]] * 5
            + [["license_number"]] * 3
            + [["educator_id", "license_number"]] * 2
            + [[]]
        )
    )
    required = ["title", "provider", "kind", "amount", "date"]
    dropped = (
        draw(st.sets(st.sampled_from(required), max_size=2))
        if draw(st.integers(0, 7)) == 0
        else set()
    )
    columns = identity + [c for c in required if c not in dropped]
    extras = draw(st.lists(st.sampled_from(EXTRA_HEADERS), max_size=2))
    columns = draw(st.permutations(columns + [f"extra:{e}" for e in extras]))
    header = [
        c.removeprefix("extra:")
        if c.startswith("extra:")
        else draw(st.sampled_from(HEADER_SPELLINGS[c]))
        for c in columns
    ]

    valid = {
        "title": st.sampled_from(VALID_TEXT),
        "provider": st.sampled_from(["MDE", "USM", *VALID_TEXT]),
        "kind": st.sampled_from(
            ["CEU", "ceus", "eLearning CEU", "SEMI", "semi credits", "SEMI-credit"]
        ),
        "amount": st.sampled_from(["1", "2.5", "0.5", "10", "1,5", " 3 ", "1000", "0.999"]),
        "date": st.one_of(
            st.dates(min_value=date(1950, 1, 1), max_value=TODAY).map(date.isoformat),
            st.dates(min_value=date(1950, 1, 1), max_value=TODAY).map(
                lambda d: d.strftime("%m/%d/%Y")
            ),
        ),
    }
    hostile = {
        "educator_id": st.one_of(
            st.sampled_from(["E9999999", "", "E%", "' OR 1=1"]), hostile_text()
        ),
        "license_number": st.one_of(
            st.sampled_from(["9999999", "", "1000001%", "²"]), hostile_text()
        ),
        "title": hostile_text(),
        "provider": hostile_text(),
        "kind": st.one_of(
            st.sampled_from(["bitcoin", "", "degree", "national_board"]), hostile_text()
        ),
        "amount": amount_strings(),
        "date": date_strings(),
    }

    def row() -> list[str]:
        holder = draw(st.integers(0, len(educator_ids) - 1))
        spoilt = (
            draw(st.sets(st.sampled_from(columns), max_size=2)) if draw(st.booleans()) else set()
        )
        cells = []
        for c in columns:
            if c.startswith("extra:"):
                cells.append(draw(st.sampled_from(["", "x", "ignored, with a comma"])))
            elif c in spoilt:
                cells.append(draw(hostile[c]))
            elif c == "educator_id":
                number = educator_ids[holder]
                cells.append(draw(st.sampled_from([number, number.lower(), f" {number} "])))
            elif c == "license_number":
                number = license_numbers[holder]
                cells.append(
                    draw(
                        st.sampled_from(
                            [number, f"{number[:3]} {number[3:]}", f"{number[:3]}-{number[3:]}"]
                        )
                    )
                )
            else:
                cells.append(draw(valid[c]))
        return cells

    rows = [row() for _ in range(draw(st.integers(0, 6)))]
    if rows and draw(st.booleans()):  # duplicates, some in another spelling of the same row
        for _ in range(draw(st.integers(1, 3))):
            copy = list(draw(st.sampled_from(rows)))
            if draw(st.booleans()):
                copy = [cell.upper() if i % 2 else f" {cell} " for i, cell in enumerate(copy)]
            rows.append(copy)
    if rows and draw(st.integers(0, 3)) == 0:  # a ragged row: missing or extra cells
        i = draw(st.integers(0, len(rows) - 1))
        cut = draw(st.integers(0, len(rows[i]) + 2))
        rows[i] = (rows[i] + ["extra", "cells"])[:cut]

    delimiter = draw(st.sampled_from([","] * 20 + [";", "\t", "|"]))
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerow(header)
    for r in rows:
        if draw(st.integers(0, 9)) == 0:
            buffer.write("\n")  # a blank line
        writer.writerow(r)
    text = buffer.getvalue()

    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "latin-1", "cp1252", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 7)) == 0:  # a stray byte that is not UTF-8
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xe9", b"\x00"]))
            + data[at:]
        )
    return data


# ------------------------------------------------------------------ uploads

SIGNATURES = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
TRUNCATED = (b"%PDF", b"%PD", b"%", b"\x89PNG\r\n\x1a", b"\x89PNG", b"\xff\xd8", b"\xff")


def uploads() -> st.SearchStrategy[bytes]:
    """Random bytes, files that start right and continue wrong, truncated magic numbers."""
    garbage = st.binary(max_size=2048)
    return st.one_of(
        garbage,
        st.builds(lambda s, g: s + g, st.sampled_from(SIGNATURES), garbage),
        st.builds(lambda s, g: s + g, st.sampled_from(TRUNCATED), st.binary(max_size=8)),
        st.sampled_from(TRUNCATED + (b"", b"\x00", b" %PDF-1.7", b"MZ\x90\x00", b"PK\x03\x04")),
    )


def filenames() -> st.SearchStrategy[str]:
    fixed = st.sampled_from(
        [
            "",
            " ",
            ".",
            "..",
            "/",
            "\\",
            "../../etc/passwd",
            "..\\..\\boot.ini",
            "C:\\Users\\x\\cert.pdf",
            "\x00\x01",
            "\u202egpj.exe",
            "cert.pdf\x00.exe",
            "a" * 400 + ".pdf",
            "😀.pdf",
        ]
    )
    return st.one_of(fixed, hostile_text())
