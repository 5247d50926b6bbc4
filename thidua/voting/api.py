"""JSON API: conferences and secret ballots (api.md "Conferences and secret ballots").
Glue only: parse → service → answer.

The ballot endpoint (``POST /ballot-rounds/{id}/ballots``) is called without signing
in: the slip's code is the credential. It reads no session or bearer token, so no
account is ever attached to a ballot, and nothing about the caller is kept. It must
also stay out of access logs that record address and time: this app writes none (no
request-logging middleware; Django's ``django.request`` logger records errors only;
gunicorn keeps no access log unless ``--access-logfile`` is given). A reverse proxy in
front of it should exclude ``/api/v1/ballot-rounds/*/ballots`` (and the ballot pages)
from its access log; ``runserver``, a development tool, logs every request.
"""

import hashlib
from collections.abc import Mapping
from fractions import Fraction

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, throttling
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from thidua.core.api_auth import AccountRateThrottle
from thidua.core.api_support import MAX_ID, errors, page_of, paginated, validated
from thidua.organizations import selectors as org_selectors
from thidua.rules import ballots as ballot_rules
from thidua.voting import selectors, services
from thidua.voting.models import BallotRound, Conference

_INT = {"min_value": -(2**31), "max_value": 2**31 - 1}
_ID = {"min_value": -MAX_ID, "max_value": MAX_ID}

# --- Fields ----------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "string", "example": "2/3"}, {"type": "number"}],
        "description": 'A fraction: "1/2", "2/3", "0.5" or a number such as 0.5.',
    }
)
class FractionField(serializers.Field):
    """A threshold sent as "2/3", "0.5" or 0.5; answered as "2/3"."""

    default_error_messages = {"invalid": "A fraction such as 1/2 or 2/3 is required."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        try:
            value = Fraction(str(data).strip())
        except (ValueError, ZeroDivisionError, OverflowError):
            self.fail("invalid")
        return value

    def to_representation(self, value):
        return str(value)


@extend_schema_field(OpenApiTypes.STR)
class SlipCodeField(serializers.Field):
    """Any string, kept exactly as sent (api.md: any string that was never issued is
    answered 403 TOKEN_INVALID, not 400)."""

    default_error_messages = {"invalid": "A string is required."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return data

    def to_representation(self, value):  # pragma: no cover - input only
        return value


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
)
class CountsField(serializers.Field):
    """``{unit id: votes}``; keys are unit ids written as JSON strings."""

    default_error_messages = {"invalid": "An object of unit ids and whole numbers."}

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            self.fail("invalid")
        out: dict[int, int] = {}
        for key, value in data.items():
            try:
                unit = int(key)
            except (TypeError, ValueError):
                self.fail("invalid")
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not _INT["min_value"] <= value <= _INT["max_value"]
                or abs(unit) > MAX_ID
                or unit in out
            ):
                self.fail("invalid")
            out[unit] = value
        return out

    def to_representation(self, value):  # pragma: no cover - input only
        return {str(k): v for k, v in value.items()}


# --- Serializers -----------------------------------------------------------------------


class ConferenceIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Conference.Kind.values)
    date = serializers.DateField()
    host_unit = serializers.IntegerField(**_ID)
    attendees = serializers.ListField(
        child=serializers.IntegerField(**_ID), max_length=2000
    )
    agenda = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, default=""
    )
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    chair = serializers.CharField(max_length=255, required=False, allow_blank=True)
    secretary = serializers.CharField(max_length=255, required=False, allow_blank=True)
    next_head_unit = serializers.IntegerField(required=False, allow_null=True, **_ID)
    next_host_unit = serializers.IntegerField(required=False, allow_null=True, **_ID)


class ConferenceMinutesIn(serializers.Serializer):
    """The minutes details of a conference; only the fields sent change, null or ""
    clears one."""

    starts_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="On the day of the conference, else 422 "
        "STARTS_AT_NOT_ON_CONFERENCE_DATE.",
    )
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    chair = serializers.CharField(max_length=255, required=False, allow_blank=True)
    secretary = serializers.CharField(max_length=255, required=False, allow_blank=True)
    next_head_unit = serializers.IntegerField(required=False, allow_null=True, **_ID)
    next_host_unit = serializers.IntegerField(required=False, allow_null=True, **_ID)


