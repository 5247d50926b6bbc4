"""The "Conferences and secret ballots" table of api.md, through the API client as
personas: paths, fields, statuses, error codes and the order of ballot checks."""

import pytest
from django.urls import reverse

from thidua.voting.models import Ballot, BallotRound, BallotToken, PaperCount


@pytest.fixture
def secretary(hall, api_as):
    return api_as(hall.secretary)


@pytest.fixture
def anonymous(api_as):
    return api_as(None)


def url(name, pk):
    return reverse(f"api:{name}", kwargs={"pk": pk})


def create_round(client, hall, **changes):
    body = {
        "award": "co_thi_dua_tinh",
        "seats": 1,
        "candidates": [u.pk for u in hall.units[:3]],
        "threshold": "1/2",
        "threshold_base": "members",
        "mode": "electronic",
    }
    body.update(changes)
    return client.post(url("ballot_rounds", hall.conference.pk), body, format="json")


def open_round(client, hall, **changes):
    created = create_round(client, hall, **changes)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    opened = client.post(
        url("ballot_round_open", pk),
        {"voters": [p.pk for p in hall.delegates]},
        format="json",
    )
    assert opened.status_code == 200, opened.json()
    return pk, opened.json()["tokens"]


def cast(client, pk, token, choices):
    return client.post(
        url("ballots_cast", pk), {"token": token, "choices": choices}, format="json"
    )


# --- Conferences -----------------------------------------------------------------------


def test_a_conference_is_recorded_with_its_quorum(hall, secretary):
    body = {
        "kind": "so_ket",
        "date": "2024-07-10",
        "host_unit": hall.units[1].pk,
        "attendees": [p.pk for p in hall.delegates[:3]],
        "agenda": "Sơ kết 6 tháng",
    }
    response = secretary.post(
        url("conferences", hall.block_year.pk), body, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert set(data) >= {"id", "kind", "date", "host_unit", "attendees", "quorum_met"}
    assert data["kind"] == "so_ket"
    assert data["date"] == "2024-07-10"
    assert data["host_unit"] == hall.units[1].pk
    assert data["host_unit_name"] == hall.units[1].name
    assert data["quorum_met"] is False  # 3 of 8 member units, quorum 50 %
    assert (data["present_units"], data["member_units"], data["quorum_percent"]) == (
        3,
        8,
        50,
    )
    assert {a["id"] for a in data["attendees"]} == {p.pk for p in hall.delegates[:3]}
    assert all(set(a) == {"id", "name", "unit", "unit_name"} for a in data["attendees"])
    listed = secretary.get(url("conferences", hall.block_year.pk)).json()
    assert listed["count"] == 2
    assert {c["id"] for c in listed["items"]} == {data["id"], hall.conference.pk}
    detail = secretary.get(url("conference_detail", data["id"])).json()
    assert detail == data


def test_conference_input_errors(hall, secretary, world):
    target = url("conferences", hall.block_year.pk)
    body = {
        "kind": "dai_hoi",
        "date": "2024-07-10",
        "host_unit": hall.units[0].pk,
        "attendees": [],
    }
    response = secretary.post(target, body, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "VALIDATION_ERROR")
    body["kind"] = "so_ket"
    body["attendees"] = [world.people["q1"].pk]  # another province's person
    response = secretary.post(target, body, format="json")
    assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")
    assert response.json()["details"] == {
        "field": "attendees",
        "ids": [world.people["q1"].pk],
    }


# --- Rounds ------------------------------------------------------------------------------


def test_a_round_is_created_in_draft(hall, secretary):
    response = create_round(secretary, hall, threshold=0.5, seats=1)
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "draft"
    assert data["threshold"] == "1/2"
    assert data["threshold_rule"] == "at_least"
    assert [c["unit"] for c in data["candidates"]] == [u.pk for u in hall.units[:3]]
    assert data["candidates"][0]["unit_name"] == hall.units[0].name
    assert (data["runoff_of"], data["rounds_held"], data["decision"]) == (None, 1, None)
    assert secretary.get(url("ballot_round_detail", data["id"])).json() == data
    rounds = secretary.get(url("ballot_rounds", hall.conference.pk)).json()
    assert [r["id"] for r in rounds] == [data["id"]]


@pytest.mark.parametrize("threshold", ["2/3", "0.6667", 0.5, "1"])
def test_thresholds_as_fractions_or_decimals(hall, secretary, threshold):
    response = create_round(secretary, hall, threshold=threshold)
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("threshold", "status", "code"),
    [
        ("half", 400, "VALIDATION_ERROR"),
        ("1/0", 400, "VALIDATION_ERROR"),
        (True, 400, "VALIDATION_ERROR"),
        ("0", 422, "THRESHOLD_INVALID"),
        ("3/2", 422, "THRESHOLD_INVALID"),
        (2 / 3, 422, "THRESHOLD_INVALID"),  # send "2/3"
    ],
)
def test_bad_thresholds(hall, secretary, threshold, status, code):
    response = create_round(secretary, hall, threshold=threshold)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_round_input_errors(hall, secretary, world):
    response = create_round(secretary, hall, seats=0)
    assert (response.status_code, response.json()["code"]) == (422, "SEATS_INVALID")
    response = create_round(secretary, hall, candidates=[world.U4.pk])
    assert (response.status_code, response.json()["code"]) == (422, "UNIT_NOT_MEMBER")
    response = create_round(secretary, hall, award="lao_dong_tien_tien")
    assert response.status_code == 400
    response = create_round(secretary, hall, runoff_of=10**6)
    assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")


