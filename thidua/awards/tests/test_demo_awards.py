"""The awards part of the demo (thidua/awards/demo.py, run by ``load_demo``): the
Hòa Bình block's facts, a draft flag proposal from the closed round, and a decided
Bằng khen with its cash amount in the history (issue 5)."""

from io import StringIO

import pytest
from django.core.management import call_command

from thidua.awards import demo, selectors
from thidua.awards.models import (
    AwardRecord,
    Initiative,
    Proposal,
    Rating,
    StaffSummary,
)
from thidua.organizations.models import Province, Unit


@pytest.fixture
def demo_province(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    return Province.objects.get(name="Hòa Bình", is_demo=True)


def unit(province, short):
    return Unit.objects.get(province=province, short_name=short)


def test_units_and_people_are_rated_for_2022_to_2024(demo_province):
    ratings = Rating.objects.filter(unit__province=demo_province)
    assert ratings.count() == 9 * 3
    assert set(
        ratings.filter(unit__short_name="UBKT").values_list("year", "level")
    ) == {(2022, "htxs"), (2023, "htxs"), (2024, "htxs")}
    assert Rating.objects.filter(person__isnull=False).count() == 3 * 4 * 3


def test_past_awards_carry_their_decisions(demo_province):
    ubkt = unit(demo_province, "UBKT")
    history = [
        (r["award"], r["year"], r["decision_number"])
        for r in map(selectors.history_row, selectors.awards_of_unit(ubkt))
    ]
    assert ("bang_khen_tinh", 2023, "152/QĐ-UBND") in history
    assert ("tap_the_lao_dong_xuat_sac", 2022, "86/QĐ-UBND") in history
    assert StaffSummary.objects.get(unit=ubkt, year=2024).members == 24
    # Its authors now work in the merged province (Phú Thọ), and so does it.
    assert Initiative.objects.get().province.name == "Phú Thọ"


def test_the_flag_round_gave_a_draft_proposal_for_uy_ban_kiem_tra(demo_province):
    flag = Proposal.objects.get(province=demo_province, award="co_thi_dua_tinh")
    assert (flag.unit.short_name, flag.year, flag.status) == ("UBKT", 2024, "draft")
    assert flag.ballot_round is not None
    answer = selectors.eligibility(flag.unit, "co_thi_dua_tinh", 2024)
    assert answer.eligible is True, answer


def test_one_decided_award_has_its_cash_amount(demo_province):
    decided = Proposal.objects.get(province=demo_province, status="decided")
    record = AwardRecord.objects.get(proposal=decided)
    assert (decided.unit.short_name, record.award) == (
        "UBKT",
        "tap_the_lao_dong_xuat_sac",
    )
    assert record.decision_number == "95/QĐ-UBND"
    # Rule 21: 1.5 × the base salary in force on 20/01/2025.
    assert (record.base_salary, record.cash_amount) == (2_340_000, 3_510_000)
    drafts = Proposal.objects.filter(
        province=demo_province, award="bang_khen_tinh", status="draft"
    )
    assert sorted(p.unit.short_name for p in drafts) == ["BTC", "BTG"]


def test_loading_again_adds_nothing(demo_province):
    before = (Rating.objects.count(), AwardRecord.objects.count())
    demo.load()
    call_command("load_demo", stdout=StringIO())
    assert (Rating.objects.count(), AwardRecord.objects.count()) == before
