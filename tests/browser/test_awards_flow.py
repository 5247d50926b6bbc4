"""From a closed ballot round to the award in the unit's history, in the browser
(issue 5): the block's secretary clicks "Lập đề nghị khen thưởng" on the flag
round's result, attaches the dossier, rates the elected unit htxs and submits; the
Board accepts, records the council's vote and the decision; the award shows in the
unit's history with its cash amount.

The round is set up in the database as thidua/awards/tests/conftest.py's
``flag_round`` (Ủy ban Kiểm tra Tỉnh ủy elected with 6 of 8 votes). Elements are
found by ids and data attributes, never by their text.
"""

import pytest

from tests.browser.conftest import screenshot
from thidua.awards.tests import conftest as awards_fixtures

# The voting hall and its closed flag round (fixtures of the awards app's tests).
hall = awards_fixtures.hall
flag_round = awards_fixtures.flag_round

pytestmark = pytest.mark.browser

PASSWORD = "Mật-khẩu-thử-1"  # organizations/tests/factories.py
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in_as(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_round_to_decision_and_the_award_in_the_history(
    page, transactional_db, hall, flag_round
):
    from thidua.awards.models import AwardRecord
    from thidua.awards.views import vnd

    base = page.base_url
    unit = hall.world.U3

    # 1. The secretary makes the proposal from the round's result.
    sign_in_as(page, hall.secretary.username)
    page.goto(f"{base}/ballot-rounds/{flag_round.pk}/")
    page.wait_for_selector("#round-status[data-status='closed']")
    page.click("#propose-from-round")
    page.wait_for_selector("#proposal-status[data-status='draft']")
    proposal_url = page.url
    assert page.locator("#eligibility[data-eligible='no']").count() == 1

    # 2. The dossier: one file per missing document.
    while page.locator("tr.dossier-row[data-ok='false']").count():
        kind = page.locator("tr.dossier-row[data-ok='false']").first.get_attribute(
            "data-kind"
        )
        page.select_option("#id_kind", kind)
        page.set_input_files(
            "#id_file",
            files=[
                {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}
            ],
        )
        page.click("#document-submit")
        page.wait_for_selector(f"tr.dossier-row[data-kind='{kind}'][data-ok='true']")

    # 3. The unit is rated "hoàn thành xuất sắc nhiệm vụ" for 2024.
    page.click("#nominee-link")
    page.wait_for_selector(f"#unit-awards[data-unit='{unit.pk}']")
    page.fill("#rating-form #id_year", "2024")
    page.select_option("#rating-form #id_level", "htxs")
    page.click("#rating-submit")
    page.wait_for_selector("tr.rating-row[data-year='2024'][data-level='htxs']")

    # 4. Submitted to the Board.
    page.goto(proposal_url)
    assert page.locator("#eligibility[data-eligible='yes']").count() == 1
    page.click("#submit-proposal")
    page.wait_for_selector("#proposal-status[data-status='submitted']")
    assert page.locator("#accept-proposal").count() == 0
    screenshot(page, "awards-submitted")

    # 5. The Board accepts, records the council's vote and the decision.
    sign_in_as(page, hall.admin.username)
    page.goto(proposal_url)
    page.click("#accept-proposal")
    page.wait_for_selector("#proposal-status[data-status='accepted']")
    page.click("#vote-link")
    page.fill("#id_members", "15")
    page.fill("#id_present", "13")
    page.fill("#id_yes", "12")
    page.click("#fact-submit")
    page.wait_for_selector("li.council-vote[data-yes='12'][data-needed='12']")
    page.click("#decide-link")
    page.fill("#id_number", "123/QĐ-UBND")
    page.fill("#id_date", "20/01/2025")
    page.fill("#id_signer", "Bùi Văn Khánh")
    page.fill("#id_authority", "Chủ tịch Ủy ban nhân dân tỉnh")
    assert page.locator("input[name=proposals]:checked").count() == 1
    page.click("#decision-submit")
    page.wait_for_selector("#decision-awards tr.decision-award")
    record = AwardRecord.objects.get(unit=unit, award="co_thi_dua_tinh")
    assert record.cash_amount
    row = page.locator("#decision-awards tr.decision-award").first
    assert row.get_attribute("data-cash") == str(record.cash_amount)
    assert row.locator("td.cash").inner_text().strip() == vnd(record.cash_amount)
    screenshot(page, "awards-decision")

    # 6. The award is in the unit's history with its cash amount.
    page.goto(f"{base}/units/{unit.pk}/awards/")
    history = page.locator(
        "#award-history tr.history-row[data-award='co_thi_dua_tinh'][data-year='2024']"
    )
    assert history.count() == 1
    assert history.get_attribute("data-cash") == str(record.cash_amount)
    assert history.locator("td.cash").inner_text().strip() == vnd(record.cash_amount)
    page.goto(proposal_url)
    assert page.get_attribute("#proposal-status", "data-status") == "decided"
