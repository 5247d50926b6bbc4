"""Reads of conferences and ballot rounds, scoped to the actor (house-style rule 4).

A conference belongs to its block's year; whoever may see the block year (anyone with
a grant in the province) may see its conferences, rounds and closed results. Nothing
here reads who voted for what: nothing stored could say it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.organizations.models import BlockYear, Membership, Person, Unit
from thidua.rules import ballots as ballot_rules
from thidua.rules.settings import provincial_settings
from thidua.voting.models import (
    Attendance,
    BallotRound,
    BallotToken,
    Candidacy,
    Conference,
    PaperCount,
    ResultLine,
    RoundDecision,
    RoundResult,
)

_MAX_ID = 2**63 - 1


def _pk(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError("NOT_FOUND") from exc
    if abs(number) > _MAX_ID:
        raise DomainError("NOT_FOUND")
    return number


def _check(actor: Any, obj: Any, action: str) -> None:
    if not can(actor, "org.view", obj):
        raise DomainError("NOT_FOUND")
    if action != "org.view" and not can(actor, action, obj):
        raise DomainError("PERMISSION_DENIED")


# --- Members and quorum ------------------------------------------------------------------


def member_units_on(block_year: BlockYear, day: date) -> list[Unit]:
    """Member units holding their membership on ``day`` (reorganisations hand over
    mid-year), in Vietnamese name order."""
    rows = (
        Membership.objects.filter(block_year=block_year)
        .exclude(valid_from__gt=day)
        .exclude(valid_to__lt=day)
        .select_related("unit")
        .order_by("unit__sort_key", "unit_id")
    )
    seen: dict[int, Unit] = {}
    for m in rows:
        seen.setdefault(m.unit_id, m.unit)
    return list(seen.values())


@dataclass(frozen=True)
class Quorum:
    present_units: int
    member_units: int
    percent: int
    met: bool


def quorum_of(conference: Conference) -> Quorum:
    """Member units with at least one attendee, against the member units on the day
    (⚙ conference_quorum, stored with the conference)."""
    members = {u.pk for u in member_units_on(conference.block_year, conference.date)}
    present = set(
        Attendance.objects.filter(conference=conference).values_list(
            "unit_id", flat=True
        )
    )
    count = len(present & members)
    return Quorum(
        present_units=count,
        member_units=len(members),
        percent=conference.quorum_percent,
        met=ballot_rules.quorum_met(
            present_units=count,
            member_units=len(members),
            percent=conference.quorum_percent,
        ),
    )


def quorums_of(
    block_year: BlockYear, conferences: list[Conference]
) -> dict[int, Quorum]:
    """:func:`quorum_of` for several conferences of one block year, in two queries
    whatever their number (the conference list's XLSX)."""
    memberships = list(
        Membership.objects.filter(block_year=block_year).values_list(
            "unit_id", "valid_from", "valid_to"
        )
    )
    present: dict[int, set[int]] = {c.pk: set() for c in conferences}
    for conference_id, unit_id in Attendance.objects.filter(
        conference__in=conferences
    ).values_list("conference_id", "unit_id"):
        present[conference_id].add(unit_id)
    out = {}
    for c in conferences:
        members = {
            unit_id
            for unit_id, valid_from, valid_to in memberships
            if not (valid_from and valid_from > c.date)
            and not (valid_to and valid_to < c.date)
        }
        count = len(present[c.pk] & members)
        out[c.pk] = Quorum(
            present_units=count,
            member_units=len(members),
            percent=c.quorum_percent,
            met=ballot_rules.quorum_met(
                present_units=count,
                member_units=len(members),
                percent=c.quorum_percent,
            ),
        )
    return out


def default_candidates(conference: Conference) -> list[Unit]:
    """The member units in the order of the block year's ranking for the conference's
    period (sơ kết: ``mid``, tổng kết: ``year``), unranked units last (issue 4)."""
    from thidua.scoring.selectors import ranking_rows

    members = member_units_on(conference.block_year, conference.date)
    by_id = {u.pk: u for u in members}
    period = "mid" if conference.kind == Conference.Kind.SO_KET else "year"
    rows, _ = ranking_rows(conference.block_year, period)
    ordered = [by_id[r.unit] for r in rows if r.unit in by_id]
    ordered += [u for u in members if u not in ordered]
    return ordered


# --- Conferences ---------------------------------------------------------------------


def _conference_queryset() -> QuerySet[Conference]:
    return Conference.objects.select_related(
        "block_year__block__province", "host_unit", "next_head_unit", "next_host_unit"
    ).annotate(attendee_count=Count("attendances"))


def conferences_of(block_year: BlockYear) -> QuerySet[Conference]:
    """A block year's conferences, newest first (the caller checked the block year)."""
    return _conference_queryset().filter(block_year=block_year).order_by("-date", "-id")


def get_conference_for(actor: Any, pk: Any, action: str = "org.view") -> Conference:
    try:
        conference = _conference_queryset().get(pk=_pk(pk))
    except Conference.DoesNotExist as exc:
        raise DomainError("NOT_FOUND") from exc
    _check(actor, conference, action)
    return conference


def attendances_of(conference: Conference) -> list[Attendance]:
    """Attendees with their units, by unit then by name (Vietnamese order)."""
    return list(
        Attendance.objects.filter(conference=conference)
        .select_related("person", "unit")
        .order_by("unit__sort_key", "person__sort_key", "person_id")
    )


def rounds_of(conference: Conference) -> list[BallotRound]:
    """The conference's rounds in the order they were created, with candidates."""
    return list(_round_queryset().filter(conference=conference).order_by("id"))


# --- Rounds --------------------------------------------------------------------------


def _round_queryset() -> QuerySet[BallotRound]:
    return BallotRound.objects.select_related(
        "conference__block_year__block__province", "conference__host_unit"
    ).prefetch_related(
        Prefetch(
            "candidacies",
            queryset=Candidacy.objects.select_related("unit").order_by("position"),
        )
    )


def get_round_for(actor: Any, pk: Any, action: str = "org.view") -> BallotRound:
    try:
        found = _round_queryset().get(pk=_pk(pk))
    except BallotRound.DoesNotExist as exc:
        raise DomainError("NOT_FOUND") from exc
    _check(actor, found, action)
    return found


def get_round_for_voting(pk: Any) -> BallotRound:
    """The round a slip votes in. No actor: the slip's code is the credential, and
    nothing about the caller is read or kept (house-style "Ballot secrecy")."""
    try:
        return BallotRound.objects.select_related("conference__block_year__block").get(
            pk=_pk(pk)
        )
    except BallotRound.DoesNotExist as exc:
        raise DomainError("NOT_FOUND") from exc


def candidate_ids(round: BallotRound) -> list[int]:
    """The round's candidates, in ballot order."""
    return list(
        Candidacy.objects.filter(round=round)
        .order_by("position")
        .values_list("unit_id", flat=True)
    )


def candidates_of(round: BallotRound) -> list[Unit]:
    return [c.unit for c in round.candidacies.all()]


@dataclass(frozen=True)
class Progress:
    """How many slips were issued and how many have voted (never who)."""

    issued: int
    voted: int


def progress_of(round: BallotRound) -> Progress:
    counts = BallotToken.objects.filter(round=round).aggregate(
        issued=Count("id"), voted=Count("id", filter=Q(used=True))
    )
    return Progress(issued=counts["issued"], voted=counts["voted"])


def paper_counts_of(round: BallotRound) -> list[PaperCount]:
    return list(
        PaperCount.objects.filter(round=round)
        .select_related("entered_by")
        .order_by("seq")
    )


def round_limit(round: BallotRound) -> int:
    """⚙ ballot_round_limit of the round's province (rule 13)."""
    province = round.conference.block_year.block.province
    return provincial_settings(province.settings).ballot_round_limit


def rounds_held(round: BallotRound) -> int:
    """Rule 13: the round and the rounds it is a run-off of (one query a round)."""
    held, current = 1, round.runoff_of_id
    while current is not None:
        held += 1
        current = (
            BallotRound.objects.filter(pk=current)
            .values_list("runoff_of_id", flat=True)
            .first()
        )
    return held


# --- Results -------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    unit: int
    unit_name: str
    votes: int
    share: float
    elected: bool


@dataclass(frozen=True)
class ResultView:
    """A closed round's result, as api.md answers it, with the rule's reading."""

    ballots_cast: int
    invalid: int
    base: int
    needed: int
    candidates: list[ResultRow]
    tie: bool
    outcome: ballot_rules.Result


def stored_result(round: BallotRound) -> RoundResult | None:
    return (
        RoundResult.objects.filter(round=round)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=ResultLine.objects.select_related("unit").order_by("position"),
            )
        )
        .first()
    )


