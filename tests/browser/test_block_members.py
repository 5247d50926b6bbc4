import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_province_officer_signs_in_and_finds_the_nine_members_of_hoa_binh(
    page, demo_data
):
    sign_in(page, "tinh")
    page.get_by_role("link", name="Tỉnh, thành phố").first.click()
    page.get_by_role("link", name="Hòa Bình", exact=True).click()
    assert page.locator("h1").inner_text() == "Hòa Bình"
    page.get_by_role("link", name="Khối thi đua các cơ quan Đảng").first.click()
    members = page.locator("ol.members[data-year='2024'] li.member")
    assert members.count() == 9
    names = members.all_inner_texts()
    assert any(
        n.startswith("Ban Tuyên giáo Tỉnh ủy") and "Trưởng khối" in n for n in names
    )
    assert any(n.startswith("Báo Hòa Bình") for n in names)
    assert page.get_by_text("Dữ liệu minh họa").first.is_visible()
    screenshot(page, "hoa-binh-block")


def test_search_ignores_diacritics(page, demo_data):
    sign_in(page, "tinh")
    page.fill("#top-search", "hoa binh")
    page.press("#top-search", "Enter")
    page.wait_for_load_state()
    results = page.locator("ul.results-units li").all_inner_texts()
    assert any("Báo Hòa Bình" in r for r in results)
