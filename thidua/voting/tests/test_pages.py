"""The conference and ballot pages through the test client, as personas (issue 4):
recording a conference, creating and opening a round (slips shown once), voting with
a slip on the ballot and kiosk pages, the paper double entry, closing and the result.
"""

import re

import pytest
import segno
from django.urls import reverse

from thidua.voting import selectors, services
from thidua.voting.models import Ballot, BallotRound, Conference, PaperCount

SLIP_CODE = re.compile(r'data-code="([^"]+)"')


def _codes(response) -> list[str]:
    return SLIP_CODE.findall(response.content.decode())


@pytest.fixture
def secretary(hall, client_as):
    return client_as(hall.secretary)


def _open_through_page(client, round, voters):
    return client.post(
        reverse("voting:round_open", args=[round.pk]),
        {"voters": [p.pk for p in voters]},
    )


def test_conference_list_shows_quorum_and_records(hall, secretary, client_as):
    url = reverse("voting:conference_list", args=[hall.block_year.pk])
    page = secretary.get(url)
    assert page.status_code == 200
    assert b'id="conference-form"' in page.content
    response = secretary.post(
        url,
        {
            "kind": "so_ket",
            "date": "10/07/2024",
            "host_unit": hall.units[1].pk,
            "attendees": [d.pk for d in hall.delegates[:3]],
        },
    )
    assert response.status_code == 302
    conference = Conference.objects.get(kind="so_ket")
    assert conference.date.isoformat() == "2024-07-10"
    assert conference.attendances.count() == 3
    detail = secretary.get(response["Location"])
    assert b'data-met="false"' in detail.content  # 3 of 8 units
    # A viewer sees the list but no form, and cannot post it.
    viewer = client_as(hall.world.users["viewer"])
    assert b'id="conference-form"' not in viewer.get(url).content
    assert viewer.post(url, {"kind": "so_ket"}).status_code == 403


def test_create_round_defaults_and_threshold(hall, secretary, client_as):
    url = reverse("voting:conference_detail", args=[hall.conference.pk])
    page = secretary.get(url)
    assert page.status_code == 200
    # Every member unit is ticked by default.
    assert page.content.count(b'name="candidates"') == len(hall.units)
    bad = secretary.post(
        url,
        {
            "award": "co_thi_dua_tinh",
            "seats": 1,
            "threshold": "3/2",
            "threshold_base": "members",
            "threshold_rule": "at_least",
            "mode": "electronic",
        },
    )
    assert bad.status_code == 200 and b'id="form-errors"' in bad.content
    response = secretary.post(
        url,
        {
            "award": "co_thi_dua_tinh",
            "seats": 1,
            "candidates": [u.pk for u in hall.units[:3]],
            "threshold": "1/2",
            "threshold_base": "votes_cast",
            "threshold_rule": "more_than",
            "mode": "paper",
        },
    )
    assert response.status_code == 302
    round = BallotRound.objects.get(conference=hall.conference)
    assert (round.threshold_base, round.threshold_rule, round.mode) == (
        "votes_cast",
        "more_than",
        "paper",
    )
    chosen = {u.pk for u in hall.units[:3]}
    ranking_order = [
        u.pk for u in selectors.default_candidates(hall.conference) if u.pk in chosen
    ]
    assert [c.unit_id for c in round.candidacies.all()] == ranking_order
    viewer = client_as(hall.world.users["viewer"])
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {}).status_code == 403


def test_open_shows_the_slips_once(hall, secretary):
    round = hall.round()
    form = secretary.get(reverse("voting:round_open", args=[round.pk]))
    assert form.status_code == 200
    response = _open_through_page(secretary, round, hall.delegates)
    assert response.status_code == 200
    codes = _codes(response)
    assert len(codes) == len(hall.delegates) == len(set(codes))
    assert response.content.count(b'class="segno"') == len(codes)
    ballot_url = reverse("voting:ballot", args=[round.pk])
    # Each QR code encodes the ballot page's address with the slip's code.
    qr = segno.make(f"http://testserver{ballot_url}?t={codes[0]}", error="m")
    path = re.search(r' d="([^"]+)"', qr.svg_inline(scale=4)).group(1)
    assert path.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    # A reload (the same POST again) and the round page never show them again.
    again = _open_through_page(secretary, round, hall.delegates)
    assert _codes(again) == []
    detail = secretary.get(reverse("voting:round_detail", args=[round.pk]))
    for code in codes:
        assert code.encode() not in again.content
        assert code.encode() not in detail.content
    assert b'data-voted="0"' in detail.content


