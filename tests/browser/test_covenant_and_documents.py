"""The first half of a block's year in the browser: the secretary writes the
covenant and sets a required document; a unit officer signs and sends the document;
the secretary's dashboard shows it received (domain.md §6.4–6.5).

Elements are found by ids, classes and data attributes, not by their (translated)
text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CRITERIA = (
    "1.1 | I. Nhiệm vụ chính trị | Hoàn thành các chỉ tiêu được giao | 40\n"
    "1.2 | I. Nhiệm vụ chính trị | Nhiệm vụ trọng tâm | 30\n"
    "2.1 | II. Công tác thi đua | Gửi kế hoạch, báo cáo đúng hạn | 30"
)


def fresh_year():
    """A year of the Hòa Bình block that nothing has touched yet (same members as
    2024), so the flow does not depend on what else the demo holds for 2024."""
    from thidua.organizations.models import Block, BlockYear, Membership, Unit

    block = Block.objects.get(
        name="Khối thi đua các cơ quan Đảng", province__name="Hòa Bình"
    )
    source = block.years.get(year=2024)
    year = min(block.years.values_list("year", flat=True)) - 1
    block_year = BlockYear.objects.create(block=block, year=year)
    Membership.objects.bulk_create(
        Membership(block_year=block_year, unit_id=m.unit_id, role=m.role, year=year)
        for m in source.memberships.filter(valid_to__isnull=True)
    )
    officer_unit = Unit.objects.get(
        name="Ban Dân vận Tỉnh ủy", province__name="Hòa Bình"
    )
    return block_year, officer_unit


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_out(page):
    page.context.clear_cookies()


def test_covenant_signed_and_document_received(page, demo_data):
    block_year, unit = fresh_year()
    base = page.base_url

    # The block secretary writes the covenant.
    sign_in(page, "thuky")
    page.goto(f"{base}/block-years/{block_year.pk}/")
    page.click("#block-year-covenant")
    page.click("#covenant-edit-link")
    page.fill(
        "#id_contents",
        "Hoàn thành xuất sắc nhiệm vụ chính trị năm\nGửi kế hoạch, báo cáo đúng hạn",
    )
    page.fill("#id_criteria", CRITERIA)
    page.fill("#id_bonus_max", "5")
    page.fill("#id_late_deduction", "2")
    page.fill("#id_review_margin", "3")
    screenshot(page, "covenant-edit")
    page.click("#covenant-save")
    page.wait_for_selector("ol.covenant-contents")
    assert page.locator("ol.covenant-contents li").count() == 2
    assert page.locator("table.scoring tr.criterion").count() == 3
    assert page.locator("#covenant-total").inner_text() == "100"
    assert page.locator("tr.signature[data-signed='no']").count() == 9

    # ... and a required document, due in two weeks.
    page.click("#nav-documents")
    due = timezone.localdate() + timedelta(days=14)
    page.fill("#id_title", "Kế hoạch thi đua năm")
    page.select_option("#id_kind", "plan")
    page.fill("#id_due_date", due.strftime("%d/%m/%Y"))
    page.click("#requirement-add")
    page.wait_for_selector("table.submission-grid th.requirement")
    requirement = page.locator("table.submission-grid th.requirement").get_attribute(
        "data-requirement"
    )
    cell = (
        f"tr#unit-{unit.pk} td.cell[data-requirement='{requirement}']"
        f"[data-status='pending']"
    )
    assert page.locator(cell).count() == 1
    sign_out(page)

    # The unit officer signs for Ban Dân vận and sends the plan as a PDF.
    sign_in(page, "donvi")
    page.goto(f"{base}/block-years/{block_year.pk}/covenant/")
    assert page.locator("form.sign-form").count() == 1
    page.click(f"form.sign-form[data-unit='{unit.pk}'] button")
    page.wait_for_selector(f"tr.signature[data-unit='{unit.pk}'][data-signed='yes']")
    assert page.locator("tr.signature[data-signed='yes']").count() == 1

    page.click("#nav-documents")
    form = page.locator(f"form.upload-form[data-requirement='{requirement}']")
    form.locator("input[type=file]").set_input_files(
        {"name": "ke-hoach-thi-dua.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator("button[type=submit]").click()
    page.wait_for_selector(
        f"li.upload-item[data-requirement='{requirement}'][data-status='on_time']"
    )
    assert page.locator("table.submission-grid tr.unit-row").count() == 1
    screenshot(page, "documents-unit-officer")
    sign_out(page)

    # The secretary's dashboard shows it received, on time.
    sign_in(page, "thuky")
    page.goto(f"{base}/block-years/{block_year.pk}/documents/")
    received = page.locator(
        f"tr#unit-{unit.pk} td.cell[data-requirement='{requirement}']"
    )
    assert received.get_attribute("data-status") == "on_time"
    assert page.locator(f"tr#unit-{unit.pk} td.count-on_time").inner_text() == "1"
    assert page.locator("table.submission-grid tr.unit-row").count() == 9
    screenshot(page, "documents-dashboard")
    page.goto(f"{base}/block-years/{block_year.pk}/covenant/")
    signed = page.locator(f"tr.signature[data-unit='{unit.pk}']")
    assert signed.get_attribute("data-signed") == "yes"
    screenshot(page, "covenant")
