"""The scoring pages, the ranking page and the spreadsheets, through the test client
as personas (issue 3; api.md "The block's year", "Documents and exports")."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from rest_framework.test import APIClient

from thidua.core.api_auth import issue_token
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles_services
from thidua.cycles.models import Criterion, Requirement, Submission
from thidua.cycles.services import CriterionSpec
from thidua.organizations.tests import factories as f
from thidua.scoring import services
from thidua.scoring.models import (
    Evidence,
    Publication,
    PublishedRank,
    ScoreEntry,
    ScoreSheet,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = Decimal


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def covenant_for(block_year, actor):
    return cycles_services.put_covenant(
        actor=actor,
        block_year=block_year,
        contents=["Hoàn thành xuất sắc nhiệm vụ chính trị"],
        criteria=[
            CriterionSpec("1.1", "Chỉ tiêu chuyên môn", D(60), "I. Nhiệm vụ chính trị"),
            CriterionSpec("1.2", "Cải cách hành chính", D(20), "I. Nhiệm vụ chính trị"),
            CriterionSpec("2.1", "Báo cáo đúng hạn", D(20), "II. Công tác thi đua"),
        ],
        bonus_max=D(5),
        late_deduction=D(2),
        review_margin=D(2),
    )


@pytest.fixture
def year(world):
    """World's block year with a covenant, and an officer of U1 (a reviewer of U3)."""
    covenant_for(world.BY, world.users["block_secretary"])
    officer = f.UserFactory(username="donvi1")
    f.grant(officer, "unit_officer", world.P, unit=world.U1)
    world.users["u1_officer"] = officer
    return world


def crit(w, code):
    return Criterion.objects.get(covenant__block_year=w.BY, code=code)


def sheet_url(w, unit, period="year", stage=None):
    url = reverse("scoring:sheet_detail", args=[w.BY.pk, unit.pk]) + f"?period={period}"
    return url + (f"&stage={stage}" if stage else "")


def text(response):
    return response.content.decode()


def write(w, persona, unit, stage, scores, **kwargs):
    return services.write_sheet(
        actor=w.users[persona],
        block_year=w.BY,
        unit=unit,
        period="year",
        stage=stage,
        scores={k: D(v) for k, v in scores.items()},
        **kwargs,
    )


def message(error_code, **params):
    with translation.override("vi"):
        return escape(DomainError(error_code, params=params).message)


def points(w, code, value):
    return {f"points_{crit(w, code).pk}": value}


# --- Overview -------------------------------------------------------------------------


def test_overview_shows_the_secretariat_every_stage_with_totals(year, client_as):
    w = year
    write(w, "unit_officer", w.U3, "self", {"1.1": 55, "1.2": 18, "2.1": 20})
    response = client_as(w.users["block_secretary"]).get(
        reverse("scoring:score_list", args=[w.BY.pk])
    )
    assert response.status_code == 200
    html = text(response)
    assert f'data-unit="{w.U3.pk}"' in html
    assert 'data-stage="self" data-status="complete"' in html
    assert 'data-total="93' in html
    assert reverse("scoring:score_export", args=[w.BY.pk]) in html


def test_a_unit_officer_never_sees_another_units_self_score(year, client_as):
    w = year
    write(
        w,
        "unit_officer",
        w.U3,
        "self",
        {"1.1": 57},
        notes={"1.1": "Ghi chú riêng của UBKT"},
    )
    reviewer = client_as(w.users["u1_officer"])
    overview = text(reviewer.get(reverse("scoring:score_list", args=[w.BY.pk])))
    row = overview.split(f'data-unit="{w.U3.pk}"')[1].split("</tr>")[0]
    assert 'data-stage="self" data-status="hidden"' in row
    assert "57" not in row
    sheet = reviewer.get(sheet_url(w, w.U3))
    assert sheet.status_code == 200
    html = text(sheet)
    assert 'id="writing-stage" data-stage="review"' in html
    assert 'class="num col-self"' not in html
    assert "Ghi chú riêng của UBKT" not in html
    assert ">57<" not in html
    # Their own unit's officer sees it.
    own = text(client_as(w.users["unit_officer"]).get(sheet_url(w, w.U3)))
    assert "Ghi chú riêng của UBKT" in own