def _minutes_changes(data: Mapping, province_id: int) -> dict:
    """The minutes fields sent, with unit ids turned into units of the province."""
    changes = {k: data[k] for k in services.MINUTES_FIELDS if k in data}
    for name in ("next_head_unit", "next_host_unit"):
        if changes.get(name) is not None:
            changes[name] = selectors.units_in_province(
                [changes[name]], province_id, name
            )[0]
    return changes


class AttendeeOut(serializers.Serializer):
    id = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.full_name")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")


class RoundBriefOut(serializers.Serializer):
    id = serializers.IntegerField()
    award = serializers.CharField()
    mode = serializers.CharField()
    status = serializers.CharField()
    seats = serializers.IntegerField()
    runoff_of = serializers.IntegerField(source="runoff_of_id", allow_null=True)


class ConferenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    block_year = serializers.IntegerField(source="block_year_id")
    kind = serializers.CharField()
    date = serializers.DateField()
    host_unit = serializers.IntegerField(source="host_unit_id")
    host_unit_name = serializers.CharField(source="host_unit.name")
    agenda = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    place = serializers.CharField()
    chair = serializers.CharField()
    secretary = serializers.CharField()
    next_head_unit = serializers.IntegerField(
        source="next_head_unit_id", allow_null=True
    )
    next_head_unit_name = serializers.CharField(
        source="next_head_unit.name", allow_null=True
    )
    next_host_unit = serializers.IntegerField(
        source="next_host_unit_id", allow_null=True
    )
    next_host_unit_name = serializers.CharField(
        source="next_host_unit.name", allow_null=True
    )
    attendees = serializers.SerializerMethodField()
    member_units = serializers.SerializerMethodField()
    present_units = serializers.SerializerMethodField()
    quorum_percent = serializers.IntegerField()
    quorum_met = serializers.SerializerMethodField()
    rounds = serializers.SerializerMethodField()

    def _quorum(self, conference) -> selectors.Quorum:
        cache = self.context.setdefault("quorum", {})
        if conference.pk not in cache:
            cache[conference.pk] = selectors.quorum_of(conference)
        return cache[conference.pk]

    @extend_schema_field(AttendeeOut(many=True))
    def get_attendees(self, conference) -> list:
        return AttendeeOut(selectors.attendances_of(conference), many=True).data

    def get_member_units(self, conference) -> int:
        return self._quorum(conference).member_units

    def get_present_units(self, conference) -> int:
        return self._quorum(conference).present_units

    def get_quorum_met(self, conference) -> bool:
        return self._quorum(conference).met

    @extend_schema_field(RoundBriefOut(many=True))
    def get_rounds(self, conference) -> list:
        return RoundBriefOut(selectors.rounds_of(conference), many=True).data


class RoundIn(serializers.Serializer):
    award = serializers.ChoiceField(choices=ballot_rules.UNIT_AWARDS)
    seats = serializers.IntegerField(min_value=-32768, max_value=32767)
    candidates = serializers.ListField(
        child=serializers.IntegerField(**_ID),
        max_length=500,
        required=False,
        help_text="Candidate units, in ballot order. Default: the run-off candidates "
        "of ``runoff_of``, else the member units in the ranking's order.",
    )
    threshold = FractionField()
    threshold_base = serializers.ChoiceField(choices=BallotRound.Base.values)
    threshold_rule = serializers.ChoiceField(
        choices=BallotRound.Rule.values, default=ballot_rules.AT_LEAST
    )
    mode = serializers.ChoiceField(choices=BallotRound.Mode.values)
    runoff_of = serializers.IntegerField(required=False, allow_null=True, **_ID)


class CandidateOut(serializers.Serializer):
    unit = serializers.IntegerField(source="pk")
    unit_name = serializers.CharField(source="name")


class DecisionOut(serializers.Serializer):
    round = serializers.IntegerField(source="round_id")
    units = serializers.SerializerMethodField()
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField()

    @extend_schema_field(CandidateOut(many=True))
    def get_units(self, decision) -> list:
        return CandidateOut(decision.units.all().order_by("sort_key"), many=True).data


