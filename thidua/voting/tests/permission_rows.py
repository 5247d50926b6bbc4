"""Rows of the role × endpoint table (tests/test_permissions.py) for conferences and
secret ballots. Conferences and rounds are run by the block's secretariat and the
province's office; everyone in the province reads them; the ballot endpoint needs no
sign-in — the slip's code is the credential, so every persona (anonymous included)
casts with a valid slip."""

from datetime import date
from fractions import Fraction

from thidua.core.testing import AUTHED, BS, PA, SU, api, expect, page

SECRETARIES = (SU, PA, BS)
SLIP = "phieu-bau-thu-nghiem-0001"  # a known slip code added to the open round


def _su(w):
    return w.users["superuser"]


def _conference(w):
    from thidua.voting import services
    from thidua.voting.models import Conference

    found = Conference.objects.filter(block_year=w.BY).first()
    return found or services.record_conference(
        actor=_su(w),
        block_year=w.BY,
        kind="tong_ket",
        date=date(2024, 12, 18),
        host_unit=w.U1,
        attendees=[w.people["p1"], w.people["p3"]],
    )


def _round(w, award, *, mode="electronic", status="draft", runoff_of=None):
    """A round of BY's conference in the given state, one per award (the row helpers
    are called more than once per test)."""
    from thidua.voting import services
    from thidua.voting.models import BallotRound, BallotToken

    conference = _conference(w)
    found = BallotRound.objects.filter(
        conference=conference, award=award, runoff_of=runoff_of
    ).first()
    if found is not None:
        return found
    round = services.create_round(
        actor=_su(w),
        conference=conference,
        award=award,
        seats=1,
        threshold=Fraction(1, 2),
        threshold_base="members",
        mode=mode,
        candidates=None if runoff_of else [w.U1, w.U2, w.U3],
        runoff_of=runoff_of,
    )
    if status in ("open", "closed"):
        services.open_round(
            actor=_su(w), round=round, voters=[w.people["p1"], w.people["p3"]]
        )
        BallotToken.objects.create(round=round, token_hash=services.token_hash(SLIP))
    if status == "closed":
        services.close_round(actor=_su(w), round=round)
    return round


def _pk(round):
    return {"pk": round.pk}


CONF = lambda w: {"pk": _conference(w).pk}  # noqa: E731
BY = lambda w: {"pk": w.BY.pk}  # noqa: E731
DRAFT = lambda w: _pk(_round(w, "co_thi_dua_tinh"))  # noqa: E731
OPEN = lambda w: _pk(_round(w, "bang_khen_tinh", status="open"))  # noqa: E731
CLOSED = lambda w: _pk(_round(w, "giay_khen", status="closed"))  # noqa: E731
PAPER = lambda w: _pk(_round(w, "tap_the_lao_dong_xuat_sac", mode="paper"))  # noqa: E731


def _last_round(w):
    """The run-off of an unresolved round, itself closed unresolved: the limit (2) is
    reached and the head and deputy decide."""
    first = _round(w, "co_thi_dua_chinh_phu", status="closed")
    return _pk(_round(w, "co_thi_dua_chinh_phu", status="closed", runoff_of=first))


# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    "api:conferences": (BY, "get", None, api(AUTHED), False),
    "api:conference_detail": (CONF, "get", None, api(AUTHED), False),
    "api:ballot_rounds": (CONF, "get", None, api(AUTHED), False),
    "api:ballot_round_detail": (DRAFT, "get", None, api(AUTHED), False),
    "api:ballot_round_open": (
        DRAFT,
        "post",
        lambda w: {"voters": [w.people["p1"].pk, w.people["p3"].pk]},
        api(SECRETARIES),
        False,
    ),
    # The slip is the credential: anyone holding one votes, signed in or not.
    "api:ballots_cast": (
        OPEN,
        "post",
        lambda w: {"token": SLIP, "choices": [w.U1.pk]},
        expect(201),
        False,
    ),
    "api:ballot_round_paper_count": (
        PAPER,
        "post",
        lambda w: {"ballots_cast": 3, "invalid": 0, "counts": {str(w.U1.pk): 2}},
        api(SECRETARIES, ok=201),
        False,
    ),
    "api:ballot_round_close": (OPEN, "post", None, api(SECRETARIES), False),
    "api:ballot_round_result": (CLOSED, "get", None, api(AUTHED), False),
    "api:ballot_round_decision": (
        _last_round,
        "post",
        lambda w: {"units": [w.U1.pk], "reason": "Trưởng khối, Phó khối thống nhất"},
        api(SECRETARIES, ok=201),
        False,
    ),
}

# Writes on GET+POST paths.
API_WRITES = {
    "api:conferences": (
        BY,
        lambda w: {
            "kind": "so_ket",
            "date": "2024-07-10",
            "host_unit": w.U2.pk,
            "attendees": [w.people["p1"].pk, w.people["p3"].pk],
        },
        api(SECRETARIES, ok=201),
    ),
    "api:ballot_rounds": (
        CONF,
        lambda w: {
            "award": "co_thi_dua_tinh",
            "seats": 1,
            "candidates": [w.U1.pk, w.U2.pk, w.U3.pk],
            "threshold": "1/2",
            "threshold_base": "members",
            "mode": "electronic",
        },
        api(SECRETARIES, ok=201),
    ),
}

# The minutes details of a conference (PATCH on GET /conferences/{id}).
API_WRITES["api:conference_detail"] = (
    CONF,
    lambda w: {"chair": "Nguyễn Văn An, Trưởng Ban Tuyên giáo", "place": "Hội trường"},
    api(SECRETARIES),
)
API_WRITE_METHODS = {"api:conference_detail": "patch"}

# --- Pages. The conference and round pages: everyone in the province reads them;
# the forms on them are the secretariat's (tests/test_pages.py posts them as
# personas). The ballot pages need no sign-in: the slip is the credential.
TABLE.update(
    {
        "voting:conference_list": (BY, "get", None, page(AUTHED), False),
        "voting:conference_detail": (CONF, "get", None, page(AUTHED), False),
        # The minutes details form: every field optional, so an empty POST saves.
        "voting:conference_edit": (CONF, "get", None, page(SECRETARIES), False),
        # The XLSX of the conference list and of a closed round's result: the
        # pages' own gate (everyone in the province).
        "voting:conference_export": (BY, "get", None, page(AUTHED), False),
        "voting:round_detail": (DRAFT, "get", None, page(AUTHED), False),
        "voting:round_export": (CLOSED, "get", None, page(AUTHED), False),
        "voting:round_open": (DRAFT, "get", None, page(SECRETARIES), True),
        "voting:round_close": (OPEN, "post", None, page(SECRETARIES, ok=302), False),
        "voting:round_count": (PAPER, "get", None, page(SECRETARIES), True),
        "voting:round_decision": (
            _last_round,
            "post",
            lambda w: {
                "units": [w.U1.pk],
                "reason": "Trưởng khối, Phó khối thống nhất",
            },
            page(SECRETARIES, ok=302),
            False,
        ),
        "voting:ballot": (
            lambda w: {"round_id": OPEN(w)["pk"]},
            "get",
            None,
            expect(200),
            False,
        ),
        "voting:kiosk": (
            lambda w: {"round_id": OPEN(w)["pk"]},
            "get",
            None,
            page(SECRETARIES),
            False,
        ),
        "voting:ballot_thanks": (
            lambda w: {"round_id": OPEN(w)["pk"]},
            "get",
            None,
            expect(200),
            False,
        ),
    }
)
QUERY = {"voting:ballot": lambda w: f"t={SLIP}"}