def test_leader_cannot_open_another_units_sheet_but_reads_its_own(year, client_as):
    w = year
    leader = client_as(w.users["leader"])
    assert leader.get(sheet_url(w, w.U1)).status_code == 403
    own = leader.get(sheet_url(w, w.U3))
    assert own.status_code == 200
    assert 'id="sheet-form"' not in text(own)
    assert leader.post(sheet_url(w, w.U3), points(w, "1.1", "50")).status_code == 403


def test_viewer_sees_the_overview_only_once_published(year, client_as):
    w = year
    viewer = client_as(w.users["viewer"])
    url = reverse("scoring:score_list", args=[w.BY.pk])
    assert viewer.get(url).status_code == 403
    write(w, "unit_officer", w.U3, "self", {"1.1": 41})
    write(w, "block_secretary", w.U3, "final", {"1.1": 40}, reasons={"1.1": "Thiếu"})
    services.publish_ranking(
        actor=w.users["block_secretary"], block_year=w.BY, period="year"
    )
    response = viewer.get(url)
    assert response.status_code == 200
    row = text(response).split(f'data-unit="{w.U3.pk}"')[1].split("</tr>")[0]
    assert 'data-stage="self" data-status="hidden"' in row
    assert 'data-stage="final" data-status="partial"' in row


def test_unit_not_a_member_answers_404(year, client_as):
    url = reverse("scoring:sheet_detail", args=[year.BY.pk, year.U4.pk])
    assert client_as(year.users["block_secretary"]).get(url).status_code == 404


def test_unknown_period_is_refused(year, client_as):
    url = reverse("scoring:score_list", args=[year.BY.pk]) + "?period=quarter"
    assert client_as(year.users["block_secretary"]).get(url).status_code == 400


# --- Writing through the forms ---------------------------------------------------------