def test_vote_through_the_page_once(hall, secretary, client):
    round, tokens = hall.opened()
    url = reverse("voting:ballot", args=[round.pk])
    page = client.get(url, {"t": tokens[0]})
    assert page.status_code == 200
    assert page.content.count(b'name="choices"') == len(hall.units)
    assert page["Referrer-Policy"] == "same-origin"
    response = client.post(url, {"t": tokens[0], "choices": [hall.units[2].pk]})
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert b'id="ballot-thanks"' in thanks.content
    assert hall.units[2].name.encode() not in thanks.content  # no choice shown
    assert list(
        Ballot.objects.filter(round=round).values_list("choices", flat=True)
    ) == [[hall.units[2].pk]]
    # The same slip again: TOKEN_USED, on the page and on a second POST.
    assert b'data-code="TOKEN_USED"' in client.get(url, {"t": tokens[0]}).content
    second = client.post(url, {"t": tokens[0], "choices": [hall.units[1].pk]})
    assert second.status_code == 409
    assert b'data-code="TOKEN_USED"' in second.content
    assert Ballot.objects.filter(round=round).count() == 1
    # A code never issued, and too many choices (the slip stays unused).
    assert b'data-code="TOKEN_INVALID"' in client.get(url, {"t": "sai-ma"}).content
    too_many = client.post(
        url, {"t": tokens[1], "choices": [hall.units[0].pk, hall.units[1].pk]}
    )
    assert too_many.status_code == 422 and b'id="choices-error"' in too_many.content
    assert client.post(url, {"t": tokens[1], "choices": []}).status_code == 302
    detail = secretary.get(reverse("voting:round_detail", args=[round.pk]))
    assert b'data-voted="2"' in detail.content


def test_signed_in_voter_is_not_attached(hall, client_as):
    """A signed-in user votes like anyone else: the ballot carries no account."""
    round, tokens = hall.opened()
    client = client_as(hall.world.users["viewer"])
    url = reverse("voting:ballot", args=[round.pk])
    assert (
        client.post(url, {"t": tokens[0], "choices": [hall.units[0].pk]}).status_code
        == 302
    )
    ballot = Ballot.objects.get(round=round)
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "round", "choices"}
    assert ballot.choices == [hall.units[0].pk]


def test_kiosk_flow(hall, secretary, client_as):
    round, tokens = hall.opened()
    url = reverse("voting:kiosk", args=[round.pk])
    assert b'id="kiosk-code-form"' in secretary.get(url).content
    wrong = secretary.post(url, {"code": "khong-co"})
    assert wrong.status_code == 200 and b"has-error" in wrong.content
    ballot = secretary.post(url, {"code": f"  {tokens[3]} "})
    assert b'id="ballot-form"' in ballot.content
    response = secretary.post(url, {"t": tokens[3], "choices": [hall.units[4].pk]})
    assert response.status_code == 302
    assert "kiosk=1" in response["Location"]
    thanks = secretary.get(response["Location"])
    assert b'id="next-voter"' in thanks.content
    used = secretary.post(url, {"code": tokens[3]})
    assert b"has-error" in used.content
    assert Ballot.objects.filter(round=round).count() == 1
    # Not a page for the member units' people.
    assert client_as(hall.world.users["viewer"]).get(url).status_code == 403


def test_close_and_result(hall, secretary):
    round, tokens = hall.opened()
    url = reverse("voting:ballot", args=[round.pk])
    winner = hall.units[2]
    for token in tokens[:6]:
        secretary.post(url, {"t": token, "choices": [winner.pk]})
    closed = secretary.post(reverse("voting:round_close", args=[round.pk]))
    assert closed.status_code == 302
    page = secretary.get(reverse("voting:round_detail", args=[round.pk]))
    assert b'data-status="closed"' in page.content
    assert f'data-unit="{winner.pk}" data-votes="6" data-elected="true"'.encode() in (
        page.content
    )
    assert b"75,0 %" in page.content  # 6 of the 8 member units
    # Voting after the close: ROUND_CLOSED.
    late = secretary.post(url, {"t": tokens[7], "choices": [winner.pk]})
    assert late.status_code == 409 and b'data-code="ROUND_CLOSED"' in late.content


