"""A movement in the browser, on the demo data (issue 7): the Board launches a
movement for the Hòa Bình block, the officer of Ban Dân vận Tỉnh ủy (notified by the
bell) registers a person for a title and submits, the block secretary approves from
the review list, and the Board's province overview counts the approved registration.

Elements are found by ids and data attributes, never by their (translated) text.
"""

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def hoa_binh():
    from thidua.organizations.models import Block, Province

    province = Province.objects.get(name="Hòa Bình")
    block = Block.objects.get(name="Khối thi đua các cơ quan Đảng", province=province)
    return province, block


def switch_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def test_launch_register_approve_and_the_overview_shows_it(page, demo_data):
    province, block = hoa_binh()
    base = page.base_url

    # 1. The Board launches a 2024 movement for the block.
    sign_in(page, "tinh")
    page.goto(f"{base}/movements/")
    page.click(f"#launch-{province.pk}")
    page.fill("#id_name", "Thi đua Dân vận khéo năm 2024")
    page.select_option("#id_kind", "thuong_xuyen")
    page.fill("#id_issuing_authority", "Ủy ban nhân dân tỉnh Hòa Bình")
    page.fill("#id_document_number", "15/KH-UBND")
    page.fill("#id_start_date", "01/01/2024")
    page.fill("#id_end_date", "31/12/2024")
    page.check(f"input[name=blocks][value='{block.pk}']")
    page.check("input[name=awards][value='bang_khen_tinh']")
    page.click("#launch-movement")
    page.wait_for_load_state()
    movement_id = page.get_attribute("#movement-name", "data-movement")
    assert movement_id
    assert page.locator("ul.messages li.success").count() == 1
    screenshot(page, "movement-launched")

    # 2. The unit officer has a notification, opens the movement and registers.
    switch_user(page, "donvi")
    assert int(page.get_attribute("#notification-bell", "data-unread")) >= 1
    page.goto(f"{base}/movements/{movement_id}/")
    page.click("#register-link")
    page.wait_for_load_state()
    assert page.locator("#id_movement").input_value() == movement_id
    page.fill("#id_targets", "Xây dựng 2 mô hình Dân vận khéo")
    first_person = page.locator("#people-titles select").first
    first_person.select_option("lao_dong_tien_tien")
    page.click("#save-submit")
    page.wait_for_load_state()
    assert page.get_attribute("#registration-status", "data-status") == "submitted"
    registration_url = page.url
    screenshot(page, "movement-registered")

    # 3. The block secretary approves it from the review list.
    switch_user(page, "thuky")
    page.goto(f"{base}/registrations/?status=submitted")
    row = page.locator("tr.registration-row[data-status='submitted']").first
    registration_id = row.get_attribute("data-registration")
    page.click(f"#approve-{registration_id}")
    page.wait_for_load_state()
    assert page.locator("ul.messages li.success").count() == 1
    page.goto(registration_url)
    assert page.get_attribute("#registration-status", "data-status") == "approved"

    # 4. The Board's overview counts the approved registration for the block.
    switch_user(page, "tinh")
    page.goto(f"{base}/provinces/{province.pk}/overview/?year=2024")
    approved = page.locator(
        f"tr.overview-row[data-block='{block.pk}'] .reg-count[data-status='approved']"
    )
    assert int(approved.get_attribute("data-count")) >= 1
    page.wait_for_selector("#documents-chart[data-drawn='true']")
    page.wait_for_selector("#results-chart[data-drawn='true']")
    screenshot(page, "province-overview")

    # The movement page shows the unit as registered.
    page.goto(f"{base}/movements/{movement_id}/")
    assert page.locator("tr.progress-row[data-registered='true']").count() == 1
