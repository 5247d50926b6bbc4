"""Draw an :class:`~thidua.documents.selectors.OfficialDocument` as DOCX or PDF in the
layout of Decree 30/2020/NĐ-CP: a two-column header (the parent and issuing body on
the left, Quốc hiệu and tiêu ngữ on the right), the number and symbol, place and date
in words, the title and subject, the body, the signature block and "Nơi nhận";
Times New Roman (fonts-liberation2's "Liberation Serif" stands in for it where the
font is not installed, with the same metrics).

Templates an administrator can replace
--------------------------------------
The default layout is drawn from the dataclass by code, so no file is needed. To
replace a document's layout, put a Word file named ``<kind>.docx`` (``ranking``,
``minutes``, ``ballot_count``, ``cover_letter``, ``annual_report``) in
``settings.DOCUMENT_TEMPLATES_DIR`` (default ``<repo>/templates/documents/``). It is
rendered with docxtpl (Jinja2 tags inside Word): the context holds ``heading``
(``parent_body``, ``issuing_body``, ``number_text``, ``place_date``, ``title``,
``subject``), ``draft`` (bool), ``draft_mark`` ("DỰ THẢO" or ""), ``paragraphs``
(the body's paragraphs as text), ``tables`` (each with ``headers`` and ``rows``),
``signatures``, ``recipients`` and ``data`` (the document's structured content).
The PDF is always drawn from the HTML rendition (``templates/documents/official.html``).
"""

from dataclasses import asdict
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from thidua.core.errors import DomainError
from thidua.documents.selectors import DRAFT_MARK, OfficialDocument, Paragraph, Table

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"
DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def templates_dir() -> Path:
    configured = getattr(settings, "DOCUMENT_TEMPLATES_DIR", None)
    return Path(configured or Path(settings.BASE_DIR) / "templates" / "documents")


def template_context(doc: OfficialDocument) -> dict:
    return {
        "kind": doc.kind,
        "heading": asdict(doc.heading),
        "draft": doc.draft,
        "draft_mark": DRAFT_MARK if doc.draft else "",
        "paragraphs": [b.text for b in doc.body if isinstance(b, Paragraph)],
        "tables": [
            {"headers": list(b.headers), "rows": [list(r) for r in b.rows]}
            for b in doc.body
            if isinstance(b, Table)
        ],
        "signatures": [asdict(s) for s in doc.signatures],
        "recipients": list(doc.recipients),
        "data": doc.data,
    }


# --- DOCX --------------------------------------------------------------------------


def render_docx(doc: OfficialDocument) -> bytes:
    override = templates_dir() / f"{doc.kind}.docx"
    if override.is_file():
        from docxtpl import DocxTemplate

        template = DocxTemplate(str(override))
        template.render(template_context(doc))
        out = BytesIO()
        template.save(out)
        return out.getvalue()
    return _draw_docx(doc)


def _font(run, *, size=13, bold=False, italic=False, color=None):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    if color:
        run.font.color.rgb = RGBColor(*color)
    # East-Asian and complex-script slots too, so Word uses the font for every glyph.
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    return run


def _para(
    container, text, *, align=None, size=13, bold=False, italic=False, color=None
):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(3)
    _font(p.add_run(text), size=size, bold=bold, italic=italic, color=color)
    return p


def _cell_text(cell, lines, *, align=WD_ALIGN_PARAGRAPH.CENTER):
    cell.paragraphs[0].text = ""
    first = True
    for text, size, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = align
        _font(p.add_run(text), size=size, bold=bold, italic=italic)


def _draw_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    # Decree 30 Appendix I: A4, margins top/bottom 2 cm, left 3 cm, right 1.5 cm.
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    h = doc.heading
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_text(
        header.cell(0, 0),
        [(h.parent_body, 12, False, False), (h.issuing_body, 12, True, False)],
    )
    _cell_text(
        header.cell(0, 1),
        [(QUOC_HIEU, 12, True, False), (TIEU_NGU, 13, True, False)],
    )
    _cell_text(header.cell(1, 0), [(h.number_text, 13, False, False)])
    _cell_text(header.cell(1, 1), [(h.place_date, 13, False, True)])

    if doc.draft:
        _para(
            document,
            DRAFT_MARK,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            size=14,
            bold=True,
            color=(0xC0, 0, 0),
        )
    _para(document, h.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, bold=True)
    _para(document, h.subject, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, bold=True)

    for block in doc.body:
        if isinstance(block, Table):
            table = document.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                _cell_text(cell, [(text, 12, True, False)])
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    _cell_text(cell, [(text, 12, False, False)])
            continue
        align = {
            "heading": WD_ALIGN_PARAGRAPH.CENTER,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
        }.get(block.style, WD_ALIGN_PARAGRAPH.JUSTIFY)
        _para(
            document,
            block.text,
            align=align,
            bold=block.style in ("heading", "bold"),
            italic=block.style == "italic",
        )

    _para(document, "")
    footer = document.add_table(rows=1, cols=2)
    recipients = [("Nơi nhận:", 12, True, True)] + [
        (f"- {r};" if i < len(doc.recipients) - 1 else f"- {r}", 11, False, False)
        for i, r in enumerate(doc.recipients)
    ]
    _cell_text(footer.cell(0, 0), recipients, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = []
    for s in doc.signatures:
        if s.on_behalf:
            lines.append((s.on_behalf, 13, True, False))
        lines += [(s.title, 13, True, False), ("", 13, False, False)]
        lines += [("", 13, False, False), (s.name, 13, True, False)]
    _cell_text(footer.cell(0, 1), lines)

    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------


def render_html(doc: OfficialDocument) -> str:
    return render_to_string(
        "documents/official.html",
        {
            "doc": doc,
            "quoc_hieu": QUOC_HIEU,
            "tieu_ngu": TIEU_NGU,
            "draft_mark": DRAFT_MARK,
            "blocks": [{"table": isinstance(b, Table), "block": b} for b in doc.body],
        },
    )


def render_pdf(doc: OfficialDocument) -> bytes:
    """PDF through WeasyPrint, imported here: without Pango the app still runs and
    this answers 503 PDF_UNAVAILABLE (api.md "Running it")."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise DomainError("PDF_UNAVAILABLE") from exc
    return weasyprint.HTML(string=render_html(doc)).write_pdf()