# --- Ballots -----------------------------------------------------------------------------


def test_open_vote_close_and_read_the_result(hall, secretary, anonymous, api_as, world):
    u = [x.pk for x in hall.units]
    pk, tokens = open_round(secretary, hall, seats=1)
    assert len(tokens) == 8
    for token, choice in zip(
        tokens[:6], [u[2], u[2], u[2], u[2], u[0], u[1]], strict=True
    ):
        response = cast(anonymous, pk, token, [choice])
        assert response.status_code == 201
        assert response.json() == {"accepted": True}
    # A signed-in leader votes the same way; the account is not read.
    assert cast(api_as(world.users["leader"]), pk, tokens[6], [u[2]]).status_code == 201
    detail = secretary.get(url("ballot_round_detail", pk)).json()
    assert (detail["status"], detail["issued"], detail["voted"]) == ("open", 8, 7)
    result = secretary.get(url("ballot_round_result", pk))
    assert (result.status_code, result.json()["code"]) == (409, "ROUND_NOT_CLOSED")

    closed = secretary.post(url("ballot_round_close", pk))
    assert closed.status_code == 200
    data = closed.json()
    assert set(data) == {
        "ballots_cast",
        "invalid",
        "base",
        "needed",
        "candidates",
        "tie",
    }
    assert (data["ballots_cast"], data["invalid"], data["base"], data["needed"]) == (
        7,
        0,
        8,
        4,
    )
    assert data["tie"] is False
    assert data["candidates"] == [
        {
            "unit": u[0],
            "unit_name": hall.units[0].name,
            "votes": 1,
            "share": 0.125,
            "elected": False,
        },
        {
            "unit": u[1],
            "unit_name": hall.units[1].name,
            "votes": 1,
            "share": 0.125,
            "elected": False,
        },
        {
            "unit": u[2],
            "unit_name": hall.units[2].name,
            "votes": 5,
            "share": 0.625,
            "elected": True,
        },
    ]
    assert api_as(world.users["viewer"]).get(url("ballot_round_result", pk)).json() == (
        data
    )
    refused = cast(anonymous, pk, tokens[7], [u[0]])
    assert (refused.status_code, refused.json()["code"]) == (409, "ROUND_CLOSED")


