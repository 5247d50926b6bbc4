"""API rows of the awards app (see permission_rows.py).

Who may do what (rules/permissions.py): a person's facts, staff summaries,
initiatives and proposals — the Board (PA), the block's secretariat (BS) and the
unit's officer (UO, for U3); a unit's own rating, discipline and past awards — PA
and BS; listings, reviews, council votes, decisions and settings — PA only; reading
awards and eligibility — every role in scope. The subjects are U3 and its person p3
(block B); the outsider, secretary of block B2, sees U3 as a unit of the province
(403 where an action is refused) but neither p3 nor U3's proposals (404).
"""

from datetime import date
from fractions import Fraction

from thidua.core.testing import AUTHED, BS, LE, OU, PA, SU, UO, VI, api

ADMINS = (SU, PA)
SECRETARIES = (SU, PA, BS)
FACTS = (SU, PA, BS, UO)
IN_SCOPE = (SU, PA, BS, UO, LE, VI)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _su(w):
    return w.users["superuser"]


def _pdf(name="to-trinh.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _proposal(w, status="draft"):
    """p3's proposal for Lao động tiên tiến 2024 (rated htt), moved to ``status``
    with a complete dossier."""
    from thidua.awards import selectors, services
    from thidua.awards.models import Proposal

    p3 = w.people["p3"]
    found = Proposal.objects.filter(person=p3, award="lao_dong_tien_tien").first()
    if found is not None:
        return found
    su = _su(w)
    services.set_rating(actor=su, subject=p3, year=2024, level="htt")
    proposal = services.create_proposal(
        actor=su, award="lao_dong_tien_tien", year=2024, subject=p3
    )
    for kind in selectors.missing_documents(proposal):
        services.attach_document(actor=su, proposal=proposal, kind=kind, upload=_pdf())
    if status in ("submitted", "accepted"):
        services.submit_proposal(actor=su, proposal=proposal)
    if status == "accepted":
        services.accept_proposal(actor=su, proposal=proposal)
    return proposal


def _pk(obj):
    return {"pk": obj.pk}


DRAFT = lambda w: _pk(_proposal(w))  # noqa: E731
SUBMITTED = lambda w: _pk(_proposal(w, "submitted"))  # noqa: E731
P3 = lambda w: {"pk": w.people["p3"].pk}  # noqa: E731
U3 = lambda w: {"pk": w.U3.pk}  # noqa: E731
NONE = lambda w: {}  # noqa: E731


def _flag_round(w):
    """A closed co_thi_dua_tinh round of BY that elected U3 (2 of 3 members)."""
    from thidua.voting import services
    from thidua.voting.models import BallotRound, Conference

    found = BallotRound.objects.filter(conference__block_year=w.BY).first()
    if found is not None:
        return {"pk": found.pk}
    conference = Conference.objects.filter(
        block_year=w.BY
    ).first() or services.record_conference(
        actor=_su(w),
        block_year=w.BY,
        kind="tong_ket",
        date=date(2024, 12, 18),
        host_unit=w.U1,
        attendees=[w.people["p1"], w.people["p3"]],
    )
    round = services.create_round(
        actor=_su(w),
        conference=conference,
        award="co_thi_dua_tinh",
        seats=1,
        threshold=Fraction(1, 2),
        threshold_base="members",
        mode="electronic",
        candidates=[w.U1, w.U2, w.U3],
    )
    round, tokens = services.open_round(
        actor=_su(w), round=round, voters=[w.people["p1"], w.people["p3"]]
    )
    for token in tokens:
        services.cast_ballot(round=round, token=token, choices=[w.U3.pk])
    services.close_round(actor=_su(w), round=round)
    return {"pk": round.pk}


def _listing(w):
    from thidua.awards import services
    from thidua.awards.models import ViolationListing

    found = ViolationListing.objects.filter(unit=w.U3).first()
    return {
        "pk": (
            found
            or services.add_listing(
                actor=_su(w), subject=w.U3, source="tax", listed_on=date(2024, 12, 5)
            )
        ).pk
    }


def _decision(w):
    from thidua.awards import services
    from thidua.awards.models import Decision

    found = Decision.objects.first()
    if found is None:
        found = services.record_decision(
            actor=_su(w),
            number="12/QĐ-UBND",
            day=date(2025, 1, 20),
            signer="Bùi Văn Khánh",
            authority="Chủ tịch Ủy ban nhân dân tỉnh",
            proposals=[_proposal(w, "accepted")],
        )
    return {"pk": found.pk}


def _document_body(w):
    return {"kind": "khac", "file": _pdf("phu-luc.pdf")}


# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    # --- facts
    "api:person_ratings": (
        P3,
        "post",
        lambda w: {"year": 2024, "rating": "htxs"},
        api(FACTS, ok=201, hidden_for=(OU,)),
        False,
    ),
    "api:unit_ratings": (
        U3,
        "post",
        lambda w: {"year": 2024, "rating": "htxs"},
        api(SECRETARIES, ok=201),
        False,
    ),
    "api:person_disciplines": (
        P3,
        "post",
        lambda w: {"level": "khien_trach", "start": "2023-03-01", "end": "2023-09-01"},
        api(FACTS, ok=201, hidden_for=(OU,)),
        False,
    ),
    "api:unit_disciplines": (
        U3,
        "post",
        lambda w: {"kind": "inspection", "start": "2024-05-01"},
        api(SECRETARIES, ok=201),
        False,
    ),
    "api:person_leaves": (
        P3,
        "post",
        lambda w: {"kind": "maternity", "start": "2023-01-01", "end": "2023-06-30"},
        api(FACTS, ok=201, hidden_for=(OU,)),
        False,
    ),
    "api:unit_staff_summary": (
        U3,
        "post",
        lambda w: {
            "year": 2024,
            "members": 20,
            "lao_dong_tien_tien": 16,
            "chien_si_thi_dua_co_so": 2,
            "completed_tasks": 20,
            "disciplined_canh_cao_or_above": 0,
        },
        api(FACTS, ok=201),
        False,
    ),
    "api:initiatives": (
        NONE,
        "post",
        lambda w: {
            "title": "Số hóa hồ sơ kiểm tra",
            "authors": [w.people["p3"].pk],
            "scope": "co_so",
            "recognized_on": "2024-06-01",
            "decision_number": "45/QĐ-UBKT",
        },
        api(FACTS, ok=201, hidden_for=(OU,)),
        False,
    ),
    "api:award_records": (
        NONE,
        "post",
        lambda w: {
            "award": "tap_the_lao_dong_xuat_sac",
            "year": 2023,
            "unit": w.U3.pk,
            "decision_number": "9/QĐ-UBND",
            "decision_date": "2024-01-09",
        },
        api(SECRETARIES, ok=201),
        False,
    ),
    # --- history and eligibility
    "api:person_awards": (P3, "get", None, api(IN_SCOPE, hidden_for=(OU,)), False),
    "api:unit_awards": (U3, "get", None, api(IN_SCOPE), False),
    "api:person_eligibility": (
        P3,
        "get",
        None,
        api(IN_SCOPE, hidden_for=(OU,)),
        False,
    ),
    "api:unit_eligibility": (U3, "get", None, api(IN_SCOPE), False),
    # --- proposals (GET lists what each may see)
    "api:proposals": (NONE, "get", None, api(AUTHED), False),
    "api:proposal_detail": (DRAFT, "get", None, api(IN_SCOPE, hidden_for=(OU,)), False),
    "api:proposal_documents": (
        DRAFT,
        "multipart",
        _document_body,
        api(FACTS, ok=201, hidden_for=(OU,)),
        False,
    ),
    "api:proposal_submit": (
        DRAFT,
        "post",
        None,
        api(FACTS, hidden_for=(OU,)),
        False,
    ),
    "api:proposal_return": (
        SUBMITTED,
        "post",
        lambda w: {"reason": "Thiếu xác nhận của đơn vị"},
        api(ADMINS, hidden_for=(OU,)),
        False,
    ),
    "api:proposal_accept": (
        SUBMITTED,
        "post",
        None,
        api(ADMINS, hidden_for=(OU,)),
        False,
    ),
    "api:proposal_council_vote": (
        SUBMITTED,
        "post",
        lambda w: {"members": 15, "present": 13, "yes": 12},
        api(ADMINS, ok=201, hidden_for=(OU,)),
        False,
    ),
    # Proposals from a round: the block's secretariat and the Board.
    "api:ballot_round_proposals": (
        _flag_round,
        "post",
        None,
        api(SECRETARIES, ok=201),
        False,
    ),
    # --- decisions: read province-wide (PA, viewer); recorded by the Board
    "api:decisions": (NONE, "get", None, api(AUTHED), False),
    "api:decision_detail": (
        _decision,
        "get",
        None,
        api((SU, PA, VI), hidden_for=(BS, UO, LE, OU)),
        False,
    ),
    # --- the province's list
    "api:awards": (NONE, "get", None, api(AUTHED), False),
    "api:awards_export": (NONE, "get", None, api(AUTHED), False),
    # --- violation listings
    "api:violation_listings": (
        NONE,
        "post",
        lambda w: {"source": "police", "unit": w.U3.pk, "listed_on": "2024-12-01"},
        api(ADMINS, ok=201),
        False,
    ),
    "api:violation_listing_clear": (
        _listing,
        "post",
        lambda w: {"reason": "Đã nộp đủ thuế"},
        api(ADMINS, hidden_for=(OU,)),
        False,
    ),
    # --- settings and calendar
    "api:award_settings": (lambda w: {"pk": w.P.pk}, "get", None, api(AUTHED), False),
    "api:calendar_days": (NONE, "get", None, api(AUTHED), False),
}

