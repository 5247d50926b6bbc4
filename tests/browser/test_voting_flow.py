"""A secret ballot in the browser, on the demo data (issue 4): the Hòa Bình block's
secretary creates an electronic round at the demo tổng kết conference, opens it and
reads two slip codes from the printable slips, two separate browser contexts vote
with them (no sign-in), then the secretary closes the round and sees the result.

Elements are found by ids and data attributes, never by their text.
"""

import re

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_open_vote_twice_close(page, browser, demo_data):
    from thidua.voting.models import Conference

    conference = Conference.objects.get(
        block_year__block__name="Khối thi đua các cơ quan Đảng",
        block_year__block__province__name="Hòa Bình",
        block_year__year=2024,
    )
    sign_in(page, "thuky")
    page.goto(f"{page.base_url}/block-years/{conference.block_year_id}/")
    page.click("#block-year-conferences")
    page.click(f'tr[data-conference="{conference.pk}"] a.conference-link')
    assert page.get_attribute("#quorum", "data-met") == "true"

    # A new electronic round: one seat, the candidates in the ranking's order.
    page.select_option("#id_award", "giay_khen")
    page.fill("#id_seats", "1")
    page.fill("#id_threshold", "1/2")
    page.select_option("#id_threshold_base", "votes_cast")
    page.check('input[name="mode"][value="electronic"]')
    page.click("#round-submit")
    page.wait_for_selector("#round-status[data-status='draft']")
    round_id = int(re.search(r"/ballot-rounds/(\d+)/", page.url).group(1))

    page.click("#open-link")
    page.click("#open-submit")
    page.wait_for_selector("#slips .slip")
    codes = page.eval_on_selector_all(
        ".slip-code", "els => els.map(e => e.dataset.code)"
    )
    assert len(codes) >= 2
    assert page.locator(".slip-qr svg").count() == len(codes)
    screenshot(page, "voting-slips")

    # Two delegates, each in a browser of their own, not signed in.
    for code in codes[:2]:
        context = browser.new_context(locale="vi-VN")
        voter = context.new_page()
        voter.set_default_timeout(15_000)
        voter.goto(f"{page.base_url}/vote/{round_id}/?t={code}")
        voter.locator("#ballot-form input[name=choices]").first.check()
        voter.click("#cast-ballot")
        voter.wait_for_selector("#ballot-thanks")
        # The slip cannot vote again.
        voter.goto(f"{page.base_url}/vote/{round_id}/?t={code}")
        assert voter.get_attribute("#ballot-refusal", "data-code") == "TOKEN_USED"
        context.close()

    page.goto(f"{page.base_url}/ballot-rounds/{round_id}/")
    assert page.get_attribute("#progress", "data-voted") == "2"
    page.click("#close-round")
    page.wait_for_selector("#round-status[data-status='closed']")
    rows = page.locator("#result-table tr.result-row")
    votes = [int(v) for v in rows.evaluate_all("rs => rs.map(r => r.dataset.votes)")]
    assert votes[0] == 2 and sum(votes) == 2
    assert rows.first.get_attribute("data-elected") == "true"
    screenshot(page, "voting-result")