def test_unit_officer_self_scores_with_note_link_and_evidence_file(year, client_as):
    w = year
    officer = client_as(w.users["unit_officer"])
    c11 = crit(w, "1.1")
    response = officer.post(
        sheet_url(w, w.U3),
        {
            f"points_{c11.pk}": "55,5",
            f"note_{c11.pk}": "Đạt 110% chỉ tiêu",
            f"link_{c11.pk}": "https://example.gov.vn/bao-cao",
            f"file_{c11.pk}": SimpleUploadedFile("Báo cáo.pdf", PDF),
            **points(w, "2.1", "20"),
            "bonus": "2",
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    sheet = ScoreSheet.objects.get(block_year=w.BY, unit=w.U3, stage="self")
    entry = sheet.entries.get(criterion=c11)
    assert (entry.points, entry.note, entry.evidence_link) == (
        D("55.5"),
        "Đạt 110% chỉ tiêu",
        "https://example.gov.vn/bao-cao",
    )
    assert sheet.bonus == D(2)
    evidence = Evidence.objects.get(sheet=sheet)
    assert evidence.original_name == "Báo cáo.pdf"

    page = text(officer.get(response["Location"]))
    download = reverse("scoring:evidence_download", args=[evidence.pk])
    assert download in page
    assert 'value="55,5"' in page
    got = officer.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert client_as(w.users["u1_officer"]).get(download).status_code == 404
    assert client_as(w.users["block_secretary"]).get(download).status_code == 200


def test_an_evidence_file_of_the_wrong_type_is_refused_next_to_it(year, client_as):
    w = year
    c11 = crit(w, "1.1")
    response = client_as(w.users["unit_officer"]).post(
        sheet_url(w, w.U3),
        {
            f"points_{c11.pk}": "50",
            f"file_{c11.pk}": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary"),
        },
    )
    assert response.status_code == 200
    assert message("FILE_TYPE_NOT_ALLOWED") in text(response)
    assert not ScoreSheet.objects.filter(unit=w.U3).exists()


def test_reviewer_from_another_unit_cross_scores(year, client_as):
    w = year
    response = client_as(w.users["u1_officer"]).post(
        sheet_url(w, w.U3), {**points(w, "1.1", "50"), **points(w, "1.2", "15")}
    )
    assert response.status_code == 302
    review = ScoreSheet.objects.get(unit=w.U3, stage="review")
    assert review.reviewer_unit_id == w.U1.pk
    assert {e.criterion.code: e.points for e in review.entries.all()} == {
        "1.1": D(50),
        "1.2": D(15),
    }


def test_a_unit_officer_never_gets_a_review_form_for_their_own_unit(year, client_as):
    w = year
    officer = client_as(w.users["unit_officer"])
    html = text(officer.get(sheet_url(w, w.U3, stage="review")))
    assert 'id="writing-stage" data-stage="self"' in html
    officer.post(sheet_url(w, w.U3, stage="review"), points(w, "1.1", "50"))
    assert not ScoreSheet.objects.filter(unit=w.U3, stage="review").exists()
    assert ScoreSheet.objects.filter(unit=w.U3, stage="self").exists()


def test_differences_beyond_the_margin_are_flagged_in_words(year, client_as):
    w = year
    write(w, "unit_officer", w.U3, "self", {"1.1": 58, "1.2": 18})
    write(w, "u1_officer", w.U3, "review", {"1.1": 50, "1.2": 17})
    html = text(client_as(w.users["block_secretary"]).get(sheet_url(w, w.U3)))
    flagged = html.split(f'id="criterion-{crit(w, "1.1").pk}"')[0].rsplit("<tr", 1)[1]
    assert "flagged" in flagged
    assert html.count('data-flagged="true"') == 1
    assert 'class="flag-note"' in html


def test_final_form_starts_from_review_then_self(year, client_as):
    w = year
    write(w, "unit_officer", w.U3, "self", {"1.1": 58, "1.2": 18}, bonus=D(3))
    write(w, "u1_officer", w.U3, "review", {"1.1": 50})
    html = text(client_as(w.users["block_secretary"]).get(sheet_url(w, w.U3)))
    assert 'id="writing-stage" data-stage="final"' in html
    assert f'name="points_{crit(w, "1.1").pk}" value="50"' in html
    assert f'name="points_{crit(w, "1.2").pk}" value="18"' in html
    assert 'name="bonus" value="3"' in html


def test_final_needs_a_reason_where_it_differs_from_self(year, client_as):
    w = year
    write(w, "unit_officer", w.U3, "self", {"1.1": 58, "1.2": 18})
    secretary = client_as(w.users["block_secretary"])
    data = {**points(w, "1.1", "50"), **points(w, "1.2", "18")}
    refused = secretary.post(sheet_url(w, w.U3), data)
    assert refused.status_code == 200
    html = text(refused)
    assert message("REASON_REQUIRED") in html
    reason_field = f"reason_{crit(w, '1.1').pk}"
    assert f'id="id_{reason_field}"' in html.split('class="field small has-error"')[1]
    assert not ScoreSheet.objects.filter(unit=w.U3, stage="final").exists()

    data[reason_field] = "Chưa đạt chỉ tiêu 3"
    assert secretary.post(sheet_url(w, w.U3), data).status_code == 302
    entry = ScoreEntry.objects.get(sheet__stage="final", criterion__code="1.1")
    assert (entry.points, entry.reason) == (D(50), "Chưa đạt chỉ tiêu 3")
    # The same score as the self-score needs no reason.
    assert (
        ScoreEntry.objects.get(sheet__stage="final", criterion__code="1.2").reason == ""
    )


@pytest.mark.parametrize("value", ["61", "-1"])
def test_a_score_out_of_range_is_refused_with_a_clear_message(year, client_as, value):
    w = year
    response = client_as(w.users["unit_officer"]).post(
        sheet_url(w, w.U3), points(w, "1.1", value)
    )
    assert response.status_code == 200
    html = text(response)
    expected = message("SCORE_OUT_OF_RANGE", code="1.1", max="60")
    assert expected in html.split('id="form-errors"')[1].split("</div>")[0]
    row = html.split(f'id="criterion-{crit(w, "1.1").pk}"')[1].split("</tr>")[0]
    assert expected in row
    assert not ScoreEntry.objects.exists()


def test_a_bonus_above_the_ceiling_is_refused(year, client_as):
    w = year
    response = client_as(w.users["block_secretary"]).post(
        sheet_url(w, w.U3), {**points(w, "1.1", "50"), "bonus": "6"}
    )
    assert response.status_code == 200
    assert message("BONUS_OUT_OF_RANGE", max="5") in text(response)


def test_an_empty_sheet_is_not_saved(year, client_as):
    w = year
    response = client_as(w.users["unit_officer"]).post(
        sheet_url(w, w.U3), {"bonus": ""}
    )
    assert response.status_code == 200
    assert 'id="form-errors"' in text(response)
    assert not ScoreSheet.objects.exists()


@time_machine.travel(date(2024, 11, 20), tick=False)
def test_late_documents_are_deducted_and_shown(year, client_as):
    w = year
    Requirement.objects.create(
        block_year=w.BY,
        title="Báo cáo 6 tháng",
        kind="report_mid",
        due_date="2024-06-15",
    )
    write(w, "unit_officer", w.U3, "self", {"1.1": 50})
    html = text(client_as(w.users["unit_officer"]).get(sheet_url(w, w.U3)))
    section = html.split('id="late-documents"')[1]
    assert "Báo cáo 6 tháng" in section
    assert 'data-counted="true"' in section
    total = html.split('class="sum-total"')[1].split("</tr>")[0]
    assert ">48<" in total  # 50 − 2 for the missing report


def test_a_locked_period_is_read_only_with_the_reason(year, client_as):
    w = year
    write(w, "unit_officer", w.U3, "self", {"1.1": 50})
    services.publish_ranking(
        actor=w.users["block_secretary"], block_year=w.BY, period="year"
    )
    officer = client_as(w.users["unit_officer"])
    response = officer.get(sheet_url(w, w.U3))
    html = text(response)
    assert response.status_code == 200
    assert 'id="sheet-form"' not in html
    assert 'id="period-locked"' in html
    assert message("PERIOD_LOCKED") in html
    refused = officer.post(sheet_url(w, w.U3), points(w, "1.1", "60"))
    assert refused.status_code == 409
    assert ScoreEntry.objects.get(criterion__code="1.1").points == D(50)
    # The 6-month period is still open.
    assert 'id="sheet-form"' in text(officer.get(sheet_url(w, w.U3, period="mid")))


def test_another_blocks_secretary_cannot_write_a_sheet_of_this_block(
    year, client_as, api_as
):
    """The outsider is the secretary of B2, where U1 was a member in 2023: that
    gives no right over U1's sheets in block B (services checked unit.scope(),
    which names every block the unit was ever in)."""
    w = year
    f.add_members(f.BlockYearFactory(block=w.B2, year=2023), w.U1, [w.U4])
    outsider = w.users["outsider"]
    assert client_as(outsider).get(sheet_url(w, w.U1)).status_code == 403
    response = api_as(outsider).put(
        f"/api/v1/block-years/{w.BY.pk}/scores/{w.U1.pk}",
        {"period": "year", "stage": "final", "scores": {"1.1": 60}},
        format="json",
    )
    assert response.status_code == 403
    assert not ScoreSheet.objects.exists()


# --- Ranking and publication ------------------------------------------------------------


@pytest.fixture
def ranked(year):
    """Finals: U1 90, U2 85, U3 90 (U1 and U3 tied for first)."""
    w = year
    write(w, "block_secretary", w.U1, "final", {"1.1": 55, "1.2": 15, "2.1": 20})
    write(w, "block_secretary", w.U2, "final", {"1.1": 50, "1.2": 15, "2.1": 20})
    write(w, "block_secretary", w.U3, "final", {"1.1": 58, "1.2": 12, "2.1": 20})
    return w


def ranking_url(w, period="year"):
    return reverse("scoring:ranking_detail", args=[w.BY.pk]) + f"?period={period}"


def test_ranking_page_shows_ties_in_words_and_a_draft_mark(ranked, client_as):
    w = ranked
    response = client_as(w.users["block_secretary"]).get(ranking_url(w))
    assert response.status_code == 200
    html = text(response)
    assert 'id="draft-mark"' in html
    table = html.split('id="ranking-table"')[1].split("</table>")[0]
    order = [int(part.split('"')[0]) for part in table.split('data-unit="')[1:]]
    assert order == [w.U1.pk, w.U3.pk, w.U2.pk]
    assert table.count('data-rank="1"') == 2
    assert table.count('class="tie-note"') == 2
    assert w.U3.name in table.split(f'data-unit="{w.U1.pk}"')[1].split("</tr>")[0]
    assert 'id="publish-link"' in html
    # The chart reads its data from a JSON block; the page has no inline script.
    assert '<script id="ranking-chart-data" type="application/json">' in html
    assert "chart.umd.min.js" in html
    assert "ranking-chart.js" in html
    assert "<script>" not in html
    breakdown = html.split('id="breakdown-table"')[1].split("</table>")[0]
    assert breakdown.count('data-code="') == 3
    assert ">58<" in breakdown.split(f'data-unit="{w.U3.pk}"')[1]


def test_member_units_see_the_draft_ranking_but_cannot_publish(ranked, client_as):
    w = ranked
    html = text(client_as(w.users["unit_officer"]).get(ranking_url(w)))
    assert 'id="draft-mark"' in html
    assert 'id="publish-link"' not in html
    publish = reverse("scoring:ranking_publish", args=[w.BY.pk])
    assert client_as(w.users["unit_officer"]).get(publish).status_code == 403
    assert client_as(w.users["viewer"]).get(ranking_url(w)).status_code == 403


def test_publishing_needs_confirmation_and_locks_the_period(ranked, client_as):
    w = ranked
    secretary = client_as(w.users["block_secretary"])
    url = reverse("scoring:ranking_publish", args=[w.BY.pk]) + "?period=year"
    page = secretary.get(url)
    assert page.status_code == 200
    assert 'id="publish-form"' in text(page)
    unconfirmed = secretary.post(url, {"confirm": ""})
    assert unconfirmed.status_code == 200
    assert 'class="field check has-error"' in text(unconfirmed)
    assert not Publication.objects.exists()

    done = secretary.post(url, {"confirm": "on"})
    assert done.status_code == 302
    assert done["Location"] == ranking_url(w)
    assert Publication.objects.filter(block_year=w.BY, period="year").exists()
    html = text(secretary.get(ranking_url(w)))
    assert 'id="draft-mark"' not in html
    assert 'id="published-note"' in html
    assert 'id="publish-link"' not in html
    # Everyone who sees the block sees a published ranking.
    assert client_as(w.users["viewer"]).get(ranking_url(w)).status_code == 200

    again = secretary.post(url, {"confirm": "on"})
    assert again.status_code == 409
    assert message("PERIOD_LOCKED") in text(again)
    assert Publication.objects.count() == 1


def test_rank_in_earlier_years_comes_from_published_rankings(ranked, client_as):
    w = ranked
    earlier = f.BlockYearFactory(block=w.B, year=2023)
    f.add_members(earlier, w.U2, [w.U1], [w.U3])
    publication = Publication.objects.create(
        block_year=earlier, period="year", published_by=w.users["block_secretary"]
    )
    for position, (unit, rank, tied) in enumerate(
        [(w.U2, 1, False), (w.U1, 2, True), (w.U3, 2, True)], start=1
    ):
        PublishedRank.objects.create(
            publication=publication,
            unit=unit,
            position=position,
            total=D(90),
            rank=rank,
            tied=tied,
        )
    html = text(client_as(w.users["block_secretary"]).get(ranking_url(w)))
    history = html.split('id="history-table"')[1].split("</table>")[0]
    assert 'data-year="2023"' in history
    row = history.split(f'data-unit="{w.U2.pk}"')[1].split("</tr>")[0]
    assert ">1<" in row


def test_the_6_month_ranking_is_separate(ranked, client_as):
    html = text(
        client_as(ranked.users["block_secretary"]).get(ranking_url(ranked, "mid"))
    )
    assert html.count('data-rank=""') == 3


# --- Spreadsheets ------------------------------------------------------------------------


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    content = b"".join(response) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_ranking_xlsx_has_vietnamese_headers_numbers_and_a_draft_mark(
    ranked, client_as, api_as
):
    w = ranked
    page = client_as(w.users["unit_officer"]).get(
        reverse("scoring:ranking_export", args=[w.BY.pk]) + "?period=year"
    )
    api = api_as(w.users["unit_officer"]).get(
        f"/api/v1/block-years/{w.BY.pk}/ranking.xlsx?period=year"
    )
    for response in (page, api):
        assert "du-thao" in response["Content-Disposition"]
        sheet = workbook(response)
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == (
            "Hạng",
            "Đơn vị",
            "Điểm cơ bản",
            "Điểm thưởng",
            "Điểm trừ",
            "Tổng điểm",
            "Ghi chú",
        )
        assert rows[1][:2] == (1, w.U1.name)
        assert rows[1][5] == 90
        assert isinstance(rows[1][5], int | float)
        assert rows[1][6] == "Đồng hạng"
        assert rows[3][:2] == (3, w.U2.name)
        assert "DỰ THẢO" in sheet.title
        assert sheet.oddHeader.center.text == "DỰ THẢO"
    refused = api_as(w.users["viewer"]).get(
        f"/api/v1/block-years/{w.BY.pk}/ranking.xlsx"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "RANKING_NOT_PUBLISHED"


def test_full_score_sheet_xlsx_is_for_the_secretariat(ranked, client_as):
    w = ranked
    write(w, "unit_officer", w.U3, "self", {"1.1": 59, "1.2": 12, "2.1": 20})
    write(w, "u1_officer", w.U3, "review", {"1.1": 57})
    url = reverse("scoring:score_export", args=[w.BY.pk]) + "?period=year"
    assert client_as(w.users["unit_officer"]).get(url).status_code == 403
    sheet = workbook(client_as(w.users["block_secretary"]).get(url))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Đơn vị", "1.1 Tự chấm", "1.1 Chấm chéo", "1.1 Điểm chốt")
    assert header[-3:] == ("Điểm thưởng", "Điểm trừ", "Tổng điểm")
    u3 = next(r for r in rows[1:] if r[0] == w.U3.name)
    assert u3[1:4] == (59, 57, 58)
    assert u3[header.index("Cộng tự chấm")] == 91
    assert u3[-1] == 90
    u2 = next(r for r in rows[1:] if r[0] == w.U2.name)
    assert u2[1:3] == (None, None)


# --- Query counts ------------------------------------------------------------------------


def _big_block_year(w, n):
    """A block year of ``n`` member units, each with three final scores, a late
    report, an evidence file, and an earlier published year."""
    block = f.BlockFactory(province=w.P, name=f"Khối lớn {n}")
    units = [f.UnitFactory(province=w.P) for _ in range(n)]
    by = f.BlockYearFactory(block=block, year=2024)
    f.add_members(by, units[0], [units[1]], units[2:])
    covenant_for(by, w.users["province_admin"])
    criteria = list(Criterion.objects.filter(covenant__block_year=by))
    requirement = Requirement.objects.create(
        block_year=by, title="Kế hoạch", kind="plan", due_date="2024-02-01"
    )
    for i, unit in enumerate(units):
        for stage in ("self", "final"):
            sheet = ScoreSheet.objects.create(
                block_year=by, unit=unit, period="year", stage=stage, bonus=D(1)
            )
            ScoreEntry.objects.bulk_create(
                [
                    ScoreEntry(sheet=sheet, criterion=c, points=D(10 + i % 7))
                    for c in criteria
                ]
            )
        Submission.objects.create(
            requirement=requirement,
            unit=unit,
            file=ContentFile(PDF, name="k.pdf"),
            original_name="k.pdf",
            content_type="application/pdf",
            submitted_by=w.users["province_admin"],
        )
    earlier = f.BlockYearFactory(block=block, year=2023)
    f.add_members(earlier, units[1], [units[0]], units[2:])
    publication = Publication.objects.create(
        block_year=earlier, period="year", published_by=w.users["province_admin"]
    )
    PublishedRank.objects.bulk_create(
        [
            PublishedRank(
                publication=publication, unit=u, position=i, total=D(50), rank=i
            )
            for i, u in enumerate(units, start=1)
        ]
    )
    return by


def _count(client, url):
    client.get(url)  # warm up: session, translations, templates
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


# Pinned. Page: session, user, block year + members, grants, publication (access),
# publication (ranking), covenant, members on 31/12, final sheets + entries, four
# for the late-document deductions, criteria, final points (breakdown: one query),
# earlier ranks, one generation of reorganisations, publications (buttons), the
# notification bell's COUNT (templates/base.html). The
# API: token and user instead of session and user, and no breakdown, history or
# buttons.
RANKING_PAGE_QUERIES = 21
RANKING_API_QUERIES = 14
# The scores overview: session, user, block year + members, grants, publications,
# covenant, criteria, the period's sheets + entries, four for the deductions,
# members on 31/12, the notification bell's COUNT.
OVERVIEW_QUERIES = 16


@pytest.mark.parametrize("kind", ["page", "api", "overview"])
def test_ranking_runs_the_same_queries_for_8_and_40_units(world, client_as, kind):
    user = world.users["province_admin"]
    counts = []
    for n in (8, 40):
        by = _big_block_year(world, n)
        if kind == "api":
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")
            url = f"/api/v1/block-years/{by.pk}/ranking"
        else:
            client = client_as(user)
            name = "ranking_detail" if kind == "page" else "score_list"
            url = reverse(f"scoring:{name}", args=[by.pk])
        response, count = _count(client, url)
        if kind == "api":
            shown = len(response.json())
        else:
            marker = 'class="rank-row' if kind == "page" else 'class="overview-row"'
            shown = text(response).count(marker)
        assert shown == n
        counts.append(count)
    expected = {
        "page": RANKING_PAGE_QUERIES,
        "api": RANKING_API_QUERIES,
        "overview": OVERVIEW_QUERIES,
    }[kind]
    assert counts == [expected, expected]