class RoundOut(serializers.Serializer):
    id = serializers.IntegerField()
    conference = serializers.IntegerField(source="conference_id")
    block_year = serializers.IntegerField(source="conference.block_year_id")
    award = serializers.CharField()
    seats = serializers.IntegerField()
    candidates = serializers.SerializerMethodField()
    threshold = FractionField()
    threshold_base = serializers.CharField()
    threshold_rule = serializers.CharField()
    mode = serializers.CharField()
    status = serializers.CharField()
    count_status = serializers.CharField(
        help_text="Paper rounds: awaiting_confirmation, accepted, mismatch or empty."
    )
    votes_per = serializers.CharField()
    electorate = serializers.IntegerField()
    runoff_of = serializers.IntegerField(source="runoff_of_id", allow_null=True)
    rounds_held = serializers.SerializerMethodField()
    issued = serializers.SerializerMethodField()
    voted = serializers.SerializerMethodField()
    runoff_candidates = serializers.SerializerMethodField()
    decision_due = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    def _outcome(self, round):
        cache = self.context.setdefault("outcome", {})
        if round.pk not in cache:
            stored = (
                selectors.stored_result(round)
                if round.status == BallotRound.Status.CLOSED
                else None
            )
            cache[round.pk] = selectors.outcome_of(round, stored) if stored else None
        return cache[round.pk]

    def _progress(self, round) -> selectors.Progress:
        cache = self.context.setdefault("progress", {})
        if round.pk not in cache:
            cache[round.pk] = selectors.progress_of(round)
        return cache[round.pk]

    @extend_schema_field(CandidateOut(many=True))
    def get_candidates(self, round) -> list:
        return CandidateOut(selectors.candidates_of(round), many=True).data

    def get_rounds_held(self, round) -> int:
        return selectors.rounds_held(round)

    def get_issued(self, round) -> int:
        return self._progress(round).issued

    def get_voted(self, round) -> int:
        return self._progress(round).voted

    def get_runoff_candidates(self, round) -> list[int]:
        outcome = self._outcome(round)
        return list(outcome.runoff_candidates) if outcome else []

    def get_decision_due(self, round) -> bool:
        outcome = self._outcome(round)
        if outcome is None or selectors.decision_of(round) is not None:
            return False
        limit = selectors.round_limit(round)
        return ballot_rules.decision_due(
            outcome, rounds_held=selectors.rounds_held(round), limit=limit
        )

    @extend_schema_field(DecisionOut(allow_null=True))
    def get_decision(self, round):
        decision = selectors.decision_of(round)
        return DecisionOut(decision).data if decision else None


class OpenIn(serializers.Serializer):
    voters = serializers.ListField(
        child=serializers.IntegerField(**_ID), max_length=2000
    )


class OpenOut(serializers.Serializer):
    status = serializers.CharField()
    tokens = serializers.ListField(child=serializers.CharField())


class BallotIn(serializers.Serializer):
    token = SlipCodeField()
    choices = serializers.ListField(child=serializers.IntegerField(), max_length=500)


class BallotOut(serializers.Serializer):
    accepted = serializers.BooleanField()


class PaperCountIn(serializers.Serializer):
    ballots_cast = serializers.IntegerField(**_INT)
    invalid = serializers.IntegerField(**_INT)
    counts = CountsField()


class StatusOut(serializers.Serializer):
    status = serializers.CharField()