def outcome_of(round: BallotRound, stored: RoundResult) -> ballot_rules.Result:
    """The rule's result, from the stored tally (run-off candidates, seats left)."""
    lines = list(stored.lines.all())
    return ballot_rules.round_result(
        ballot_rules.Count(
            ballots_cast=stored.ballots_cast,
            invalid=stored.invalid,
            votes={line.unit_id: line.votes for line in lines},
        ),
        candidates=[line.unit_id for line in lines],
        seats=round.seats,
        threshold=round.threshold,
        base_kind=round.threshold_base,
        threshold_rule=round.threshold_rule,
        electorate=round.electorate,
    )


def result_of(round: BallotRound) -> ResultView:
    """The stored result of a closed round; 409 ROUND_NOT_CLOSED before."""
    stored = stored_result(round) if round.status == BallotRound.Status.CLOSED else None
    if stored is None:
        raise DomainError("ROUND_NOT_CLOSED")
    lines = list(stored.lines.all())
    return ResultView(
        ballots_cast=stored.ballots_cast,
        invalid=stored.invalid,
        base=stored.base,
        needed=stored.needed,
        candidates=[
            ResultRow(
                unit=line.unit_id,
                unit_name=line.unit.name,
                votes=line.votes,
                share=ballot_rules.share_of(line.votes, stored.base),
                elected=line.elected,
            )
            for line in lines
        ],
        tie=stored.tie,
        outcome=outcome_of(round, stored),
    )


