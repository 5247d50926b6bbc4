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

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import asdict
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from thidua.core.errors import DomainError
from thidua.documents.selectors import (
    DRAFT_MARK,
    INDEX_NAME,
    Dossier,
    OfficialDocument,
    Paragraph,
    Table,
)

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


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


# --- The dossier (ZIP) -------------------------------------------------------------

Progress = Callable[[int, int], None]


def write_dossier(
    dossier: Dossier, out: BinaryIO, *, progress: Progress | None = None
) -> None:
    """Write the dossier as a ZIP into ``out``: each document as DOCX (and PDF where
    the server draws PDF), the attached files as stored, and an index
    (``00 Mục lục.txt``) listing them. ``progress(done, total)`` is called after
    each step. Names inside are UTF-8 (the ZIP's language-encoding flag is set)."""
    with_pdf = pdf_available()
    total = len(dossier.documents) * (2 if with_pdf else 1) + len(dossier.attachments)
    total += 1
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    written: list[str] = []
    missing: list[str] = []
    # Word, PDF and the units' files (PDF, DOCX, XLSX, JPEG, PNG) are compressed
    # already: stored as they are, the ZIP is built at the speed of a copy.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for doc in dossier.documents:
            name = dossier.document_name(doc, "docx")
            archive.writestr(_entry(name), render_docx(doc))
            written.append(name)
            step()
            if with_pdf:
                name = dossier.document_name(doc, "pdf")
                archive.writestr(_entry(name), render_pdf(doc))
                written.append(name)
                step()
        for attachment in dossier.attachments:
            try:
                with (
                    default_storage.open(attachment.storage_name, "rb") as source,
                    archive.open(_entry(attachment.name), "w", force_zip64=True) as dst,
                ):
                    shutil.copyfileobj(source, dst, 1024 * 1024)
            except OSError:
                missing.append(attachment.label)
            else:
                written.append(attachment.name)
            step()
        index = _index(dossier, written, missing, with_pdf)
        archive.writestr(_entry(INDEX_NAME, compress=True), index.encode("utf-8"))
        step()


def _entry(name: str, *, compress: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _index(
    dossier: Dossier, written: list[str], missing: list[str], with_pdf: bool
) -> str:
    now = timezone.localtime()
    lines = [
        dossier.title.upper(),
        f"Lập lúc {now:%H} giờ {now:%M} phút, ngày {now:%d/%m/%Y}.",
        "",
        "Văn bản dựng từ dữ liệu hiện có; văn bản ghi “DỰ THẢO” là văn bản dựa trên "
        "kết quả chưa công bố.",
        "",
        "Nội dung hồ sơ:",
    ]
    lines += [f"- {name}" for name in written]
    notes = []
    if not with_pdf:
        notes.append("Máy chủ chưa tạo được tệp PDF: hồ sơ chỉ gồm bản DOCX.")
    notes += [f"Không tìm thấy tệp: {label}." for label in missing]
    if notes:
        lines += ["", "Ghi chú:"] + [f"- {n}" for n in notes]
    return "\r\n".join(lines) + "\r\n"
