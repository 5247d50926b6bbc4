"""The minutes of the meeting print what the secretary recorded of it: time, place,
chair, secretary, next year's head and host units — dotted blanks otherwise."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from thidua.documents import render, selectors
from thidua.documents.tests.test_render import _squash, docx_text, pdf_text
from thidua.voting import services as voting_services
from thidua.voting.models import Conference

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def detailed(filled):
    conference = Conference.objects.get(block_year=filled.BY)
    voting_services.update_conference(
        actor=filled.users["block_secretary"],
        conference=conference,
        changes={
            "starts_at": datetime(2024, 12, 18, 8, 30, tzinfo=HANOI),
            "place": "Hội trường Tỉnh ủy Hòa Bình",
            "chair": "Đồng chí Nguyễn Văn An, Trưởng Ban Tuyên giáo",
            "secretary": "Đồng chí Trần Thị Bình",
            "next_head_unit": filled.U2,
            "next_host_unit": filled.U3,
        },
    )
    return filled


def test_minutes_print_the_recorded_details(detailed):
    doc = selectors.build_document(detailed.BY, "minutes")
    content = render.render_docx(doc)
    for text in (docx_text(content), pdf_text(render.render_pdf(doc))):
        text = _squash(text)
        assert "Thời gian: vào hồi 08 giờ 30 phút, ngày 18 tháng 12 năm 2024." in text
        assert "Địa điểm: Hội trường Tỉnh ủy Hòa Bình." in text
        assert "Chủ trì: Đồng chí Nguyễn Văn An, Trưởng Ban Tuyên giáo" in text
        assert "Thư ký: Đồng chí Trần Thị Bình" in text
        assert "Đơn vị Trưởng khối năm 2025: Ban Dân vận Tỉnh ủy." in text
        assert (
            "Đơn vị đăng cai tổ chức hội nghị năm 2025: Ủy ban Kiểm tra Tỉnh ủy."
            in text
        )
    # The signature block names the secretary and the chair.
    footer = Document(BytesIO(content)).tables[-1]
    signatures = footer.cell(0, 1).text
    assert "THƯ KÝ" in signatures and "Đồng chí Trần Thị Bình" in signatures
    assert "CHỦ TRÌ" in signatures
    assert "Đồng chí Nguyễn Văn An, Trưởng Ban Tuyên giáo" in signatures


def test_minutes_without_details_show_dotted_blanks(filled):
    text = _squash(
        docx_text(render.render_docx(selectors.build_document(filled.BY, "minutes")))
    )
    assert "Thời gian: vào hồi ………… giờ, ngày 18 tháng 12 năm 2024." in text
    assert "Địa điểm: tại Ban Dân vận Tỉnh ủy." in text  # the host unit
    assert "Chủ trì: …………" in text and "Thư ký: …………" in text
    assert "Đơn vị Trưởng khối năm 2025: …………." in text
    assert "Đơn vị đăng cai tổ chức hội nghị năm 2025: …………." in text


def test_the_template_context_carries_the_details(detailed):
    data = render.template_context(selectors.build_document(detailed.BY, "minutes"))
    assert data["data"]["chair"].startswith("Đồng chí Nguyễn Văn An")
    assert data["data"]["next_host"] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert data["data"]["starts_at"] == "08 giờ 30 phút"