class ResultCandidateOut(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    votes = serializers.IntegerField()
    share = serializers.FloatField()
    elected = serializers.BooleanField()


class ResultOut(serializers.Serializer):
    ballots_cast = serializers.IntegerField()
    invalid = serializers.IntegerField()
    base = serializers.IntegerField()
    needed = serializers.IntegerField()
    candidates = ResultCandidateOut(many=True)
    tie = serializers.BooleanField()


class DecisionIn(serializers.Serializer):
    units = serializers.ListField(child=serializers.IntegerField(**_ID), max_length=500)
    reason = serializers.CharField(max_length=5000, allow_blank=True)


# --- Throttles -------------------------------------------------------------------------


class SlipRateThrottle(throttling.SimpleRateThrottle):
    """Per slip code (never per address alone: a hall shares one address). A code
    needs one accepted call; the limit stops anyone hammering one code. The cache key
    is a hash of its own, never the stored ``token_hash``."""

    scope = "ballot_slip"
    rate = "30/min"

    def get_cache_key(self, request, view):
        data = request.data
        token = data.get("token") if isinstance(data, Mapping) else None
        if not isinstance(token, str):
            return None  # refused as malformed (400) by the view
        ident = hashlib.sha256(
            b"thidua-slip-throttle\x00" + token.encode("utf-8", "surrogatepass")
        ).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


# --- Conferences -----------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="conferences_list",
    parameters=[],
    responses={
        200: page_of(ConferenceOut, "ConferencePage"),
        **errors((404, "NOT_FOUND")),
    },
)
@extend_schema(
    methods=["POST"],
    operation_id="conferences_create",
    request=ConferenceIn,
    responses={
        201: ConferenceOut,
        **errors(
            (404, "NOT_FOUND"),
            (422, "UNIT_NOT_IN_PROVINCE"),
            (422, "DUPLICATE_ATTENDEE"),
            (422, "ATTENDEE_NOT_IN_PROVINCE"),
        ),
    },
    description="Record a sơ kết / tổng kết conference; `quorum_met` compares the "
    "member units present with the province's quorum (⚙ `conference_quorum`).",
)
@api_view(["GET", "POST"])
def conferences(request, pk: int):
    if request.method == "GET":
        block_year = org_selectors.get_block_year_for(request.user, pk)
        return paginated(request, selectors.conferences_of(block_year), ConferenceOut)
    block_year = org_selectors.get_block_year_for(request.user, pk, "conference.manage")
    data = validated(ConferenceIn, request.data)
    province_id = block_year.block.province_id
    conference = services.record_conference(
        actor=request.user,
        block_year=block_year,
        kind=data["kind"],
        date=data["date"],
        host_unit=selectors.units_in_province(
            [data["host_unit"]], province_id, "host_unit"
        )[0],
        attendees=selectors.people_in_province(
            data["attendees"], province_id, "attendees"
        ),
        agenda=data["agenda"],
        minutes=_minutes_changes(data, province_id),
    )
    fresh = selectors.get_conference_for(request.user, conference.pk)
    return Response(ConferenceOut(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    operation_id="conference_read",
    responses={200: ConferenceOut, **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["PATCH"],
    operation_id="conference_update_minutes",
    request=ConferenceMinutesIn,
    responses={
        200: ConferenceOut,
        **errors(
            (404, "NOT_FOUND"),
            (403, "PERMISSION_DENIED"),
            (422, "STARTS_AT_NOT_ON_CONFERENCE_DATE"),
        ),
    },
    description="Change the minutes details (time, place, chair, secretary, next "
    "year's head and host units) that the minutes of the meeting print; only the "
    "fields sent change. The secretariat only.",
)
@api_view(["GET", "PATCH"])
def conference_detail(request, pk: int):
    if request.method == "GET":
        conference = selectors.get_conference_for(request.user, pk)
        return Response(ConferenceOut(conference).data)
    conference = selectors.get_conference_for(request.user, pk, "conference.manage")
    data = validated(ConferenceMinutesIn, request.data)
    services.update_conference(
        actor=request.user,
        conference=conference,
        changes=_minutes_changes(data, conference.block_year.block.province_id),
    )
    fresh = selectors.get_conference_for(request.user, conference.pk)
    return Response(ConferenceOut(fresh).data)


# --- Ballot rounds ---------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="ballot_rounds_list",
    responses={200: RoundOut(many=True), **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["POST"],
    operation_id="ballot_rounds_create",
    request=RoundIn,
    responses={
        201: RoundOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "RUNOFF_EXISTS"),
            (422, "THRESHOLD_INVALID"),
            (422, "SEATS_INVALID"),
            (422, "CANDIDATES_REQUIRED"),
            (422, "DUPLICATE_CANDIDATE"),
            (422, "UNIT_NOT_MEMBER"),
            (422, "AWARD_UNKNOWN"),
            (422, "RUNOFF_OF_INVALID"),
            (422, "RUNOFF_NOT_NEEDED"),
            (422, "ROUND_LIMIT_REACHED"),
            (422, "NOT_A_RUNOFF_CANDIDATE"),
            (422, "RUNOFF_SEATS_INVALID"),
        ),
    },
    description="A round in `draft`. Rounds are independent unless `runoff_of` names "
    "an earlier closed round of the same block year and award; the round limit (⚙ "
    "`ballot_round_limit`, default 2) counts a round and its run-offs only.",
)
@api_view(["GET", "POST"])
def ballot_rounds(request, pk: int):
    if request.method == "GET":
        conference = selectors.get_conference_for(request.user, pk)
        return Response(RoundOut(selectors.rounds_of(conference), many=True).data)
    conference = selectors.get_conference_for(request.user, pk, "ballot.manage")
    data = validated(RoundIn, request.data)
    province_id = conference.block_year.block.province_id
    earlier = None
    if data.get("runoff_of") is not None:
        earlier = selectors.get_round_for(request.user, data["runoff_of"])
    candidates = (
        selectors.units_in_province(data["candidates"], province_id, "candidates")
        if data.get("candidates")
        else None
    )
    round = services.create_round(
        actor=request.user,
        conference=conference,
        award=data["award"],
        seats=data["seats"],
        threshold=data["threshold"],
        threshold_base=data["threshold_base"],
        threshold_rule=data["threshold_rule"],
        mode=data["mode"],
        candidates=candidates,
        runoff_of=earlier,
    )
    fresh = selectors.get_round_for(request.user, round.pk)
    return Response(RoundOut(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="ballot_round_read",
    responses={200: RoundOut, **errors((404, "NOT_FOUND"))},
)
@api_view(["GET"])
def ballot_round_detail(request, pk: int):
    return Response(RoundOut(selectors.get_round_for(request.user, pk)).data)


@extend_schema(
    operation_id="ballot_round_open",
    request=OpenIn,
    responses={
        200: OpenOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (422, "VOTERS_REQUIRED"),
            (422, "DUPLICATE_VOTER"),
            (422, "VOTER_NOT_ATTENDEE"),
            (422, "VOTER_NOT_MEMBER"),
            (422, "ONE_VOTER_PER_UNIT"),
        ),
    },
    description="Open an electronic round: one one-time slip code per voter, "
    "shuffled, shown once (print them on slips); stored only as hashes, with no voter.",
)
@api_view(["POST"])
def ballot_round_open(request, pk: int):
    round = selectors.get_round_for(request.user, pk, "ballot.manage")
    data = validated(OpenIn, request.data)
    voters = selectors.people_in_province(
        data["voters"], round.conference.block_year.block.province_id, "voters"
    )
    opened, tokens = services.open_round(actor=request.user, round=round, voters=voters)
    return Response(OpenOut({"status": opened.status, "tokens": tokens}).data)


