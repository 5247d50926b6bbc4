"""The awards part of the demo (issue 5), called at the end of ``load_demo``: the
Hòa Bình block's award facts and the way from its 2024 ballots to a decision.

- ratings of the nine Hòa Bình Party agencies and of the people of three of them
  for 2022–2024 (Ủy ban Kiểm tra Tỉnh ủy and Ban Tổ chức Tỉnh ủy excellent three
  years running);
- past awards with their decisions: Tập thể lao động xuất sắc 2022 and Bằng khen
  tỉnh 2023 of Ủy ban Kiểm tra Tỉnh ủy, Bằng khen tỉnh 2023 of Ban Tổ chức Tỉnh ủy,
  Chiến sĩ thi đua cơ sở 2022–2023 of their heads;
- a 2024 staff summary of Ủy ban Kiểm tra Tỉnh ủy and one grassroots initiative;
- from the closed flag round, the draft proposal of Ủy ban Kiểm tra Tỉnh ủy for Cờ
  thi đua tỉnh (services.propose_from_round); from the certificate-of-merit round,
  draft proposals for Ban Tổ chức and Ban Tuyên giáo;
- Ủy ban Kiểm tra's Tập thể lao động xuất sắc 2024, proposed by hand and taken the
  whole way (dossier, submitted, accepted, council vote) to a decision with its
  cash amount in the history.

Everything goes through the services (so the audit log tells the story); every
number, decision and name here is invented. Idempotent: nothing is added when the
province already has proposals.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards import selectors, services
from thidua.awards.models import Proposal
from thidua.organizations.models import Person, Province, Unit
from thidua.voting.models import BallotRound

DEMO_PDF = b"%PDF-1.4\n% Du lieu minh hoa\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Unit ratings by short name, 2022, 2023, 2024.
UNIT_RATINGS = {
    "UBKT": ("htxs", "htxs", "htxs"),
    "BTC": ("htxs", "htxs", "htxs"),
    "BTG": ("htt", "htxs", "htxs"),
    "BDV": ("htt", "htt", "htxs"),
    "VPTU": ("htt", "htt", "htt"),
    "BNC": ("htt", "htt", "htt"),
    "ĐUK": ("ht", "htt", "htt"),
    "TCT": ("htt", "ht", "htt"),
    "BHB": ("ht", "htt", "ht"),
}
YEARS = (2022, 2023, 2024)
# People rated: those of these units; the head excellent, the others by turn.
PEOPLE_OF = ("UBKT", "BTC", "BTG")
STAFF_LEVELS = (("htt", "htxs", "htt"), ("htt", "htt", "ht"), ("ht", "htt", "htt"))
# (unit, award, year, decision number, decision date)
UNIT_AWARDS = [
    ("UBKT", "tap_the_lao_dong_xuat_sac", 2022, "86/QĐ-UBND", date(2023, 1, 16)),
    ("UBKT", "bang_khen_tinh", 2023, "152/QĐ-UBND", date(2024, 1, 22)),
    ("BTC", "bang_khen_tinh", 2023, "152/QĐ-UBND", date(2024, 1, 22)),
]
# The heads of these units: Chiến sĩ thi đua cơ sở of these years.
HEAD_AWARDS = [
    ("UBKT", 2022, "12/QĐ-UBKTTU", date(2022, 12, 26)),
    ("UBKT", 2023, "15/QĐ-UBKTTU", date(2023, 12, 27)),
    ("BTC", 2023, "208-QĐ/BTCTU", date(2023, 12, 25)),
]
DECIDED_SUMMARY = (
    "Hoàn thành xuất sắc nhiệm vụ năm 2024; 100% cán bộ hoàn thành nhiệm vụ, 21/24 "
    "đạt Lao động tiên tiến, 03 Chiến sĩ thi đua cơ sở."
)
DECISION = {
    "number": "95/QĐ-UBND",
    "day": date(2025, 1, 20),
    "signer": "Nguyễn Quốc Trung",
    "authority": "Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình",
}


def load() -> None:
    """Add the awards demo to the Hòa Bình demo province (see the module)."""
    province = Province.objects.filter(is_demo=True, name="Hòa Bình").first()
    if province is None or Proposal.objects.filter(province=province).exists():
        return
    User = get_user_model()
    board = User.objects.get(username="tinh")
    secretary = User.objects.get(username="thuky")
    units = {u.short_name: u for u in Unit.objects.filter(province=province)}

    def people(short: str) -> list[Person]:
        unit = units[short]
        # The 2025 reform moved the people to the unit's successor.
        return list(
            Person.objects.filter(unit__in=[unit, *unit.successors.all()])
            .select_related("unit")
            .order_by("-is_leader", "id")
        )

    for short, levels in UNIT_RATINGS.items():
        for year, level in zip(YEARS, levels, strict=True):
            services.set_rating(
                actor=board, subject=units[short], year=year, level=level
            )
    for short in PEOPLE_OF:
        head, *others = people(short)
        for year in YEARS:
            services.set_rating(actor=board, subject=head, year=year, level="htxs")
        for i, person in enumerate(others):
            for year, level in zip(YEARS, STAFF_LEVELS[i % 3], strict=True):
                services.set_rating(actor=board, subject=person, year=year, level=level)
    for short, award, year, number, day in UNIT_AWARDS:
        services.add_award_record(
            actor=board,
            subject=units[short],
            award=award,
            year=year,
            decision_number=number,
            decision_date=day,
        )
    for short, year, number, day in HEAD_AWARDS:
        services.add_award_record(
            actor=board,
            subject=people(short)[0],
            award="chien_si_thi_dua_co_so",
            year=year,
            decision_number=number,
            decision_date=day,
        )
    services.set_staff_summary(
        actor=board,
        unit=units["UBKT"],
        year=2024,
        members=24,
        lao_dong_tien_tien=21,
        chien_si_thi_dua_co_so=3,
        completed_tasks=24,
        disciplined_canh_cao_or_above=0,
        women=10,
    )
    services.create_initiative(
        actor=board,
        title="Số hóa hồ sơ kiểm tra, giám sát tổ chức đảng và đảng viên",
        authors=people("UBKT")[:2],
        scope_level="co_so",
        recognized_on=date(2024, 11, 20),
        decision_number="35/QĐ-UBKTTU",
    )
    _proposals(province, units["UBKT"], board, secretary)


def _proposals(province: Province, ubkt: Unit, board, secretary) -> None:
    rounds = BallotRound.objects.filter(
        conference__block_year__block__province=province,
        conference__block_year__year=2024,
        status=BallotRound.Status.CLOSED,
    ).select_related("conference__block_year")
    by_award = {r.award: r for r in rounds}
    # The elected unit of the flag round: a draft for Cờ thi đua tỉnh.
    services.propose_from_round(
        actor=secretary, ballot_round=by_award["co_thi_dua_tinh"]
    )
    # The certificate-of-merit round: drafts for Ban Tổ chức and Ban Tuyên giáo.
    services.propose_from_round(
        actor=secretary, ballot_round=by_award["bang_khen_tinh"]
    )
    # Ủy ban Kiểm tra's Tập thể lao động xuất sắc 2024, by hand, the whole way to a
    # decision and its cash amount (1.5 × the base salary on the decision date).
    # (Bằng khen tỉnh has no cash coefficient under Decree 98, in force then.)
    proposal = services.create_proposal(
        actor=secretary,
        award="tap_the_lao_dong_xuat_sac",
        year=2024,
        subject=ubkt,
        summary=DECIDED_SUMMARY,
    )
    for kind in selectors.missing_documents(proposal):
        services.attach_document(
            actor=secretary,
            proposal=proposal,
            kind=kind,
            upload=SimpleUploadedFile(f"{kind}-UBKT.pdf", DEMO_PDF),
        )
    services.submit_proposal(actor=secretary, proposal=proposal)
    services.accept_proposal(actor=board, proposal=proposal)
    services.record_council_vote(
        actor=board, proposal=proposal, members=11, present=10, yes=10
    )
    services.record_decision(actor=board, proposals=[proposal], **DECISION)
