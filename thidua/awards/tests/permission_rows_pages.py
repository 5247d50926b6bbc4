"""Page rows of the awards app (see permission_rows.py).

The world (conftest.py): province P, block B (2024: U1 head, U2 deputy, U3 member),
block B2 (U4, U5); the unit officer and the leader belong to U3; the outsider is the
secretary of B2. Facts of people: the Board, B's secretariat, U3's officer; a unit's
rating: the Board and the secretariat; receiving proposals, listings, decisions and
settings: the Board only.
"""

from datetime import date, timedelta

from thidua.core.testing import (
    AUTHED,
    BS,
    LE,
    OU,
    PA,
    SU,
    UO,
    VI,
    expect,
    page,
)

ADMINS = (SU, PA)
SECRETARIES = (SU, PA, BS)
FACT_WRITERS = (SU, PA, BS, UO)
# Who reads U3's awards and proposals: its people, its block's secretariat, the
# Board and the province's viewers; B2's secretary does not.
U3_READERS = (SU, PA, BS, UO, LE, VI)
PDF = b"%PDF-1.4\n%%EOF\n"

P = lambda w: {"pk": w.P.pk}  # noqa: E731
P3 = lambda w: {"pk": w.people["p3"].pk}  # noqa: E731
U3 = lambda w: {"pk": w.U3.pk}  # noqa: E731
NONE = lambda w: {}  # noqa: E731


def _proposal(w):
    """A draft proposal of U3 for the advanced labour collective title, 2024."""
    from thidua.awards.models import Proposal

    found = Proposal.objects.filter(unit=w.U3, award="tap_the_lao_dong_tien_tien")
    if found.exists():
        return found.first()
    return Proposal.objects.create(
        province=w.P,
        unit=w.U3,
        award="tap_the_lao_dong_tien_tien",
        year=2024,
        created_by=w.users["province_admin"],
    )


def _document(w):
    from django.core.files.base import ContentFile

    from thidua.awards.models import ProposalDocument

    proposal = _proposal(w)
    document = proposal.documents.first()
    if document is None:
        document = ProposalDocument(
            proposal=proposal,
            kind="to_trinh",
            original_name="to-trinh.pdf",
            content_type="application/pdf",
            uploaded_by=w.users["province_admin"],
        )
        document.file.save("to-trinh.pdf", ContentFile(PDF), save=False)
        document.save()
    return {"pk": document.pk}


def _published(w):
    """The proposal, submitted and on public display today."""
    from django.utils import timezone

    from thidua.awards.models import Proposal

    today = timezone.localdate()
    proposal = _proposal(w)
    Proposal.objects.filter(pk=proposal.pk).update(
        status="submitted",
        disclosed_from=today,
        disclosed_until=today + timedelta(days=5),
    )
    return {"pk": proposal.pk}


def _listing(w):
    from thidua.awards.models import ViolationListing

    listing = ViolationListing.objects.filter(person=w.people["p3"]).first()
    listing = listing or ViolationListing.objects.create(
        person=w.people["p3"], source="tax", listed_on=date(2024, 12, 5)
    )
    return {"pk": listing.pk}


def _decision(w):
    from thidua.awards.models import Decision

    decision = Decision.objects.filter(province=w.P).first()
    decision = decision or Decision.objects.create(
        province=w.P,
        number="1/QĐ-UBND",
        date=date(2025, 1, 20),
        signer="Bùi Văn Khánh",
        authority="Chủ tịch Ủy ban nhân dân tỉnh",
        recorded_by=w.users["province_admin"],
    )
    return {"pk": decision.pk}


def _round(w):
    from thidua.voting.tests.permission_rows import _round as voting_round

    return {"pk": voting_round(w, "co_thi_dua_tinh").pk}


PROPOSAL = lambda w: {"pk": _proposal(w).pk}  # noqa: E731

# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    # Facts of U3's person p3: read by U3's people, its block and the Board.
    "awards:person_awards": (
        P3,
        "get",
        None,
        page((SU, PA, BS, UO, LE), hidden_for=(VI, OU)),
        False,
    ),
    "awards:person_rating": (
        P3,
        "get",
        None,
        page(FACT_WRITERS, hidden_for=(VI, OU)),
        True,
    ),
    "awards:person_discipline": (
        P3,
        "get",
        None,
        page(FACT_WRITERS, hidden_for=(VI, OU)),
        True,
    ),
    "awards:person_leave": (
        P3,
        "get",
        None,
        page(FACT_WRITERS, hidden_for=(VI, OU)),
        True,
    ),
    "awards:person_initiative": (
        P3,
        "get",
        None,
        page(FACT_WRITERS, hidden_for=(VI, OU)),
        True,
    ),
    # U3's own facts.
    "awards:unit_awards": (U3, "get", None, page(U3_READERS), False),
    "awards:unit_rating": (U3, "get", None, page(SECRETARIES), True),
    "awards:unit_staff": (U3, "get", None, page(FACT_WRITERS), True),
    # Violation lists: the Board.
    "awards:listing_list": (P, "get", None, page(ADMINS), False),
    "awards:listing_create": (P, "get", None, page(ADMINS), True),
    "awards:listing_clear": (
        _listing,
        "get",
        None,
        page(ADMINS, hidden_for=(OU,)),
        True,
    ),
    # Proposals.
    "awards:proposal_list": (NONE, "get", None, page(AUTHED), False),
    "awards:proposal_create": (
        NONE,
        "get",
        None,
        page((SU, PA, BS, UO, OU)),
        True,
    ),
    "awards:proposal_detail": (
        PROPOSAL,
        "get",
        None,
        page(U3_READERS, hidden_for=(OU,)),
        False,
    ),
    "awards:proposal_document": (
        PROPOSAL,
        "get",
        None,
        page(FACT_WRITERS, hidden_for=(OU,)),
        True,
    ),
    "awards:document_download": (
        _document,
        "get",
        None,
        page(U3_READERS, hidden_for=(OU,)),
        False,
    ),
    # A draft with no dossier: refused with a message, back to the page (302).
    "awards:proposal_submit": (
        PROPOSAL,
        "post",
        None,
        page(FACT_WRITERS, ok=302, hidden_for=(OU,)),
        False,
    ),
    "awards:proposal_accept": (
        PROPOSAL,
        "post",
        None,
        page(ADMINS, ok=302, hidden_for=(OU,)),
        False,
    ),
    "awards:proposal_return": (
        PROPOSAL,
        "get",
        None,
        page(ADMINS, hidden_for=(OU,)),
        True,
    ),
    "awards:proposal_vote": (
        PROPOSAL,
        "get",
        None,
        page(ADMINS, hidden_for=(OU,)),
        True,
    ),
    "awards:proposal_disclose": (
        PROPOSAL,
        "get",
        None,
        page(ADMINS, hidden_for=(OU,)),
        True,
    ),
    # A draft round: the block's secretariat is told it is not closed (302).
    "awards:round_propose": (_round, "post", None, page(SECRETARIES, ok=302), False),
    # Decisions: recorded by the Board, read by anyone reading awards in P.
    "awards:decision_create": (P, "get", None, page(ADMINS), True),
    "awards:decision_detail": (_decision, "get", None, page(AUTHED), False),
    "awards:award_list": (NONE, "get", None, page(AUTHED), False),
    "awards:award_export": (NONE, "get", None, page(AUTHED), False),
    # Public comments: no sign-in.
    "awards:public_comment": (_published, "get", None, expect(200), True),
    # Settings and the calendar: the Board.
    "awards:award_settings": (P, "get", None, page(ADMINS), True),
    "awards:work_calendar": (NONE, "get", None, page(ADMINS), True),
    # Imports of facts: whoever records those facts somewhere in P (ratings: the
    # Board, secretariats and unit officers); violation lists: the Board.
    "awards:fact_import": (
        lambda w: {"pk": w.P.pk, "kind": "ratings"},
        "get",
        None,
        page((SU, PA, BS, UO, OU)),
        True,
    ),
}