def _ballot_errors():
    """The ballot endpoint needs no sign-in: no 401, and 403 means TOKEN_INVALID."""
    out = errors(
        (404, "NOT_FOUND"),
        (409, "ROUND_CLOSED"),
        (409, "TOKEN_USED"),
        (422, "TOO_MANY_CHOICES"),
        (422, "NOT_A_CANDIDATE"),
        (422, "DUPLICATE_CHOICE"),
    )
    out.pop(401)
    out[403].description = "Error codes: TOKEN_INVALID"
    return out


@extend_schema(
    operation_id="ballots_cast",
    request=BallotIn,
    responses={201: BallotOut, **_ballot_errors()},
    auth=[],
    description="Cast a ballot with a slip code; no sign-in. Checks in this order: "
    "round not open → 409 `ROUND_CLOSED`; code never issued for this round → 403 "
    "`TOKEN_INVALID`; code used → 409 `TOKEN_USED`; more choices than seats → 422 "
    "`TOO_MANY_CHOICES`; a choice not a candidate → 422 `NOT_A_CANDIDATE`. A refused "
    "ballot does not use up its code. Limited per slip code (30 a minute).",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([SlipRateThrottle, AccountRateThrottle])
def ballots(request, pk: int):
    round = selectors.get_round_for_voting(pk)
    data = validated(BallotIn, request.data)
    services.cast_ballot(round=round, token=data["token"], choices=data["choices"])
    return Response(BallotOut({"accepted": True}).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="ballot_round_paper_count",
    request=PaperCountIn,
    responses={
        201: StatusOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "ROUND_CLOSED"),
            (409, "COUNT_ALREADY_ACCEPTED"),
            (422, "PAPER_ROUND_ONLY"),
            (422, "COUNT_SAME_USER"),
            (422, "NOT_A_CANDIDATE"),
            (422, "COUNT_NEGATIVE"),
            (422, "BALLOTS_EXCEED_VOTERS"),
            (422, "INVALID_EXCEEDS_CAST"),
            (422, "VOTES_EXCEED_BALLOTS"),
            (422, "VOTES_EXCEED_CHOICES"),
        ),
    },
    description="The counting board's count of a paper round (no `open` needed). "
    "`awaiting_confirmation` after a first entry; `accepted` when a second entry by "
    "another user agrees; `mismatch` when it differs (both kept; enter again).",
)
@api_view(["POST"])
def ballot_round_paper_count(request, pk: int):
    round = selectors.get_round_for(request.user, pk, "ballot.count")
    data = validated(PaperCountIn, request.data)
    entry = services.enter_paper_count(
        actor=request.user,
        round=round,
        ballots_cast=data["ballots_cast"],
        invalid=data["invalid"],
        counts=data["counts"],
    )
    return Response(
        StatusOut({"status": entry.outcome}).data, status=status.HTTP_201_CREATED
    )


