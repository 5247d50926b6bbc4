"""From a closed ballot round to a decision and the award in the history (issue 5;
domain.md §5.5, §9 rules 1, 2, 9, 11, 21, 22)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards import selectors, services
from thidua.awards.models import AwardRecord, Proposal
from thidua.awards.tests.conftest import htxs, refused
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="to-trinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def complete_dossier(proposal, actor):
    for kind in selectors.missing_documents(proposal):
        services.attach_document(
            actor=actor, proposal=proposal, kind=kind, upload=pdf()
        )


def test_one_click_from_the_round_proposes_the_elected_unit_for_the_flag(
    flag_round, hall
):
    created = services.propose_from_round(actor=hall.secretary, ballot_round=flag_round)
    assert [(p.unit, p.award, p.year) for p in created] == [
        (hall.world.U3, "co_thi_dua_tinh", 2024)
    ]
    assert created[0].status == "draft"
    # A second click proposes nobody twice.
    assert (
        services.propose_from_round(actor=hall.secretary, ballot_round=flag_round) == []
    )


def test_rule_9_flag_needs_htxs_then_the_whole_way_to_the_history(flag_round, hall):
    world = hall.world
    (proposal,) = services.propose_from_round(
        actor=hall.secretary, ballot_round=flag_round
    )
    assert proposal.eligible is False  # no htxs rating yet
    answer = selectors.eligibility(
        world.U3, "co_thi_dua_tinh", 2024, proposal=proposal.pk
    )
    assert "RATING_MISSING" in answer.codes
    complete_dossier(proposal, hall.secretary)
    err = refused(
        "NOT_ELIGIBLE",
        services.submit_proposal,
        actor=hall.secretary,
        proposal=proposal,
    )
    assert "xếp loại" in err.message
    htxs(world, world.U3)
    services.submit_proposal(actor=hall.secretary, proposal=proposal)
    assert proposal.status == "submitted" and proposal.eligible is True
    admin = world.users["province_admin"]
    services.accept_proposal(actor=admin, proposal=proposal)
    vote = services.record_council_vote(
        actor=admin, proposal=proposal, members=15, present=13, yes=12
    )
    assert vote.passed and vote.needed == 12  # ⌈4/5 × 15⌉ (rule 11)
    decision = services.record_decision(
        actor=admin,
        number="123/QĐ-UBND",
        day=date(2025, 1, 20),
        signer="Bùi Văn Khánh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh",
        proposals=[proposal],
    )
    record = AwardRecord.objects.get(decision=decision)
    # Rule 21: 2.0 × 2,340,000 × ... — a collective flag is 2 × 1.5 = 3.0 under
    # Decree 98; the coefficient comes from the table in force on the decision date.
    assert record.base_salary == 2_340_000
    assert record.cash_amount == int(record.coefficient * record.base_salary)
    assert record.cash_amount % 10_000 == 0
    proposal.refresh_from_db()
    assert proposal.status == "decided"
    history = [
        selectors.history_row(r, world.U3.pk)
        for r in selectors.awards_of_unit(world.U3)
    ]
    assert history[0]["award"] == "co_thi_dua_tinh"
    assert history[0]["decision_number"] == "123/QĐ-UBND"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "awards.proposal.created",
        "awards.proposal.submitted",
        "awards.proposal.accepted",
        "awards.council.voted",
        "awards.decision.recorded",
        "awards.proposal.decided",
    } <= verbs


def test_rule_9_flag_quota_refuses_a_second_flag_of_the_block_year(flag_round, hall):
    services.propose_from_round(actor=hall.secretary, ballot_round=flag_round)
    refused(
        "QUOTA_EXCEEDED",
        services.create_proposal,
        actor=hall.secretary,
        award="co_thi_dua_tinh",
        year=2024,
        subject=hall.world.U1,
        block_year=hall.block_year,
    )


def test_rule_22_a_dossier_lacking_documents_cannot_be_submitted(flag_round, hall):
    (proposal,) = services.propose_from_round(
        actor=hall.secretary, ballot_round=flag_round
    )
    htxs(hall.world, hall.world.U3)
    err = refused(
        "DOSSIER_INCOMPLETE",
        services.submit_proposal,
        actor=hall.secretary,
        proposal=proposal,
    )
    assert set(err.details["missing"]) == {"to_trinh", "bao_cao_thanh_tich", "bien_ban"}


def test_rule_2_an_initiative_backs_one_proposal_until_returned(world):
    admin = world.users["province_admin"]
    p3 = world.people["p3"]
    initiative = services.create_initiative(
        actor=admin,
        title="Số hóa hồ sơ kiểm tra đảng viên",
        authors=[p3],
        scope_level="tinh",
        recognized_on=date(2024, 6, 1),
        decision_number="45/QĐ-SKHCN",
    )
    first = services.create_proposal(
        actor=admin,
        award="bang_khen_tinh",
        year=2024,
        subject=p3,
        initiatives=[initiative],
    )
    err = refused(
        "INITIATIVE_ALREADY_USED",
        services.create_proposal,
        actor=admin,
        award="chien_si_thi_dua_co_so",
        year=2024,
        subject=p3,
        initiatives=[initiative],
    )
    assert err.details["award"] == "bang_khen_tinh"
    # Returned, the initiative is free again.
    Proposal.objects.filter(pk=first.pk).update(status="submitted")
    first.refresh_from_db()
    services.return_proposal(actor=admin, proposal=first, reason="Thiếu xác nhận")
    services.create_proposal(
        actor=admin,
        award="chien_si_thi_dua_co_so",
        year=2024,
        subject=p3,
        initiatives=[initiative],
    )


def test_transitions_outside_the_table_are_refused_409(world):
    admin = world.users["province_admin"]
    proposal = services.create_proposal(
        actor=admin, award="lao_dong_tien_tien", year=2024, subject=world.people["p3"]
    )
    err = refused(
        "INVALID_TRANSITION", services.accept_proposal, actor=admin, proposal=proposal
    )
    assert err.status == 409


def test_rule_11_council_vote_under_the_threshold_is_refused(flag_round, hall):
    world = hall.world
    admin = world.users["province_admin"]
    (proposal,) = services.propose_from_round(
        actor=hall.secretary, ballot_round=flag_round
    )
    htxs(world, world.U3)
    complete_dossier(proposal, hall.secretary)
    services.submit_proposal(actor=hall.secretary, proposal=proposal)
    err = refused(
        "COUNCIL_THRESHOLD_NOT_MET",
        services.record_council_vote,
        actor=admin,
        proposal=proposal,
        members=15,
        present=13,
        yes=11,
    )
    assert err.details["needed"] == 12


def test_a_listed_person_is_not_eligible_until_cleared(world):
    admin = world.users["province_admin"]
    p3 = world.people["p3"]
    services.set_rating(actor=admin, subject=p3, year=2024, level="htt")
    assert selectors.eligibility(p3, "lao_dong_tien_tien", 2024).eligible is True
    listing = services.add_listing(
        actor=admin, subject=p3, source="tax", listed_on=date(2024, 12, 5)
    )
    answer = selectors.eligibility(p3, "lao_dong_tien_tien", 2024)
    assert answer.eligible is False and "VIOLATION_LISTED" in answer.codes
    services.clear_listing(actor=admin, listing=listing, reason="Đã nộp đủ thuế")
    assert selectors.eligibility(p3, "lao_dong_tien_tien", 2024).eligible is True


def test_a_rating_replaces_the_first_and_both_are_audited(world):
    admin = world.users["province_admin"]
    p3 = world.people["p3"]
    services.set_rating(actor=admin, subject=p3, year=2024, level="ht")
    services.set_rating(actor=admin, subject=p3, year=2024, level="htxs")
    events = AuditEvent.objects.filter(verb="awards.rating.set").order_by("id")
    assert [e.after["level"] for e in events] == ["ht", "htxs"]
    assert events[1].before == {"level": "ht"}


def test_merged_unit_keeps_its_predecessors_awards_with_via(world):
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
    rows = [
        selectors.history_row(r, world.U5.pk)
        for r in selectors.awards_of_unit(world.U5)
    ]
    assert rows == [
        {
            "id": rows[0]["id"],
            "award": "bang_khen_tinh",
            "award_name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "year": 2023,
            "kind": "thuong_xuyen",
            "decision_number": "9/QĐ-UBND",
            "decision_date": date(2024, 1, 9),
            "cash_amount": None,
            "via": "Sở Tư pháp",
        }
    ]


def test_a_unit_officer_cannot_rate_their_own_unit(world):
    refused(
        "PERMISSION_DENIED",
        services.set_rating,
        actor=world.users["unit_officer"],
        subject=world.U3,
        year=2024,
        level="htxs",
    )


def test_the_proposer_hears_of_a_return_and_a_decision(world):
    from thidua.movements.models import Notification

    admin = world.users["province_admin"]
    officer = world.users["unit_officer"]
    p3 = world.people["p3"]
    services.set_rating(actor=admin, subject=p3, year=2024, level="htt")
    proposal = services.create_proposal(
        actor=officer, award="lao_dong_tien_tien", year=2024, subject=p3
    )
    complete_dossier(proposal, officer)
    services.submit_proposal(actor=officer, proposal=proposal)
    services.return_proposal(actor=admin, proposal=proposal, reason="Thiếu chữ ký")
    services.submit_proposal(actor=officer, proposal=proposal)
    services.accept_proposal(actor=admin, proposal=proposal)
    services.record_decision(
        actor=admin,
        number="7/QĐ-UBND",
        day=date(2025, 1, 20),
        signer="Bùi Văn Khánh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh",
        proposals=[proposal],
    )
    texts = list(
        Notification.objects.filter(user=officer)
        .order_by("id")
        .values_list("text", flat=True)
    )
    assert len(texts) == 3
    assert "Trần Thị Bình" in texts[0] and "7/QĐ-UBND" in texts[2]
    assert not Notification.objects.filter(user=admin).exists()


def test_a_merged_provinces_awards_show_in_its_successors_list(world):
    """The 2025 reform: the successor province's Board sees the awards recorded in
    the provinces merged into it (each award keeps its province)."""
    admin = world.users["province_admin"]
    record = services.add_award_record(
        actor=admin, subject=world.people["p3"], award="bang_khen_tinh", year=2023
    )
    assert record.province_id == world.P.pk
    from thidua.organizations.tests import factories as f

    board_q = f.UserFactory(username="ban-q")
    f.grant(board_q, "province_admin", world.Q)
    assert not selectors.province_awards(board_q).exists()
    world.P.successors.add(world.Q)
    assert list(selectors.province_awards(board_q)) == [record]
    assert list(selectors.province_awards(admin)) == [record]


def test_rule_11_written_opinions_of_absent_members_count_towards_the_threshold(
    flag_round, hall
):
    world = hall.world
    admin = world.users["province_admin"]
    (proposal,) = services.propose_from_round(
        actor=hall.secretary, ballot_round=flag_round
    )
    htxs(world, world.U3)
    complete_dossier(proposal, hall.secretary)
    services.submit_proposal(actor=hall.secretary, proposal=proposal)
    # 15 members, 12 present (the ⌈4/5⌉ quorum) and 3 written opinions: 13 in
    # favour, one of them written.
    vote = services.record_council_vote(
        actor=admin,
        proposal=proposal,
        members=15,
        present=12,
        yes=13,
        written_opinions=3,
    )
    assert vote.passed and vote.yes == 13
    refused(
        "COUNCIL_COUNTS_INVALID",
        services.record_council_vote,
        actor=admin,
        proposal=proposal,
        members=15,
        present=13,
        yes=12,
        written_opinions=3,  # 13 present + 3 written > 15 members
    )