def test_the_order_of_ballot_checks(hall, secretary, anonymous):
    u = [x.pk for x in hall.units]
    pk, tokens = open_round(secretary, hall, seats=1)

    def code(token, choices):
        response = cast(anonymous, pk, token, choices)
        return response.status_code, response.json()["code"]

    assert code("never-issued", [u[0], u[1], u[7]]) == (403, "TOKEN_INVALID")
    assert code("", []) == (403, "TOKEN_INVALID")
    assert code("\u0000", []) == (403, "TOKEN_INVALID")
    assert code(tokens[0], [u[0], u[7]]) == (422, "TOO_MANY_CHOICES")
    assert code(tokens[0], [u[7]]) == (422, "NOT_A_CANDIDATE")
    assert code(tokens[0], [10**30]) == (422, "NOT_A_CANDIDATE")
    # The refusals left the slip unused.
    assert cast(anonymous, pk, tokens[0], [u[0]]).status_code == 201
    assert code(tokens[0], [u[0], u[7]]) == (409, "TOKEN_USED")
    draft = create_round(secretary, hall, award="bang_khen_tinh").json()["id"]
    response = cast(anonymous, draft, tokens[1], [u[0], u[1], u[7]])
    assert (response.status_code, response.json()["code"]) == (409, "ROUND_CLOSED")
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"token": "x"},
        {"choices": []},
        {"token": 5, "choices": []},
        {"token": "x", "choices": "1"},
    ],
)
def test_a_malformed_ballot_is_400(hall, secretary, anonymous, body):
    pk, _ = open_round(secretary, hall)
    response = anonymous.post(url("ballots_cast", pk), body, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "VALIDATION_ERROR")


def test_an_unknown_round_is_404_for_a_ballot(db, anonymous):
    response = cast(anonymous, 999_999, "x", [])
    assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")