QUERY = {
    "api:person_eligibility": lambda w: "award=lao_dong_tien_tien&year=2024",
    "api:unit_eligibility": lambda w: "award=co_thi_dua_tinh&year=2024",
}

# Writes on GET+POST (or PUT) paths.
API_WRITES = {
    "api:proposals": (
        NONE,
        lambda w: {
            "award": "lao_dong_tien_tien",
            "year": 2024,
            "person": w.people["p3"].pk,
        },
        api(FACTS, ok=201, hidden_for=(OU,)),
    ),
    "api:decisions": (
        NONE,
        lambda w: {
            "number": "15/QĐ-UBND",
            "date": "2025-01-20",
            "signer": "Bùi Văn Khánh",
            "authority": "Chủ tịch Ủy ban nhân dân tỉnh",
            "proposals": [_proposal(w, "accepted").pk],
        },
        api(ADMINS, ok=201, hidden_for=(OU,)),
    ),
    "api:award_settings": (
        lambda w: {"pk": w.P.pk},
        lambda w: {"flag_quota_per_block": 2},
        api(ADMINS),
    ),
    "api:calendar_days": (
        NONE,
        lambda w: {"day": "2025-09-02", "kind": "holiday", "name": "Quốc khánh"},
        api(ADMINS, ok=201),
    ),
}
API_WRITE_METHODS = {"api:award_settings": "put"}
