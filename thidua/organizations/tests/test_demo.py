"""The demo (tools/demo, ``manage.py load_demo``): a new user sees a real ranking at
once — the Hòa Bình block's 2024 year with Ủy ban Kiểm tra Tỉnh ủy first (issue 3)."""

import time
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from thidua.cycles.models import Covenant, Submission
from thidua.organizations.models import BlockYear
from thidua.rules.deadlines import days_late
from thidua.scoring.models import ScoreSheet
from thidua.scoring.selectors import ranking_rows


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    started = time.monotonic()
    call_command("load_demo", stdout=StringIO())
    elapsed = time.monotonic() - started
    block_year = BlockYear.objects.get(
        block__name="Khối thi đua các cơ quan Đảng",
        block__province__name="Hòa Bình",
        year=2024,
    )
    return block_year, elapsed


def test_the_demo_loads_in_a_few_seconds(demo):
    _, elapsed = demo
    assert elapsed < 20  # a few seconds on a laptop; generous for CI machines


def test_the_published_2024_ranking_has_uy_ban_kiem_tra_first(demo):
    block_year, _ = demo
    rows, publication = ranking_rows(block_year, "year")
    assert publication is not None
    assert (rows[0].unit_name, rows[0].rank) == ("Ủy ban Kiểm tra Tỉnh ủy", 1)
    assert [(r.unit_name, r.total, r.rank) for r in rows] == [
        ("Ủy ban Kiểm tra Tỉnh ủy", Decimal(101), 1),
        ("Ban Tổ chức Tỉnh ủy", Decimal(98), 2),
        ("Ban Tuyên giáo Tỉnh ủy", Decimal(97), 3),
        ("Ban Dân vận Tỉnh ủy", Decimal(96), 4),
        ("Văn phòng Tỉnh ủy", Decimal(96), 4),
        ("Ban Nội chính Tỉnh ủy", Decimal(95), 6),
        ("Đảng ủy Khối các cơ quan tỉnh", Decimal("92.5"), 7),
        ("Trường Chính trị", Decimal(92), 8),
        ("Báo Hòa Bình", Decimal(90), 9),
    ]
    assert [r.tied for r in rows[3:5]] == [True, True]
    # Late documents cost one point each, never per day.
    deductions = {r.unit_name: r.deductions for r in rows}
    assert deductions["Báo Hòa Bình"] == Decimal(2)
    assert deductions["Ủy ban Kiểm tra Tỉnh ủy"] == 0


def test_the_covenant_has_six_contents_and_a_100_point_table(demo):
    block_year, _ = demo
    covenant = Covenant.objects.get(block_year=block_year)
    assert covenant.contents.count() == 6
    assert sum(c.max_points for c in covenant.criteria.all()) == 100
    assert len({c.group for c in covenant.criteria.all()}) == 4
    assert (covenant.bonus_max, covenant.late_deduction) == (5, 1)
    assert covenant.signatures.count() == 9


def test_documents_arrived_in_2024_some_late(demo):
    block_year, _ = demo
    submissions = Submission.objects.filter(
        requirement__block_year=block_year
    ).select_related("requirement")
    assert submissions.count() == 4 * 9
    late = [
        s
        for s in submissions
        if days_late(
            due=s.requirement.due_date,
            received=s.received_at.date(),
            today=date(2024, 12, 31),
        )
    ]
    assert len(late) == 6
    assert all(s.received_at.year == 2024 for s in submissions)


def test_every_member_has_self_review_and_final_sheets(demo):
    block_year, _ = demo
    sheets = ScoreSheet.objects.filter(block_year=block_year, period="year")
    assert sheets.count() == 9 * 3
    assert {s.stage for s in sheets} == {"self", "review", "final"}


def test_a_viewer_of_the_demo_sees_the_published_ranking(demo):
    block_year, _ = demo
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="xem"))
    response = client.get(f"/api/v1/block-years/{block_year.pk}/ranking")
    assert response.status_code == 200
    assert response.json()[0]["unit_name"] == "Ủy ban Kiểm tra Tỉnh ủy"


def test_loading_again_changes_nothing(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert ScoreSheet.objects.count() == 27
