"""The pages of the awards app (issue 5): facts and the eligibility checker, the
proposal's way from a ballot round to a decision, the province's list and its XLSX,
public comments, settings and the calendar. Lists run a fixed number of queries."""

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from thidua.awards import selectors, services
from thidua.awards.models import (
    AwardRecord,
    CalendarDay,
    DisclosureComment,
    Proposal,
    Rating,
)
from thidua.awards.tests.conftest import htxs
from thidua.awards.views import vnd

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="ho-so.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def html(response) -> str:
    return response.content.decode()


def test_cash_amounts_use_vietnamese_thousands_separators():
    assert vnd(7_020_000) == "7.020.000 đ"
    assert vnd(None) == "—"


# --- facts ------------------------------------------------------------------------------


def test_the_person_page_lists_facts_and_links_from_the_person(world, client_as):
    admin = world.users["province_admin"]
    p3 = world.people["p3"]
    services.set_rating(actor=admin, subject=p3, year=2024, level="htxs")
    services.add_leave(
        actor=admin, person=p3, start=date(2023, 3, 1), end=date(2023, 8, 31)
    )
    client = client_as(admin)
    person_page = html(client.get(reverse("organizations:person_detail", args=[p3.pk])))
    assert reverse("awards:person_awards", args=[p3.pk]) in person_page
    page = html(client.get(reverse("awards:person_awards", args=[p3.pk])))
    assert 'data-year="2024" data-level="htxs"' in page
    assert "01/03/2023" in page
    assert 'id="rating-form"' in page and 'id="initiative-form"' in page


def test_a_rating_posted_replaces_the_years_rating(world, client_as):
    p3 = world.people["p3"]
    client = client_as(world.users["unit_officer"])
    url = reverse("awards:person_rating", args=[p3.pk])
    assert client.post(url, {"year": 2024, "level": "ht"}).status_code == 302
    assert client.post(url, {"year": 2024, "level": "htt"}).status_code == 302
    assert list(Rating.objects.filter(person=p3).values_list("level", flat=True)) == [
        "htt"
    ]


def test_the_leader_reads_the_facts_without_the_forms(world, client_as):
    p3 = world.people["p3"]
    page = html(
        client_as(world.users["leader"]).get(
            reverse("awards:person_awards", args=[p3.pk])
        )
    )
    assert 'id="rating-table"' in page and 'id="rating-form"' not in page