def test_messages_follow_the_request_language(hall, secretary, anonymous):
    pk, _ = open_round(secretary, hall)
    response = anonymous.post(
        url("ballots_cast", pk),
        {"token": "nope", "choices": []},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["message"] == (
        "This slip code is not valid for this ballot round."
    )


def test_one_slip_code_is_rate_limited_not_the_hall(hall, secretary, anonymous):
    pk, tokens = open_round(secretary, hall)
    codes = [cast(anonymous, pk, "guess", []).status_code for _ in range(31)]
    assert codes[:30] == [403] * 30
    assert codes[30] == 429
    limited = cast(anonymous, pk, "guess", [])
    assert limited.json()["code"] == "RATE_LIMITED"
    assert "Retry-After" in limited.headers
    # The rest of the hall, behind the same address, still votes.
    assert cast(anonymous, pk, tokens[0], []).status_code == 201


def test_paper_double_entry_through_the_api(hall, secretary, api_as):
    u = [x.pk for x in hall.units]
    pk = create_round(secretary, hall, mode="paper").json()["id"]
    counts = {"ballots_cast": 8, "invalid": 1, "counts": {str(u[0]): 5, str(u[1]): 2}}
    target = url("ballot_round_paper_count", pk)
    first = secretary.post(target, counts, format="json")
    assert (first.status_code, first.json()) == (
        201,
        {"status": "awaiting_confirmation"},
    )
    again = secretary.post(target, counts, format="json")
    assert (again.status_code, again.json()["code"]) == (422, "COUNT_SAME_USER")
    closed = secretary.post(url("ballot_round_close", pk))
    assert (closed.status_code, closed.json()["code"]) == (409, "COUNT_NOT_CONFIRMED")
    board = api_as(hall.admin)
    other = {**counts, "counts": {str(u[0]): 4, str(u[1]): 3}}
    assert board.post(target, other, format="json").json() == {"status": "mismatch"}
    assert secretary.post(target, other, format="json").json() == {
        "status": "awaiting_confirmation"
    }
    assert board.post(target, other, format="json").json() == {"status": "accepted"}
    assert PaperCount.objects.filter(round_id=pk).count() == 4
    result = secretary.post(url("ballot_round_close", pk)).json()
    assert [(c["votes"], c["elected"]) for c in result["candidates"]] == [
        (4, True),
        (3, False),
        (0, False),
    ]
    assert (result["ballots_cast"], result["invalid"], result["base"]) == (8, 1, 8)
    assert BallotRound.objects.get(pk=pk).status == "closed"


@pytest.mark.parametrize(
    "counts",
    [{"abc": 1}, {"1": "2"}, {"1": 1.5}, {"1": True}, [1, 2], {"1": 2**40}],
)
def test_malformed_counts_are_400(hall, secretary, counts):
    pk = create_round(secretary, hall, mode="paper").json()["id"]
    response = secretary.post(
        url("ballot_round_paper_count", pk),
        {"ballots_cast": 1, "invalid": 0, "counts": counts},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "VALIDATION_ERROR")


def test_open_refusals(hall, secretary, world):
    pk = create_round(secretary, hall).json()["id"]
    response = secretary.post(
        url("ballot_round_open", pk),
        {"voters": [world.people["p4"].pk]},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (
        422,
        "VOTER_NOT_ATTENDEE",
    )
    paper = create_round(secretary, hall, mode="paper", award="giay_khen").json()["id"]
    response = secretary.post(
        url("ballot_round_open", paper),
        {"voters": [hall.delegates[0].pk]},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (
        409,
        "INVALID_TRANSITION",
    )
    assert not BallotToken.objects.exists()


def test_runoff_and_decision_through_the_api(hall, secretary, anonymous):
    u = [x.pk for x in hall.units]
    pk, tokens = open_round(secretary, hall)
    for token, choice in zip(tokens, [0, 0, 0, 0, 1, 1, 1, 1], strict=True):
        cast(anonymous, pk, token, [u[choice]])
    assert secretary.post(url("ballot_round_close", pk)).json()["tie"] is True
    detail = secretary.get(url("ballot_round_detail", pk)).json()
    assert detail["runoff_candidates"] == [u[0], u[1]]
    assert detail["decision_due"] is False
    second = create_round(secretary, hall, runoff_of=pk, candidates=[])
    assert second.status_code == 201, second.json()
    second = second.json()
    assert [c["unit"] for c in second["candidates"]] == [u[0], u[1]]
    assert (second["runoff_of"], second["rounds_held"]) == (pk, 2)
    tokens = secretary.post(
        url("ballot_round_open", second["id"]),
        {"voters": [p.pk for p in hall.delegates]},
        format="json",
    ).json()["tokens"]
    for token, choice in zip(tokens, [0, 0, 0, 0, 1, 1, 1, 1], strict=True):
        cast(anonymous, second["id"], token, [u[choice]])
    secretary.post(url("ballot_round_close", second["id"]))
    third = create_round(secretary, hall, runoff_of=second["id"], candidates=[])
    assert (third.status_code, third.json()["code"]) == (422, "ROUND_LIMIT_REACHED")
    assert (
        secretary.get(url("ballot_round_detail", second["id"])).json()["decision_due"]
        is True
    )
    decided = secretary.post(
        url("ballot_round_decision", second["id"]),
        {"units": [u[0]], "reason": "Đơn vị tiêu biểu hơn"},
        format="json",
    )
    assert decided.status_code == 201
    assert decided.json()["units"] == [{"unit": u[0], "unit_name": hall.units[0].name}]
    detail = secretary.get(url("ballot_round_detail", second["id"])).json()
    assert detail["decision"]["reason"] == "Đơn vị tiêu biểu hơn"
    assert detail["decision_due"] is False


def test_the_schema_lists_the_paths_and_the_ballot_codes(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/block-years/{id}/conferences",
        "/api/v1/conferences/{id}",
        "/api/v1/conferences/{id}/ballot-rounds",
        "/api/v1/ballot-rounds/{id}",
        "/api/v1/ballot-rounds/{id}/open",
        "/api/v1/ballot-rounds/{id}/ballots",
        "/api/v1/ballot-rounds/{id}/paper-count",
        "/api/v1/ballot-rounds/{id}/close",
        "/api/v1/ballot-rounds/{id}/result",
    ):
        assert path in paths, path
    ballot = paths["/api/v1/ballot-rounds/{id}/ballots"]["post"]
    described = str(ballot["responses"])
    for code in (
        "ROUND_CLOSED",
        "TOKEN_INVALID",
        "TOKEN_USED",
        "TOO_MANY_CHOICES",
        "NOT_A_CANDIDATE",
    ):
        assert code in described
    # No sign-in: the operation names no security scheme (others name bearerAuth).
    assert ballot.get("security") in (None, [], [{}])
    assert paths["/api/v1/ballot-rounds/{id}"]["get"]["security"]
    close = str(paths["/api/v1/ballot-rounds/{id}/close"]["post"]["responses"])
    assert "COUNT_NOT_CONFIRMED" in close