def test_tie_offers_a_runoff_then_decision(hall, secretary):
    round, tokens = hall.opened()
    url = reverse("voting:ballot", args=[round.pk])
    for i, token in enumerate(tokens):
        secretary.post(url, {"t": token, "choices": [hall.units[i % 2].pk]})
    secretary.post(reverse("voting:round_close", args=[round.pk]))
    page = secretary.get(reverse("voting:round_detail", args=[round.pk]))
    assert b'id="tie-note"' in page.content and b'id="runoff-form"' in page.content
    made = secretary.post(
        reverse("voting:conference_detail", args=[hall.conference.pk]),
        {
            "award": round.award,
            "seats": 1,
            "threshold": "1/2",
            "threshold_base": "members",
            "threshold_rule": "at_least",
            "mode": "electronic",
            "runoff_of": round.pk,
        },
    )
    assert made.status_code == 302
    runoff = BallotRound.objects.get(runoff_of=round)
    _, slips = services.open_round(
        actor=hall.secretary, round=runoff, voters=hall.delegates
    )
    for i, token in enumerate(slips):
        secretary.post(
            reverse("voting:ballot", args=[runoff.pk]),
            {"t": token, "choices": [hall.units[i % 2].pk]},
        )
    secretary.post(reverse("voting:round_close", args=[runoff.pk]))
    page = secretary.get(reverse("voting:round_detail", args=[runoff.pk]))
    assert b'id="decision-form"' in page.content
    decided = secretary.post(
        reverse("voting:round_decision", args=[runoff.pk]),
        {"units": [hall.units[0].pk], "reason": "Trưởng khối, Phó khối thống nhất"},
    )
    assert decided.status_code == 302
    page = secretary.get(reverse("voting:round_detail", args=[runoff.pk]))
    assert (
        b'id="decision"' in page.content and b'id="decision-form"' not in page.content
    )


def test_paper_double_entry(hall, secretary, client_as):
    round = hall.round(mode="paper", candidates=hall.units[:3])
    url = reverse("voting:round_count", args=[round.pk])
    counts = {"ballots_cast": 8, "invalid": 1}
    votes = {f"votes_{u.pk}": v for u, v in zip(hall.units[:3], (5, 2, 0), strict=True)}
    assert (
        b'data-count-status="none"'
        in secretary.get(reverse("voting:round_detail", args=[round.pk])).content
    )
    assert secretary.post(url, {**counts, **votes}).status_code == 302
    page = secretary.get(reverse("voting:round_detail", args=[round.pk]))
    assert b'data-count-status="awaiting_confirmation"' in page.content
    # The same member again is refused on the form.
    same = secretary.post(url, {**counts, **votes})
    assert same.status_code == 200 and b'id="form-errors"' in same.content
    admin = client_as(hall.admin)
    other = {**votes, f"votes_{hall.units[1].pk}": 1}
    assert admin.post(url, {**counts, **other}).status_code == 302
    page = admin.get(reverse("voting:round_detail", args=[round.pk]))
    assert b'data-count-status="mismatch"' in page.content
    # After a mismatch the count is entered afresh, and confirmed by another member.
    assert admin.post(url, {**counts, **votes}).status_code == 302
    assert secretary.post(url, {**counts, **votes}).status_code == 302
    round.refresh_from_db()
    assert round.count_status == "accepted"
    assert PaperCount.objects.filter(round=round).count() == 4
    page = admin.get(reverse("voting:round_detail", args=[round.pk]))
    assert b'id="close-round"' in page.content
    assert admin.post(reverse("voting:round_close", args=[round.pk])).status_code == 302
    page = admin.get(reverse("voting:round_detail", args=[round.pk]))
    assert (
        f'data-unit="{hall.units[0].pk}" data-votes="5" data-elected="true"'.encode()
        in (page.content)
    )
    # Electronic rounds have no count form.
    electronic = hall.round(award="giay_khen")
    assert (
        secretary.get(reverse("voting:round_count", args=[electronic.pk])).status_code
        == 422
    )