def test_discipline_leave_and_initiative_forms_record_the_facts(world, client_as):
    p3 = world.people["p3"]
    client = client_as(world.users["province_admin"])
    r = client.post(
        reverse("awards:person_discipline", args=[p3.pk]),
        {"d-kind": "discipline", "d-level": "khien_trach", "d-start": "01/02/2024"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("awards:person_initiative", args=[p3.pk]),
        {
            "i-title": "Số hóa hồ sơ",
            "i-scope_level": "co_so",
            "i-recognized_on": "03/04/2024",
            "i-decision_number": "12/QĐ",
        },
    )
    assert r.status_code == 302
    r = client.post(
        reverse("awards:person_leave", args=[p3.pk]),
        {"l-start": "10/05/2024", "l-end": "01/05/2024"},
    )
    assert r.status_code == 200  # the end before the start: the form again
    page = html(client.get(reverse("awards:person_awards", args=[p3.pk])))
    assert "Số hóa hồ sơ" in page and "03/04/2024" in page
    assert "01/02/2024" in page


def test_the_checker_answers_with_reasons_and_the_legal_basis(world, client_as):
    p3 = world.people["p3"]
    client = client_as(world.users["province_admin"])
    url = reverse("awards:person_awards", args=[p3.pk])
    page = html(client.get(url, {"award": "lao_dong_tien_tien", "year": 2024}))
    assert 'data-eligible="no"' in page
    assert 'data-code="RATING_MISSING"' in page
    assert "chưa có kết quả xếp loại" in page
    assert "Legal basis" in page or "Căn cứ" in page or "Nghị định" in page
    services.set_rating(
        actor=world.users["province_admin"], subject=p3, year=2024, level="htt"
    )
    page = html(client.get(url, {"award": "lao_dong_tien_tien", "year": 2024}))
    assert 'data-eligible="yes"' in page


def test_a_merged_units_history_shows_its_predecessors_awards_with_their_name(
    world, client_as
):
    from thidua.organizations.models import Succession

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
    page = html(client_as(admin).get(reverse("awards:unit_awards", args=[world.U5.pk])))
    assert 'data-via="Sở Tư pháp"' in page
    assert "9/QĐ-UBND" in page


def test_the_unit_staff_summary_form_records_the_year(world, client_as):
    client = client_as(world.users["block_secretary"])
    r = client.post(
        reverse("awards:unit_staff", args=[world.U3.pk]),
        {
            "s-year": 2024,
            "s-members": 20,
            "s-lao_dong_tien_tien": 16,
            "s-chien_si_thi_dua_co_so": 3,
            "s-completed_tasks": 20,
            "s-disciplined_canh_cao_or_above": 0,
        },
    )
    assert r.status_code == 302
    page = html(client.get(reverse("awards:unit_awards", args=[world.U3.pk])))
    assert '<tr data-year="2024"><td>2024</td><td class="num">20</td>' in page


# --- listings ---------------------------------------------------------------------------


def test_the_board_lists_and_clears_a_name_with_a_reason(world, client_as):
    p3 = world.people["p3"]
    client = client_as(world.users["province_admin"])
    r = client.post(
        reverse("awards:listing_create", args=[world.P.pk]),
        {"subject": f"person:{p3.pk}", "source": "tax", "listed_on": "05/12/2024"},
    )
    assert r.status_code == 302
    (listing,) = selectors.province_listings(world.P)
    page = html(client.get(reverse("awards:listing_list", args=[world.P.pk])))
    assert f'data-listing="{listing.pk}" data-cleared="false"' in page
    url = reverse("awards:listing_clear", args=[listing.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Đã nộp đủ thuế"}).status_code == 302
    listing.refresh_from_db()
    assert listing.cleared_reason == "Đã nộp đủ thuế"


def test_a_listing_of_another_province_is_not_found(world, client_as):
    r = client_as(world.users["province_admin"]).post(
        reverse("awards:listing_create", args=[world.P.pk]),
        {
            "subject": f"person:{world.people['q1'].pk}",
            "source": "tax",
            "listed_on": "05/12/2024",
        },
    )
    assert r.status_code == 200  # not a choice of the form


# --- proposals --------------------------------------------------------------------------


def _proposals(world, n):
    """``n`` draft proposals for people of U3 (one per person, year 2024)."""
    from thidua.organizations.tests import factories as f

    admin = world.users["province_admin"]
    for i in range(n):
        person = f.PersonFactory(unit=world.U3, full_name=f"Người Thứ {i}")
        proposal = services.create_proposal(
            actor=admin, award="lao_dong_tien_tien", year=2024, subject=person
        )
        if i % 2:
            Proposal.objects.filter(pk=proposal.pk).update(
                status="submitted", submitted_at=timezone.now() - timedelta(days=9)
            )


@pytest.mark.parametrize("rows", [3, 30])
def test_the_proposal_list_runs_a_fixed_number_of_queries(
    world, client_as, django_assert_num_queries, rows
):
    _proposals(world, rows)
    CalendarDay.objects.create(day=date(2025, 1, 1), kind="holiday", name="Tết")
    client = client_as(world.users["province_admin"])
    client.get(reverse("awards:proposal_list"))  # the session is warm
    # session, user, grants, blocks, count, rows, calendar, provinces, unread bell
    with django_assert_num_queries(9):
        response = client.get(reverse("awards:proposal_list"))
    assert html(response).count('class="proposal-row"') == rows
    assert 'class="sla"><span data-used=' in html(response)


def test_the_proposal_list_filters_by_status(world, client_as):
    _proposals(world, 4)
    page = html(
        client_as(world.users["province_admin"]).get(
            reverse("awards:proposal_list"), {"status": "submitted"}
        )
    )
    assert page.count('data-status="submitted" data-award') == 2
    assert 'data-status="draft" data-award' not in page


def test_the_unit_officer_sees_only_its_units_proposals(world, client_as):
    admin = world.users["province_admin"]
    services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p1"]
    )
    services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    page = html(
        client_as(world.users["unit_officer"]).get(reverse("awards:proposal_list"))
    )
    assert page.count('class="proposal-row"') == 1
    assert "Trần Thị Bình" in page


def test_a_proposal_by_hand_then_its_dossier_and_submission(world, client_as):
    p3 = world.people["p3"]
    services.set_rating(
        actor=world.users["province_admin"], subject=p3, year=2024, level="htt"
    )
    client = client_as(world.users["unit_officer"])
    r = client.post(
        reverse("awards:proposal_create"),
        {"award": "lao_dong_tien_tien", "year": 2024, "subject": f"person:{p3.pk}"},
    )
    assert r.status_code == 302
    proposal = Proposal.objects.get(person=p3)
    detail = reverse("awards:proposal_detail", args=[proposal.pk])
    page = html(client.get(detail))
    assert 'data-kind="to_trinh" data-ok="false"' in page
    assert 'id="submit-proposal"' in page and 'id="accept-proposal"' not in page
    for kind in selectors.missing_documents(proposal):
        r = client.post(
            reverse("awards:proposal_document", args=[proposal.pk]),
            {"kind": kind, "file": pdf(f"{kind}.pdf")},
        )
        assert r.status_code == 302
    page = html(client.get(detail))
    assert 'data-kind="to_trinh" data-ok="true"' in page
    assert "to_trinh.pdf" in page
    client.post(reverse("awards:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    page = html(client.get(detail))
    assert 'id="proposal-sla" data-used="0"' in page
    assert 'id="submit-proposal"' not in page


def test_submitting_an_ineligible_proposal_shows_the_reason(world, client_as):
    p3 = world.people["p3"]
    proposal = services.create_proposal(
        actor=world.users["province_admin"],
        award="lao_dong_tien_tien",
        year=2024,
        subject=p3,
    )
    client = client_as(world.users["unit_officer"])
    r = client.post(reverse("awards:proposal_submit", args=[proposal.pk]), follow=True)
    assert "xếp loại" in html(r)
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_the_round_result_offers_the_one_click_proposal(flag_round, hall, client_as):
    client = client_as(hall.secretary)
    url = reverse("voting:round_detail", args=[flag_round.pk])
    assert 'id="propose-from-round"' in html(client.get(url))
    viewer_page = html(client_as(hall.world.users["viewer"]).get(url))
    assert 'id="propose-from-round"' not in viewer_page
    r = client.post(reverse("awards:round_propose", args=[flag_round.pk]))
    proposal = Proposal.objects.get(ballot_round=flag_round)
    assert r.url == reverse("awards:proposal_detail", args=[proposal.pk])
    assert proposal.unit == hall.world.U3 and proposal.award == "co_thi_dua_tinh"


def _submitted_flag(flag_round, hall):
    (proposal,) = services.propose_from_round(
        actor=hall.secretary, ballot_round=flag_round
    )
    htxs(hall.world, hall.world.U3)
    for kind in selectors.missing_documents(proposal):
        services.attach_document(
            actor=hall.secretary, proposal=proposal, kind=kind, upload=pdf()
        )
    services.submit_proposal(actor=hall.secretary, proposal=proposal)
    return proposal


def test_the_board_returns_accepts_votes_and_decides(flag_round, hall, client_as):
    proposal = _submitted_flag(flag_round, hall)
    board = client_as(hall.admin)
    detail = reverse("awards:proposal_detail", args=[proposal.pk])
    page = html(board.get(detail))
    assert 'id="accept-proposal"' in page and 'id="return-link"' in page
    assert 'id="submit-proposal"' not in page
    # The secretary sees no Board button.
    page = html(client_as(hall.secretary).get(detail))
    assert 'id="accept-proposal"' not in page and 'id="vote-link"' not in page

    board.post(reverse("awards:proposal_accept", args=[proposal.pk]))
    vote_url = reverse("awards:proposal_vote", args=[proposal.pk])
    r = board.post(vote_url, {"members": 15, "present": 13, "yes": 11})
    assert r.status_code == 200 and "12" in html(r)  # under the threshold
    r = board.post(vote_url, {"members": 15, "present": 13, "yes": 12})
    assert r.status_code == 302
    r = board.post(
        reverse("awards:decision_create", args=[hall.world.P.pk]),
        {
            "number": "123/QĐ-UBND",
            "date": "20/01/2025",
            "signer": "Bùi Văn Khánh",
            "authority": "Chủ tịch Ủy ban nhân dân tỉnh",
            "proposals": [proposal.pk],
        },
    )
    assert r.status_code == 302
    record = AwardRecord.objects.get(proposal=proposal)
    page = html(board.get(r.url))
    assert vnd(record.cash_amount) in page
    assert "2.340.000 đ" in page  # the base salary in force on 20/01/2025
    history = html(board.get(reverse("awards:unit_awards", args=[hall.world.U3.pk])))
    assert f'data-cash="{record.cash_amount}"' in history
    page = html(board.get(detail))
    assert "awards.council.voted" in page and "awards.proposal.decided" in page


def test_a_return_needs_a_reason(flag_round, hall, client_as):
    proposal = _submitted_flag(flag_round, hall)
    board = client_as(hall.admin)
    url = reverse("awards:proposal_return", args=[proposal.pk])
    assert board.post(url, {"reason": ""}).status_code == 200
    assert board.post(url, {"reason": "Thiếu biên bản"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "returned" and proposal.reason == "Thiếu biên bản"


# --- the public page --------------------------------------------------------------------


def test_a_published_proposal_takes_public_comments_for_the_board(
    flag_round, hall, client, client_as
):
    proposal = _submitted_flag(flag_round, hall)
    board = client_as(hall.admin)
    r = board.post(
        reverse("awards:proposal_disclose", args=[proposal.pk]),
        {"start": timezone.localdate().strftime("%d/%m/%Y")},
    )
    assert r.status_code == 302
    public = html(client.get(reverse("movements:public")))
    assert f'data-proposal="{proposal.pk}"' in public
    r = client.post(
        reverse("awards:public_comment", args=[proposal.pk]),
        {
            f"c{proposal.pk}-author_name": "Một người dân",
            f"c{proposal.pk}-body": "Đơn vị xứng đáng.",
        },
    )
    assert r.status_code == 302
    assert DisclosureComment.objects.get(proposal=proposal).body == "Đơn vị xứng đáng."
    detail = reverse("awards:proposal_detail", args=[proposal.pk])
    assert "Đơn vị xứng đáng." in html(board.get(detail))
    assert "Đơn vị xứng đáng." not in html(client_as(hall.secretary).get(detail))


def test_the_public_page_queries_stay_fixed_with_proposals_on_display(
    world, client, django_assert_num_queries
):
    _proposals(world, 6)
    today = timezone.localdate()
    Proposal.objects.update(
        status="submitted", disclosed_from=today, disclosed_until=today
    )
    # Models and publications (none: no prefetch), proposals on display.
    with django_assert_num_queries(3):
        response = client.get(reverse("movements:public"))
    assert html(response).count('class="card public-proposal"') == 6


def test_a_proposal_not_on_display_takes_no_comment(world, client):
    _proposals(world, 1)
    proposal = Proposal.objects.get()
    assert (
        client.get(reverse("awards:public_comment", args=[proposal.pk])).status_code
        == 404
    )


# --- the province's awards --------------------------------------------------------------


def _awards(world, n):
    from thidua.organizations.tests import factories as f

    admin = world.users["province_admin"]
    for i in range(n):
        person = f.PersonFactory(unit=world.U3, full_name=f"Người Được Khen {i}")
        services.add_award_record(
            actor=admin,
            subject=person,
            award="lao_dong_tien_tien",
            year=2024,
            decision_number=f"{i}/QĐ",
            decision_date=date(2025, 1, 10),
        )
    AwardRecord.objects.update(
        coefficient="0.3", base_salary=2_340_000, cash_amount=702_000
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_the_award_list_runs_a_fixed_number_of_queries(
    world, client_as, django_assert_num_queries, rows
):
    _awards(world, rows)
    client = client_as(world.users["viewer"])
    client.get(reverse("awards:award_list"))
    # session, user, grants, blocks, provinces merged into the user's, count,
    # rows, unread bell
    with django_assert_num_queries(8):
        response = client.get(reverse("awards:award_list"), {"year": 2024})
    assert html(response).count('class="award-row"') == rows
    assert "702.000 đ" in html(response)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_listing_list_runs_a_fixed_number_of_queries(
    world, client_as, django_assert_num_queries, rows
):
    from thidua.awards.models import ViolationListing
    from thidua.organizations.tests import factories as f

    for i in range(rows):
        person = f.PersonFactory(unit=world.U3, full_name=f"Người Bị Nêu {i}")
        ViolationListing.objects.create(
            person=person, source="police", listed_on=date(2024, 12, 1)
        )
    client = client_as(world.users["province_admin"])
    url = reverse("awards:listing_list", args=[world.P.pk])
    client.get(url)
    # session, user, province, grants, count, rows, unread bell
    with django_assert_num_queries(7):
        response = client.get(url)
    assert html(response).count('class="listing-row"') == rows


def test_the_export_keeps_numbers_and_dates_as_such(world, client_as):
    _awards(world, 2)
    response = client_as(world.users["viewer"]).get(
        reverse("awards:award_export"), {"year": 2024}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    year, _award, _name, _kind, unit, _k, _number, day, coef, base, cash = rows[1]
    assert year == 2024 and unit == "Ủy ban Kiểm tra Tỉnh ủy"
    assert isinstance(day, datetime) and day.date() == date(2025, 1, 10)
    assert coef == 0.3 and base == 2_340_000 and cash == 702_000


# --- settings and calendar --------------------------------------------------------------


def test_the_board_changes_the_flag_quota(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:award_settings", args=[world.P.pk])
    page = html(client.get(url))
    assert 'data-setting="flag_quota_per_block"' in page and "§9 rule 9" in page
    form = {
        "flag_quota_per_block": 2,
        "bang_khen_quota_per_block": "",
        "cstdcs_cap_percent": "",
        "cstd_tinh_consecutive": "cycles",
        "lineage_merge": "all",
        "council_default_percent": 50,
        "quorum_session_percent": "",
        "quorum_award_review_percent": 80,
        "event_lead_days": 10,
        "disclosure_days": 5,
        "consumed_not_reused": "on",
        "threshold_co_thi_dua_tinh": 90,
    }
    assert client.post(url, form).status_code == 302
    world.P.refresh_from_db()
    stored = world.P.settings["awards"]
    assert stored["flag_quota_per_block"] == 2
    assert stored["council_threshold_percent"] == {"co_thi_dua_tinh": 90}
    assert selectors.params_for(world.P).flag_quota_per_block == 2


def test_rule_21_the_board_enters_an_unknown_coefficient_then_the_decision_records(
    world, client_as
):
    admin = world.users["province_admin"]
    client = client_as(admin)
    url = reverse("awards:award_settings", args=[world.P.pk])
    proposal = services.create_proposal(
        actor=admin, award="bang_khen_tinh", year=2024, subject=world.people["p3"]
    )
    Proposal.objects.filter(pk=proposal.pk).update(status="accepted")
    decide = {
        "actor": admin,
        "number": "15/QĐ-UBND",
        "day": date(2025, 3, 1),
        "signer": "Bùi Văn Khánh",
        "authority": "Chủ tịch Ủy ban nhân dân tỉnh",
        "proposals": [Proposal.objects.get(pk=proposal.pk)],
    }
    with pytest.raises(services.DomainError) as err:
        services.record_decision(**decide)
    assert err.value.code == "COEFFICIENT_UNKNOWN"
    page = html(client.get(url))
    field = "coef_ND_98_2023_bang_khen_tinh_individual"
    assert f'data-setting="{field}"' in page
    form = {
        "flag_quota_per_block": 1,
        "cstd_tinh_consecutive": "cycles",
        "lineage_merge": "all",
        "council_default_percent": 50,
        "quorum_award_review_percent": 80,
        "event_lead_days": 10,
        "disclosure_days": 5,
        "consumed_not_reused": "on",
        field: "1.0",
        "base_salaries": "01/07/2023 1800000",
    }
    assert client.post(url, form).status_code == 302
    world.P.refresh_from_db()
    stored = world.P.settings["awards"]
    assert stored["coefficient_overrides"] == {
        "ND_98_2023/bang_khen_tinh/individual": "1.0"
    }
    assert stored["base_salaries"] == [["2023-07-01", 1_800_000]]
    assert "01/07/2023 1800000" in html(client.get(url))
    decide["proposals"] = [Proposal.objects.get(pk=proposal.pk)]
    decision = services.record_decision(**decide)
    (award,) = decision.awards.all()
    assert (award.base_salary, award.cash_amount) == (2_340_000, 2_340_000)


def test_a_malformed_base_salary_line_is_explained(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:award_settings", args=[world.P.pk])
    r = client.post(url, {"flag_quota_per_block": 1, "base_salaries": "1/7/2023"})
    assert r.status_code == 200
    assert "01/07/2023 1800000" in html(r)


def test_the_calendar_adds_and_removes_a_holiday(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:work_calendar")
    r = client.post(url, {"day": "02/09/2025", "kind": "holiday", "name": "Quốc khánh"})
    assert r.status_code == 302
    page = html(client.get(url, {"year": 2025}))
    assert 'data-day="2025-09-02" data-kind="holiday"' in page
    client.post(url, {"action": "remove", "day": "2025-09-02"})
    assert not CalendarDay.objects.exists()


def test_public_comments_are_limited_per_address_and_hour(world, client, settings):
    settings.PUBLIC_COMMENTS_PER_HOUR = 2
    from django.core.cache import cache

    cache.clear()
    _proposals(world, 1)
    today = timezone.localdate()
    Proposal.objects.update(
        status="submitted", disclosed_from=today, disclosed_until=today
    )
    proposal = Proposal.objects.get()
    url = reverse("awards:public_comment", args=[proposal.pk])
    body = {
        f"c{proposal.pk}-author_name": "Một người dân",
        f"c{proposal.pk}-body": "Ý kiến.",
    }
    assert [client.post(url, body).status_code for _ in range(3)] == [302, 302, 429]
    assert DisclosureComment.objects.filter(proposal=proposal).count() == 2
    assert 'id="comment-limited"' in html(client.post(url, body))


# --- imports from Excel ------------------------------------------------------------------


def _xlsx(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        "xep-loai.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_the_import_page_reports_rows_then_imports_all(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:fact_import", args=[world.P.pk, "ratings"])
    page = html(client.get(url))
    assert "Xếp loại" in page and "/api/v1/imports/ratings/template" in page
    headers = ["Cá nhân", "Đơn vị", "Năm", "Xếp loại"]
    bad = _xlsx(
        headers,
        [
            ["Trần Thị Bình", "Ủy ban Kiểm tra Tỉnh ủy", 2024, "htxs"],
            ["Trần Thị Bình", "Ủy ban Kiểm tra Tỉnh ủy", 2023, "rất tốt"],
        ],
    )
    r = client.post(url, {"file": bad})
    assert r.status_code == 200
    assert 'id="import-problems"' in html(r)
    assert not Rating.objects.exists()  # all or nothing
    good = _xlsx(
        headers,
        [
            ["Trần Thị Bình", "Ủy ban Kiểm tra Tỉnh ủy", 2024, "htxs"],
            ["Trần Thị Bình", "Ủy ban Kiểm tra Tỉnh ủy", 2023, "htt"],
        ],
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert sorted(Rating.objects.values_list("year", "level")) == [
        (2023, "htt"),
        (2024, "htxs"),
    ]


def test_unknown_import_kind_is_404(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("awards:fact_import", args=[world.P.pk, "khac"])
    assert client.get(url).status_code == 404
