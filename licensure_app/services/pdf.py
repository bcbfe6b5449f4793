"""The parts the app's PDF documents share: a page, headings, facts, the QR code, the footer.

Documents are made on the server with fpdf2 and its built-in Helvetica, which covers
Latin-1 only: `safe` turns typographic punctuation into plain ASCII and drops accents that
Latin-1 lacks, so any name prints rather than failing the whole document.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from datetime import datetime

import segno
from fpdf import FPDF

from licensure_app.infra import clock

NAVY = (30, 58, 95)  # the printed license's navy, #1e3a5f
MUTED = (65, 70, 81)  # #414651
INK = (17, 24, 39)
GREEN = (22, 101, 52)  # 7.1:1 on white
RED = (153, 27, 27)  # 8.3:1 on white
PDF_MIME = "application/pdf"

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        # Letters NFKD does not take apart.
        "\u0141": "L",
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0131": "i",
        "\u0152": "OE",
        "\u0153": "oe",
    }
)


def safe(text: str) -> str:
    """`text` in the Latin-1 the built-in fonts cover: "Muñoz" stays, "Nguyễn" is "Nguyen"."""
    text = text.translate(_PLAIN)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in base if not unicodedata.combining(c)) or "?")
    return "".join(out)


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (black on white, quiet zone included) for scanners."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def new_document(title: str, generated_at: datetime) -> FPDF:
    """A Letter page with the document's title and creation time set (deterministic bytes)."""
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_title(safe(title))
    pdf.set_author(safe("Office of Educator Licensure"))
    pdf.set_creation_date(clock.aware(generated_at))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    return pdf


def text_line(
    pdf: FPDF, text: str, size: float = 11, style: str = "", color: tuple = INK, gap: float = 0
) -> None:
    """One paragraph across the page width (wrapped if long)."""
    pdf.set_font("Helvetica", style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.5, safe(text), new_x="LMARGIN", new_y="NEXT")
    if gap:
        pdf.ln(gap)


def section_heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    text_line(pdf, text.upper(), size=10, style="B", color=MUTED, gap=1)


def facts(pdf: FPDF, rows: Sequence[tuple[str, str]], label_width: float = 42) -> None:
    """Label: value rows, the label muted and the value bold."""
    for label, value in rows:
        pdf.set_font("Helvetica", "", 10)
        pdf.set_text_color(*MUTED)
        pdf.cell(label_width, 6.5, safe(label))
        pdf.set_font("Helvetica", "B", 11)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 6.5, safe(value or "-"), new_x="LMARGIN", new_y="NEXT")


def table(pdf: FPDF, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A simple bordered table; widths share the page width by the headers' weights."""
    # The last column holds the words (details, a notice's text): it gets the room.
    weights = {2: [1.0, 3.0], 3: [1.1, 1.1, 2.8]}.get(len(headers), [1.0] * len(headers))
    width = pdf.epw
    widths = [width * w / sum(weights) for w in weights]
    pdf.set_draw_color(*MUTED)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(*INK)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5.5) as grid:
        header = grid.row()
        for h in headers:
            header.cell(safe(h))
        for row in rows:
            line = grid.row()
            for value in row:
                line.cell(safe(value or "-"))


def verification_block(pdf: FPDF, url: str, lines: Sequence[str], size: float = 38) -> None:
    """The QR code (a link to `url`) with the words beside it, from the current line."""
    if pdf.get_y() + size > pdf.page_break_trigger:
        pdf.add_page()
    top, left = pdf.get_y() + 2, pdf.l_margin
    pdf.image(io.BytesIO(qr_png(url)), x=left, y=top, w=size, h=size, link=url)
    pdf.set_xy(left + size + 6, top + 4)
    for i, line in enumerate(lines):
        pdf.set_x(left + size + 6)
        pdf.set_font("Helvetica", "B" if i == 0 else "", 11)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 6, safe(line), new_x="LEFT", new_y="NEXT")
    pdf.set_x(left + size + 6)
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_text_color(*NAVY)
    pdf.multi_cell(0, 6, safe(url), link=url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + size) + 4)


def generated_line(pdf: FPDF, generated_at: datetime) -> None:
    text_line(pdf, f"Generated {clock.show(generated_at)}.", size=9, color=MUTED)


def finish(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