@extend_schema(
    operation_id="ballot_round_close",
    request=None,
    responses={
        200: ResultOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (409, "COUNT_NOT_CONFIRMED"),
        ),
    },
    description="Close the round and compute its result. `share` = votes ÷ base, in "
    "[0, 1]; a tie for the last seat elects none of the tied (`tie: true`).",
)
@api_view(["POST"])
def ballot_round_close(request, pk: int):
    round = selectors.get_round_for(request.user, pk, "ballot.manage")
    services.close_round(actor=request.user, round=round)
    round.refresh_from_db(fields=["status"])
    return Response(ResultOut(selectors.result_of(round)).data)


@extend_schema(
    operation_id="ballot_round_result",
    responses={
        200: ResultOut,
        **errors((404, "NOT_FOUND"), (409, "ROUND_NOT_CLOSED")),
    },
)
@api_view(["GET"])
def ballot_round_result(request, pk: int):
    round = selectors.get_round_for(request.user, pk)
    return Response(ResultOut(selectors.result_of(round)).data)


@extend_schema(
    operation_id="ballot_round_decision",
    request=DecisionIn,
    responses={
        201: DecisionOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "ROUND_NOT_CLOSED"),
            (409, "DECISION_EXISTS"),
            (422, "DECISION_NOT_DUE"),
            (422, "DECISION_REASON_REQUIRED"),
            (422, "NOT_A_CANDIDATE"),
            (422, "TOO_MANY_CHOICES"),
        ),
    },
    description="Rule 13: after the last allowed round (⚙ `ballot_round_limit`) "
    "leaves seats open, the head and deputy units' decision, with its reason, is "
    "recorded as the outcome.",
)
@api_view(["POST"])
def ballot_round_decision(request, pk: int):
    round = selectors.get_round_for(request.user, pk, "ballot.manage")
    data = validated(DecisionIn, request.data)
    units = selectors.units_in_province(
        data["units"], round.conference.block_year.block.province_id, "units"
    )
    decision = services.record_decision(
        actor=request.user, round=round, units=units, reason=data["reason"]
    )
    return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)


api_urlpatterns = [
    path("block-years/<int:pk>/conferences", conferences, name="conferences"),
    path("conferences/<int:pk>", conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/ballot-rounds", ballot_rounds, name="ballot_rounds"),
    path("ballot-rounds/<int:pk>", ballot_round_detail, name="ballot_round_detail"),
    path("ballot-rounds/<int:pk>/open", ballot_round_open, name="ballot_round_open"),
    path("ballot-rounds/<int:pk>/ballots", ballots, name="ballots_cast"),
    path(
        "ballot-rounds/<int:pk>/paper-count",
        ballot_round_paper_count,
        name="ballot_round_paper_count",
    ),
    path("ballot-rounds/<int:pk>/close", ballot_round_close, name="ballot_round_close"),
    path(
        "ballot-rounds/<int:pk>/result", ballot_round_result, name="ballot_round_result"
    ),
    path(
        "ballot-rounds/<int:pk>/decision",
        ballot_round_decision,
        name="ballot_round_decision",
    ),
]