def decision_of(round: BallotRound) -> RoundDecision | None:
    return (
        RoundDecision.objects.filter(round=round)
        .prefetch_related("units")
        .select_related("decided_by")
        .first()
    )


def elected_units(block_year: BlockYear, award: str) -> set[int]:
    """Units ``elected`` in a closed round of the block year for ``award``, or chosen
    by the head and deputy after the last round (rule 13) — what proposals and the
    eligibility of ``co_thi_dua_tinh`` read (api.md)."""
    voted = ResultLine.objects.filter(
        elected=True,
        result__round__award=award,
        result__round__status=BallotRound.Status.CLOSED,
        result__round__conference__block_year=block_year,
    ).values_list("unit_id", flat=True)
    decided = RoundDecision.objects.filter(
        round__award=award, round__conference__block_year=block_year
    ).values_list("units", flat=True)
    return set(voted) | {u for u in decided if u is not None}


# --- Lookups of ids sent by a client --------------------------------------------------


def _by_ids(queryset: QuerySet, ids: list[int], field: str) -> dict[int, Any]:
    storable = {i for i in ids if abs(i) <= _MAX_ID}  # larger ids cannot exist
    found = queryset.in_bulk(list(storable))
    missing = sorted(set(ids) - set(found))
    if missing:
        raise DomainError("NOT_FOUND", details={"field": field, "ids": missing})
    return found


def units_in_province(ids: list[int], province_id: int, field: str) -> list[Unit]:
    """Units of the province by id, in the order given (404 names the others)."""
    found = _by_ids(Unit.objects.filter(province_id=province_id), ids, field)
    return [found[i] for i in ids]


def people_in_province(ids: list[int], province_id: int, field: str) -> list[Person]:
    """People working in units of the province — or of a province it merged into,
    where a reorganisation moved them — by id, in the order given."""
    found = _by_ids(
        Person.objects.filter(
            Q(unit__province_id=province_id)
            | Q(unit__province__predecessors=province_id)
        )
        .distinct()
        .select_related("unit"),
        ids,
        field,
    )
    return [found[i] for i in ids]


# --- Pages ---------------------------------------------------------------------------


def slip_refusal(round: BallotRound, token: str) -> str | None:
    """What the ballot page says before a slip votes, in :func:`cast_ballot`'s order
    (ROUND_CLOSED, TOKEN_INVALID, TOKEN_USED), or None when the slip may vote.
    Reads the slip's hash only; nothing about the caller."""
    from thidua.voting.services import token_hash

    if round.status != BallotRound.Status.OPEN:
        return "ROUND_CLOSED"
    used = (
        BallotToken.objects.filter(round=round, token_hash=token_hash(token))
        .values_list("used", flat=True)
        .first()
    )
    if used is None:
        return "TOKEN_INVALID"
    return "TOKEN_USED" if used else None


def people_by_unit(units: list[Unit]) -> list[tuple[Unit, list[Person]]]:
    """The people of each unit, by name (the conference form's attendee list)."""
    people: dict[int, list[Person]] = {u.pk: [] for u in units}
    for person in Person.objects.filter(unit__in=units).order_by("sort_key", "id"):
        people[person.unit_id].append(person)
    return [(u, people[u.pk]) for u in units]
