"""Every document renders as DOCX and PDF, and reads back with its data (issue 6)."""

from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from thidua.documents import render, selectors
from thidua.scoring import services as scoring_services

KINDS = selectors.KINDS


def docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", KINDS)
def test_docx_has_the_decree_30_header_and_the_data(filled, kind):
    doc = selectors.build_document(filled.BY, kind)
    content = render.render_docx(doc)
    text = docx_text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG" in text
    assert "Hòa Bình, ngày " in text
    assert "Nơi nhận:" in text
    assert doc.heading.number_text in text
    assert "DỰ THẢO" in text
    fonts = {
        run.font.name
        for p in Document(BytesIO(content)).paragraphs
        for run in p.runs
        if run.text
    }
    assert fonts == {"Times New Roman"}


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_reads_back_with_diacritics(filled, kind):
    doc = selectors.build_document(filled.BY, kind)
    text = _squash(pdf_text(render.render_pdf(doc)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "DỰ THẢO" in text
    assert _squash(doc.heading.subject) in text


def test_ranking_lists_units_totals_and_ranks(filled):
    text = docx_text(render.render_docx(selectors.build_document(filled.BY, "ranking")))
    assert "Ban Tuyên giáo Tỉnh ủy" in text
    assert "Ủy ban Kiểm tra Tỉnh ủy" in text
    assert "88" in text and "80,5" in text and "75" in text
    assert "Số:       /TB-KTĐ" in text


def test_minutes_hold_the_conference_round_and_results(filled):
    doc = selectors.build_document(filled.BY, "minutes")
    for text in (docx_text(render.render_docx(doc)), pdf_text(render.render_pdf(doc))):
        text = _squash(text)
        assert "ngày 18 tháng 12 năm 2024" in text
        assert "Ban Dân vận Tỉnh ủy" in text  # host unit
        assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text
        assert "Cờ thi đua của UBND tỉnh" in text
        assert "Số phiếu phát ra: 2; số phiếu thu vào: 2; số phiếu hợp lệ: 2" in text
        assert "66,67%" in text  # 2 votes of 3 member units
        assert "Chủ trì: …………" in text  # no chair recorded: a blank to fill


def test_minutes_without_a_conference_show_dotted_blanks(world):
    text = docx_text(render.render_docx(selectors.build_document(world.BY, "minutes")))
    assert "Địa điểm: …………" in text
    assert "Các vòng bỏ phiếu: …………" in text


def test_cover_letter_lists_elected_nominees_and_cites_the_decree_in_force(filled):
    from datetime import date

    before = selectors.build_document(filled.BY, "cover_letter", day=date(2025, 6, 30))
    after = selectors.build_document(filled.BY, "cover_letter", day=date(2025, 7, 1))
    text_before = docx_text(render.render_docx(before))
    text_after = docx_text(render.render_docx(after))
    assert "Ban Tuyên giáo Tỉnh ủy" in text_after
    assert "Cờ thi đua của UBND tỉnh" in text_after
    assert "Nghị định số 98/2023/NĐ-CP" in text_before
    assert "Nghị định số 152/2025/NĐ-CP" in text_after
    assert "Hòa Bình, ngày 01 tháng 7 năm 2025" in text_after


def test_annual_report_is_prefilled_with_the_year(filled):
    text = docx_text(
        render.render_docx(selectors.build_document(filled.BY, "annual_report"))
    )
    assert "gồm 3 đơn vị thành viên" in text
    assert "Đơn vị dẫn đầu: Ban Tuyên giáo Tỉnh ủy." in text
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025" in text


@pytest.mark.parametrize("kind", KINDS)
def test_draft_mark_disappears_once_the_ranking_is_published(filled, kind):
    scoring_services.publish_ranking(
        actor=filled.users["superuser"], block_year=filled.BY, period="year"
    )
    doc = selectors.build_document(filled.BY, kind)
    assert not doc.draft
    assert "DỰ THẢO" not in docx_text(render.render_docx(doc))
    assert "DỰ THẢO" not in pdf_text(render.render_pdf(doc))


def test_an_administrator_template_replaces_the_layout(filled, settings, tmp_path):
    from docx import Document as NewDocument

    template = NewDocument()
    template.add_paragraph("{{ heading.issuing_body }} {{ draft_mark }}")
    template.add_paragraph("{{ heading.place_date }}")
    template.save(tmp_path / "ranking.docx")
    settings.DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    text = docx_text(render.render_docx(selectors.build_document(filled.BY, "ranking")))
    assert "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG DỰ THẢO" in text
    assert "Hòa Bình, ngày " in text
