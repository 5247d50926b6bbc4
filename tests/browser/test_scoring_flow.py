"""A block's year in the browser, on the demo data (issue 3): a unit officer
self-scores with an evidence file, an officer of another member unit cross-scores,
the block secretary finalises and publishes, and the ranking shows the order.

Elements are found by ids, classes and data attributes, never by their text: the
Vietnamese catalogue changes independently of these pages.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "ThiDua@2024"  # the demo password
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def hoa_binh_year(demo_data):
    """The Hòa Bình block's 2024 year, with a covenant, a period still open, and an
    officer of Ban Tuyên giáo Tỉnh ủy (another member unit) to cross-score."""
    from thidua.core.models import RoleGrant
    from thidua.cycles import services as cycles_services
    from thidua.cycles.models import Covenant
    from thidua.organizations.models import BlockYear, Unit
    from thidua.scoring.models import Publication

    block_year = BlockYear.objects.get(
        block__name="Khối thi đua các cơ quan Đảng",
        block__province__name="Hòa Bình",
        year=2024,
    )
    secretary = get_user_model().objects.get(username="thuky")
    if not Covenant.objects.filter(block_year=block_year).exists():
        cycles_services.put_covenant(
            actor=secretary,
            block_year=block_year,
            contents=["Hoàn thành xuất sắc nhiệm vụ chính trị được giao"],
            criteria=[
                cycles_services.CriterionSpec(
                    "1.1", "Kết quả thực hiện nhiệm vụ chuyên môn", Decimal(60), "I"
                ),
                cycles_services.CriterionSpec(
                    "1.2", "Cải cách hành chính", Decimal(20), "I"
                ),
                cycles_services.CriterionSpec(
                    "2.1", "Công tác thi đua, khen thưởng", Decimal(20), "II"
                ),
            ],
            bonus_max=Decimal(5),
            late_deduction=Decimal(1),
        )
    published = set(
        Publication.objects.filter(block_year=block_year).values_list(
            "period", flat=True
        )
    )
    period = next(p for p in ("year", "mid") if p not in published)
    units = {
        u.name: u
        for u in Unit.objects.filter(
            province__name="Hòa Bình",
            name__in=["Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"],
        )
    }
    reviewer = get_user_model().objects.create_user(
        "donvi_btg", password=PASSWORD, first_name="Cán bộ thi đua Ban Tuyên giáo"
    )
    tuyen_giao = units["Ban Tuyên giáo Tỉnh ủy"]
    RoleGrant.objects.create(
        user=reviewer,
        role="unit_officer",
        province=tuyen_giao.province,
        unit=tuyen_giao,
    )
    return block_year, period, units["Ban Dân vận Tỉnh ủy"], tuyen_giao


def open_sheet(page, block_year, period, unit):
    page.goto(f"{page.base_url}/block-years/{block_year.pk}/")
    page.click("#block-year-scores")
    switch = page.locator(f".period-switch a[data-period='{period}']")
    if switch.count():
        switch.click()
    page.click(f"a.open-sheet[data-unit='{unit.pk}']")
    page.wait_for_load_state()


def fill_points(page, value_of_max):
    """Fill every points box with ``value_of_max(max)``."""
    boxes = page.locator("#sheet-form tr.criterion input.points")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.fill(str(value_of_max(Decimal(box.get_attribute("data-max")))))
    return boxes.count()


def switch_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def test_a_year_is_scored_cross_scored_finalised_published_and_ranked(
    page, hoa_binh_year
):
    block_year, period, dan_van, tuyen_giao = hoa_binh_year

    # 1. The officer of Ban Dân vận self-scores, with a note and an evidence file.
    sign_in(page, "donvi")
    open_sheet(page, block_year, period, dan_van)
    assert page.get_attribute("#writing-stage", "data-stage") == "self"
    assert fill_points(page, lambda m: m) >= 1
    first = page.locator("#sheet-form tr.criterion input.points").first.get_attribute(
        "data-code"
    )
    page.fill(f"textarea[name^='note_'][data-code='{first}']", "Vượt 10% chỉ tiêu")
    page.set_input_files(
        f"input[type=file][data-code='{first}']",
        files=[
            {"name": "minh-chung.pdf", "mimeType": "application/pdf", "buffer": PDF}
        ],
    )
    page.click("#save-scores")
    page.wait_for_load_state()
    assert page.locator("ul.messages li.success").count() == 1
    assert page.locator("a.evidence-file").count() == 1
    screenshot(page, "scoring-self")

    # 2. An officer of Ban Tuyên giáo cross-scores it without seeing the self-score.
    switch_user(page, "donvi_btg")
    open_sheet(page, block_year, period, dan_van)
    assert page.get_attribute("#writing-stage", "data-stage") == "review"
    assert page.locator("th.col-self").count() == 0
    assert page.locator("a.evidence-file").count() == 0
    fill_points(page, lambda m: m)
    page.click("#save-scores")
    page.wait_for_load_state()
    assert page.locator("ul.messages li.success").count() == 1
    screenshot(page, "scoring-review")
    page.click("#overview-link")
    page.wait_for_load_state()
    row = page.locator(f"tr.overview-row[data-unit='{dan_van.pk}']")
    assert row.locator("td[data-stage='self']").get_attribute("data-status") == (
        "hidden"
    )
    screenshot(page, "scoring-overview-reviewer")

    # 3. The block secretary finalises both units and publishes.
    switch_user(page, "thuky")
    open_sheet(page, block_year, period, dan_van)
    assert page.get_attribute("#writing-stage", "data-stage") == "final"
    boxes = page.locator("#sheet-form tr.criterion input.points")
    for i in range(boxes.count()):
        # Pre-filled from the cross-score, here equal to the self-score.
        box = boxes.nth(i)
        assert Decimal(box.input_value().replace(",", ".")) == Decimal(
            box.get_attribute("data-max")
        )
    page.click("#save-scores")
    page.wait_for_load_state()
    assert page.locator("ul.messages li.success").count() == 1

    open_sheet(page, block_year, period, tuyen_giao)
    fill_points(page, lambda m: (m / 2).quantize(Decimal(1)))
    page.click("#save-scores")
    page.wait_for_load_state()
    assert page.locator("ul.messages li.success").count() == 1

    page.click("#ranking-link")
    page.wait_for_load_state()
    assert page.locator("#draft-mark").is_visible()
    page.click("#publish-link")
    page.wait_for_load_state()
    page.check("#id_confirm")
    page.click("#confirm-publish")
    page.wait_for_load_state()

    # 4. The published ranking: Ban Dân vận above Ban Tuyên giáo, no draft mark.
    assert page.locator("#published-note").is_visible()
    assert page.locator("#draft-mark").count() == 0
    units = page.locator("#ranking-table tr.rank-row").evaluate_all(
        "rows => rows.map(r => [r.dataset.unit, r.dataset.rank])"
    )
    order = [int(u) for u, _ in units]
    ranks = {int(u): int(r) for u, r in units if r}
    assert order.index(dan_van.pk) < order.index(tuyen_giao.pk)
    assert ranks[dan_van.pk] < ranks[tuyen_giao.pk]
    page.wait_for_selector("#ranking-chart[data-drawn='true']")
    screenshot(page, "scoring-ranking")
