"""The achievement report and the statistical forms 0601–0605 (issue 6; domain.md
§7.1, §7.4): opened with python-docx and openpyxl, content checked."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from docx import Document

from thidua.awards import reports, services
from thidua.awards.models import AwardRecord
from thidua.organizations.models import Succession
from thidua.rules import statistics

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_person_achievement_report_carries_ratings_initiatives_and_awards(
    world, api_as
):
    admin = world.users["province_admin"]
    p3 = world.people["p3"]
    for year, level in ((2023, "htxs"), (2024, "htxs")):
        services.set_rating(actor=admin, subject=p3, year=year, level=level)
    services.add_award_record(
        actor=admin,
        subject=p3,
        award="chien_si_thi_dua_co_so",
        year=2023,
        decision_number="12/QĐ-UBKT",
        decision_date=date(2024, 1, 15),
    )
    services.create_initiative(
        actor=admin,
        title="Số hóa hồ sơ kiểm tra đảng viên",
        authors=[p3],
        scope_level="co_so",
        recognized_on=date(2024, 5, 2),
        decision_number="45/QĐ-UBKT",
    )
    proposal = services.create_proposal(
        actor=admin,
        award="chien_si_thi_dua_co_so",
        year=2024,
        subject=p3,
        summary="Hoàn thành xuất sắc 100% nhiệm vụ kiểm tra được giao.",
    )
    response = api_as(world.users["unit_officer"]).get(
        f"/api/v1/proposals/{proposal.pk}/documents/achievement_report.docx"
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert "Đề nghị tặng Chiến sĩ thi đua cơ sở năm 2024" in text
    assert "Họ và tên: Trần Thị Bình" in text and "Giới tính: Nữ" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text  # the 2023/2024 ratings
    assert "Số hóa hồ sơ kiểm tra đảng viên" in text
    assert "12/QĐ-UBKT, ngày 15/01/2024" in text
    assert "Hoàn thành xuất sắc 100% nhiệm vụ kiểm tra được giao." in text
    assert "Hòa Bình, ngày" in text


def test_unit_report_lists_its_predecessors_awards(world):
    admin = world.users["province_admin"]
    services.add_award_record(
        actor=admin,
        subject=world.U4,
        award="bang_khen_tinh",
        year=2023,
        decision_number="9/QĐ-UBND",
        decision_date=date(2024, 1, 9),
    )
    Succession.objects.create(
        predecessor=world.U4, successor=world.U5, effective_on=date(2025, 3, 1)
    )
    services.set_staff_summary(
        actor=admin,
        unit=world.U5,
        year=2025,
        members=40,
        lao_dong_tien_tien=36,
        chien_si_thi_dua_co_so=5,
        completed_tasks=40,
        disciplined_canh_cao_or_above=0,
        women=18,
    )
    proposal = services.create_proposal(
        actor=admin, award="tap_the_lao_dong_xuat_sac", year=2025, subject=world.U5
    )
    doc = reports.achievement_report(proposal, day=date(2025, 12, 2))
    from thidua.documents import render

    text = _text(render.render_docx(doc))
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (của Sở Tư pháp)" in text
    assert "36/40 người đạt danh hiệu Lao động tiên tiến" in text
    assert "(nữ: 18)" in text
    assert "Hòa Bình, ngày 02 tháng 12 năm 2025" in text


def _sheet_rows(content: bytes, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(BytesIO(content))
    return [tuple(r) for r in book[name].iter_rows(values_only=True)]


def test_form_0603_counts_the_years_provincial_awards(world, api_as):
    admin = world.users["province_admin"]
    day = date(2024, 12, 28)
    services.add_award_record(
        actor=admin,
        subject=world.U3,
        award="co_thi_dua_tinh",
        year=2024,
        decision_number="1/QĐ",
        decision_date=day,
    )
    services.add_award_record(
        actor=admin,
        subject=world.people["p3"],
        award="bang_khen_tinh",
        year=2024,
        decision_number="2/QĐ",
        decision_date=day,
    )
    services.add_award_record(
        actor=admin,
        subject=world.people["p1"],
        award="bang_khen_tinh",
        year=2024,
        decision_number="2/QĐ",
        decision_date=day,
    )
    # Another year and another province do not count.
    services.add_award_record(
        actor=admin,
        subject=world.U1,
        award="co_thi_dua_tinh",
        year=2023,
        decision_number="3/QĐ",
        decision_date=date(2023, 12, 20),
    )
    AwardRecord.objects.create(
        person=world.people["q1"], award="bang_khen_tinh", year=2024, decision_date=day
    )
    response = api_as(world.users["province_admin"]).get(
        f"/api/v1/provinces/{world.P.pk}/statistics/0603.xlsx?year=2024"
    )
    assert response.status_code == 200
    rows = _sheet_rows(response.content, "0603.N")
    assert rows[0][0] == "Biểu số: 0603.N/BNV-TĐKT"
    assert "Ngày nhận báo cáo: 15/12/2024" in [r[0] for r in rows]
    by_label = {r[1]: r[2:] for r in rows if r[1]}
    assert by_label["Tổng số"] == (3, 1, 2, 1)
    assert by_label["- Cờ thi đua của Ủy ban nhân dân tỉnh"] == (1, 1, 0, 0)
    assert by_label["- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] == (2, 0, 2, 1)


def test_all_five_forms_in_one_workbook(world, api_as):
    response = api_as(world.users["superuser"]).get(
        f"/api/v1/provinces/{world.P.pk}/statistics/all.xlsx?year=2024"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["0601.N", "0602.N", "0603.N", "0604.N", "0605.N"]
    rows = {r[1]: r[2:] for r in book["0604.N"].iter_rows(values_only=True) if r[1]}
    # The world's 2024 block years: B (U1, U2, U3) and B2 (U4, U5).
    assert rows["Cụm, khối thi đua do tỉnh tổ chức"][0] == 2
    assert rows["Đơn vị thành viên các cụm, khối thi đua"][0] == 5
    assert rows["Hội đồng Thi đua - Khen thưởng các cấp"][0] is None
    staff = {r[1]: r[2:] for r in book["0605.N"].iter_rows(values_only=True) if r[1]}
    assert staff["Chuyên trách"][0] == 1  # the Board's officer


def test_unknown_form_and_bad_year(world, api_as):
    client = api_as(world.users["province_admin"])
    assert (
        client.get(f"/api/v1/provinces/{world.P.pk}/statistics/0699.xlsx").status_code
        == 404
    )
    bad = client.get(f"/api/v1/provinces/{world.P.pk}/statistics/0601.xlsx?year=abc")
    assert bad.status_code == 400 and bad.json()["code"] == "VALIDATION_ERROR"


def test_forms_rules_totals_add_up():
    form = statistics.form_0603(
        2024,
        "UBND tỉnh",
        {
            "giay_khen": statistics.AwardCount(2, 5, 3),
            "bang_khen_tinh": statistics.AwardCount(1, 0, 0),
        },
    )
    total = form.rows[0].values
    assert total == (8, 3, 5, 3)
    form_group = {r.label: r.values for r in form.rows}
    assert form_group["Hình thức khen thưởng"] == (8, 3, 5, 3)
    assert form_group["Danh hiệu thi đua"] == (0, 0, 0, 0)


def test_pages_link_the_report_and_the_forms(world, client_as):
    admin = world.users["province_admin"]
    proposal = services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    page = client_as(admin).get(f"/proposals/{proposal.pk}/").content.decode()
    assert f"/api/v1/proposals/{proposal.pk}/documents/achievement_report.docx" in page
    listing = client_as(admin).get("/proposals/").content.decode()
    assert f"/api/v1/provinces/{world.P.pk}/statistics/all.xlsx" in listing
    officer = client_as(world.users["unit_officer"]).get("/proposals/").content.decode()
    assert "statistics/all.xlsx" not in officer
