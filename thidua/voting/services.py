"""Writes of conferences and secret ballots (domain.md §6.7, §9 rule 13; api.md
"Conferences and secret ballots"). One transaction and one audit event each.

Ballot secrecy (house-style.md, design.md §7): :func:`open_round` writes who was
given a slip (``BallotIssue``) and the slips' hashed codes (``BallotToken``) — the
codes are random, not derived from anyone, and returned shuffled. :func:`cast_ballot`
takes no actor: it marks one code used and stores the marks, and its audit event names
the round only. No transaction writes a row naming a voter together with a ballot, so
PostgreSQL's ``xmin`` links nothing to a person; :func:`close_round` then rewrites the
round's ballots in a random order under new keys, so that neither row order nor
``xmin`` keeps the order or moment of casting.
"""

import hashlib
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core import audit, errors
from thidua.core.access import require
from thidua.core.errors import DomainError
from thidua.organizations import selectors as org_selectors
from thidua.organizations.models import BlockYear, Person, Unit
from thidua.rules import RuleViolation
from thidua.rules import ballots as ballot_rules
from thidua.rules.settings import ProvincialSettings, provincial_settings
from thidua.rules.text import normalize
from thidua.rules.transitions import check_transition
from thidua.voting import selectors
from thidua.voting.models import (
    Attendance,
    Ballot,
    BallotIssue,
    BallotRound,
    BallotToken,
    Candidacy,
    Conference,
    PaperCount,
    ResultLine,
    RoundDecision,
    RoundResult,
)

audit.register(
    {
        "voting.conference.recorded": _("Conference recorded"),
        "voting.conference.updated": _("Conference minutes details changed"),
        "voting.round.created": _("Ballot round created"),
        "voting.round.opened": _("Ballot round opened and slips issued"),
        "voting.ballot.cast": _("Ballot cast"),
        "voting.paper_count.entered": _("Paper ballot count entered"),
        "voting.round.closed": _("Ballot round closed"),
        "voting.round.decided": _("Head and deputy decision recorded"),
    }
)

errors.register(
    {
        "ROUND_CLOSED": _("This ballot round is not open for voting."),
        "TOKEN_INVALID": _("This slip code is not valid for this ballot round."),
        "TOKEN_USED": _("This slip has already been used to vote."),
        "TOO_MANY_CHOICES": _(
            "Choose at most %(seats)s candidates (%(choices)s were chosen)."
        ),
        "NOT_A_CANDIDATE": _("A unit chosen is not a candidate in this round."),
        "DUPLICATE_CHOICE": _("A candidate is chosen twice."),
        "COUNT_NOT_CONFIRMED": _(
            "The paper count must be entered a second time, by another member of "
            "the counting board, before the round can close."
        ),
        "ROUND_NOT_CLOSED": _("This ballot round has not been closed yet."),
        "AWARD_UNKNOWN": _("Units are not voted for this award."),
        "THRESHOLD_INVALID": _(
            "The threshold must be a fraction more than 0 and at most 1, such as 1/2 "
            "or 2/3."
        ),
        "THRESHOLD_RULE_INVALID": _("The threshold rule is not known."),
        "THRESHOLD_BASE_INVALID": _("The threshold base is not known."),
        "SEATS_INVALID": _(
            "The number of seats must be at least 1 and at most the number of "
            "candidates."
        ),
        "CANDIDATES_REQUIRED": _("Name at least one candidate."),
        "DUPLICATE_CANDIDATE": _("A candidate is listed twice."),
        "RUNOFF_OF_INVALID": _(
            "A run-off follows a closed round of the same block year and award."
        ),
        "RUNOFF_EXISTS": _("That round already has a run-off."),
        "RUNOFF_NOT_NEEDED": _("That round filled every seat: no run-off is needed."),
        "ROUND_LIMIT_REACHED": _(
            "The province allows %(limit)s rounds for a selection: the head and "
            "deputy units now decide."
        ),
        "NOT_A_RUNOFF_CANDIDATE": _(
            "A run-off is held among the tied candidates, or the best of those not "
            "elected."
        ),
        "RUNOFF_SEATS_INVALID": _("A run-off is held for at most %(seats)s seats."),
        "VOTERS_REQUIRED": _("Name the voters who receive a slip."),
        "DUPLICATE_VOTER": _("A voter is listed twice."),
        "VOTER_NOT_ATTENDEE": _("A voter did not attend the conference."),
        "VOTER_NOT_MEMBER": _("A voter's unit is not a member of the block."),
        "ONE_VOTER_PER_UNIT": _(
            "Each member unit has one vote: name one delegate per unit."
        ),
        "PAPER_ROUND_ONLY": _("Counts are entered for paper ballot rounds only."),
        "COUNT_ALREADY_ACCEPTED": _("The count of this round has been accepted."),
        "COUNT_SAME_USER": _(
            "Another member of the counting board must enter the count the second time."
        ),
        "COUNT_NEGATIVE": _("Counts cannot be negative."),
        "BALLOTS_EXCEED_VOTERS": _(
            "There cannot be more ballots than voters (%(voters)s)."
        ),
        "INVALID_EXCEEDS_CAST": _(
            "There cannot be more invalid ballots than ballots cast."
        ),
        "VOTES_EXCEED_BALLOTS": _(
            "A candidate cannot have more votes than valid ballots (%(valid)s)."
        ),
        "VOTES_EXCEED_CHOICES": _(
            "The votes add up to more than the valid ballots can hold (%(limit)s)."
        ),
        "DECISION_NOT_DUE": _(
            "The head and deputy decide only after the last allowed round "
            "(%(limit)s) leaves seats open."
        ),
        "DECISION_REASON_REQUIRED": _("Give the reason for the decision."),
        "DECISION_EXISTS": _("The decision for this round has been recorded."),
        "DUPLICATE_ATTENDEE": _("An attendee is listed twice."),
        "STARTS_AT_NOT_ON_CONFERENCE_DATE": _(
            "The starting time must fall on the day of the conference (%(date)s)."
        ),
        "ATTENDEE_NOT_IN_PROVINCE": _("An attendee works outside this province."),
    },
    {
        "ROUND_CLOSED": 409,
        "TOKEN_INVALID": 403,
        "TOKEN_USED": 409,
        "COUNT_NOT_CONFIRMED": 409,
        "ROUND_NOT_CLOSED": 409,
        "RUNOFF_EXISTS": 409,
        "COUNT_ALREADY_ACCEPTED": 409,
        "DECISION_EXISTS": 409,
    },
)

_ROUND_FIELDS = [
    "conference",
    "award",
    "seats",
    "threshold_numerator",
    "threshold_denominator",
    "threshold_base",
    "threshold_rule",
    "mode",
    "votes_per",
    "electorate",
    "runoff_of",
]


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except RuleViolation as violation:
        raise DomainError.from_violation(violation) from violation


def _settings(block_year: BlockYear) -> ProvincialSettings:
    return _rule(provincial_settings, block_year.block.province.settings)


def _province_id(round: BallotRound) -> int:
    return round.conference.block_year.block.province_id


def _kind(round: BallotRound) -> str:
    return f"ballot_round.{round.mode}"


def _transition(kind: str, old: str, new: str) -> None:
    _rule(check_transition, kind, old, new)


def token_hash(token: str) -> str:
    """SHA-256 of a slip code. Any string may arrive: lone surrogates are hashed
    as they are rather than failing."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# --- Conferences ---------------------------------------------------------------------


@transaction.atomic
def record_conference(
    *,
    actor: Any,
    block_year: BlockYear,
    kind: str,
    date: date,
    host_unit: Unit,
    attendees: Sequence[Person],
    agenda: str = "",
    minutes: Mapping[str, Any] | None = None,
) -> Conference:
    """Record a sơ kết / tổng kết conference with its attendees (by person, their
    units copied); the province's quorum in force is kept with it. ``minutes``, if
    given, are the minutes details of :func:`update_conference`, in the same
    transaction."""
    require(actor, "conference.manage", block_year)
    if kind not in ballot_rules.CONFERENCE_KINDS:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"kind": [kind]}})
    province_id = block_year.block.province_id
    if host_unit.province_id != province_id:
        raise DomainError("UNIT_NOT_IN_PROVINCE", details={"unit": host_unit.pk})
    ids = [p.pk for p in attendees]
    if len(set(ids)) != len(ids):
        raise DomainError("DUPLICATE_ATTENDEE")
    members = {u.pk for u in selectors.member_units_on(block_year, date)}
    units = {p.pk: _represented_unit(p, members) for p in attendees}
    provinces = dict(
        Unit.objects.filter(pk__in=set(units.values())).values_list("pk", "province_id")
    )
    strangers = [p for p, u in units.items() if provinces[u] != province_id]
    if strangers:
        raise DomainError("ATTENDEE_NOT_IN_PROVINCE", details={"people": strangers})
    conference = Conference.objects.create(
        block_year=block_year,
        kind=kind,
        date=date,
        host_unit=host_unit,
        agenda=unicodedata.normalize("NFC", agenda or "").strip(),
        quorum_percent=_settings(block_year).conference_quorum,
        recorded_by=actor,
    )
    Attendance.objects.bulk_create(
        Attendance(conference=conference, person=p, unit_id=units[p.pk])
        for p in attendees
    )
    quorum = selectors.quorum_of(conference)
    audit.record(
        actor=actor,
        verb="voting.conference.recorded",
        target=conference,
        province_id=province_id,
        after={
            "block_year": block_year.pk,
            "kind": kind,
            "date": date,
            "host_unit": host_unit.pk,
            "attendees": sorted(ids),
            "quorum_percent": conference.quorum_percent,
            "quorum_met": quorum.met,
        },
    )
    if minutes:
        update_conference(actor=actor, conference=conference, changes=minutes)
    return conference


# What the minutes of the meeting record, editable after the conference is recorded.
MINUTES_FIELDS = (
    "starts_at",
    "place",
    "chair",
    "secretary",
    "next_head_unit",
    "next_host_unit",
)
_MINUTES_TEXT = ("place", "chair", "secretary")


@transaction.atomic
def update_conference(
    *, actor: Any, conference: Conference, changes: Mapping[str, Any]
) -> Conference:
    """Change the minutes details of a conference (time, place, chair, secretary,
    next year's head and host units): only the keys given in ``changes``, each of
    :data:`MINUTES_FIELDS`; ``None`` or "" clears one. Audited with before/after."""
    require(actor, "conference.manage", conference.block_year)
    unknown = sorted(set(changes) - set(MINUTES_FIELDS))
    if unknown:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {k: [] for k in unknown}}
        )
    province_id = conference.block_year.block.province_id
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _MINUTES_TEXT:
            values[name] = normalize(value or "")
        elif name == "starts_at":
            if value is not None and timezone.localdate(value) != conference.date:
                day = conference.date.strftime("%d/%m/%Y")
                raise DomainError(
                    "STARTS_AT_NOT_ON_CONFERENCE_DATE",
                    details={"date": conference.date.isoformat()},
                    params={"date": day},
                )
            values[name] = value
        else:  # a unit, or None
            if value is not None and value.province_id != province_id:
                raise DomainError("UNIT_NOT_IN_PROVINCE", details={"unit": value.pk})
            values[name] = value
    fields = list(values)
    before = audit.snapshot(conference, fields)
    for name, value in values.items():
        setattr(conference, name, value)
    after = audit.snapshot(conference, fields)
    if audit.changed(before, after):
        conference.save(update_fields=fields)
        audit.record(
            actor=actor,
            verb="voting.conference.updated",
            target=conference,
            province_id=province_id,
            before=before,
            after=after,
        )
    return conference


def _represented_unit(person: Person, members: set[int]) -> int:
    """The unit a person attended for: their unit, or — when a reorganisation has
    since moved them to its successor (the 2025 reform) — the predecessor that was a
    member of the block on the day. Past conferences are often entered afterwards."""
    if person.unit_id in members:
        return person.unit_id
    lineage = org_selectors.unit_with_predecessors(person.unit)
    return next((u for u in lineage if u in members), person.unit_id)


# --- Rounds --------------------------------------------------------------------------


def _electorate(conference: Conference, votes_per: str, members: set[int]) -> int:
    """The ``members`` base: member units (one vote each) or their attendees."""
    if votes_per == ballot_rules.PER_UNIT:
        return len(members)
    return Attendance.objects.filter(conference=conference, unit_id__in=members).count()


@transaction.atomic
def create_round(
    *,
    actor: Any,
    conference: Conference,
    award: str,
    seats: int,
    threshold: Fraction,
    threshold_base: str,
    mode: str,
    threshold_rule: str = ballot_rules.AT_LEAST,
    candidates: Sequence[Unit] | None = None,
    runoff_of: BallotRound | None = None,
) -> BallotRound:
    """A ballot round in ``draft``. Rounds are independent unless ``runoff_of`` names
    an earlier closed round of the same block year and award (api.md); a run-off is
    held within the round limit (rule 13), among that round's run-off candidates."""
    require(actor, "ballot.manage", conference)
    block_year = conference.block_year
    if award not in ballot_rules.UNIT_AWARDS:
        raise DomainError("AWARD_UNKNOWN", details={"award": award})
    if mode not in ballot_rules.MODES:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"mode": [mode]}})
    if threshold_base not in ballot_rules.BASES:
        raise DomainError("THRESHOLD_BASE_INVALID")
    if threshold_rule not in ballot_rules.THRESHOLD_RULES:
        raise DomainError("THRESHOLD_RULE_INVALID")
    _rule(ballot_rules.check_threshold, threshold)
    settings = _settings(block_year)
    members = {u.pk for u in selectors.member_units_on(block_year, conference.date)}

    if runoff_of is not None:
        if (
            runoff_of.conference.block_year_id != block_year.pk
            or runoff_of.award != award
            or runoff_of.status != BallotRound.Status.CLOSED
        ):
            raise DomainError("RUNOFF_OF_INVALID")
        stored = selectors.stored_result(runoff_of)
        if stored is None:  # pragma: no cover - a closed round always has one
            raise DomainError("RUNOFF_OF_INVALID")
        earlier = selectors.outcome_of(runoff_of, stored)
        units = list(candidates or [])
        if not units:
            by_id = Unit.objects.in_bulk(list(earlier.runoff_candidates))
            units = [by_id[u] for u in earlier.runoff_candidates if u in by_id]
        _rule(
            ballot_rules.check_runoff,
            earlier=earlier,
            rounds_held=selectors.rounds_held(runoff_of),
            limit=settings.ballot_round_limit,
            candidates=[u.pk for u in units],
            seats=seats,
        )
    else:
        units = list(candidates or []) or selectors.default_candidates(conference)

    ids = [u.pk for u in units]
    if not ids:
        raise DomainError("CANDIDATES_REQUIRED")
    if len(set(ids)) != len(ids):
        raise DomainError("DUPLICATE_CANDIDATE")
    outsiders = [u for u in ids if u not in members]
    if outsiders:
        raise DomainError("UNIT_NOT_MEMBER", details={"units": outsiders})
    if not 1 <= seats <= len(ids):
        raise DomainError("SEATS_INVALID", details={"seats": seats})

    round = BallotRound(
        conference=conference,
        award=award,
        seats=seats,
        threshold_numerator=threshold.numerator,
        threshold_denominator=threshold.denominator,
        threshold_base=threshold_base,
        threshold_rule=threshold_rule,
        mode=mode,
        votes_per=settings.votes_per,
        electorate=_electorate(conference, settings.votes_per, members),
        runoff_of=runoff_of,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            round.save()
    except IntegrityError as exc:  # voting_round_one_runoff, under a race
        raise DomainError("RUNOFF_EXISTS") from exc
    Candidacy.objects.bulk_create(
        Candidacy(round=round, unit_id=u, position=i) for i, u in enumerate(ids, 1)
    )
    audit.record(
        actor=actor,
        verb="voting.round.created",
        target=round,
        province_id=block_year.block.province_id,
        after={**audit.snapshot(round, _ROUND_FIELDS), "candidates": ids},
    )
    return round


@transaction.atomic
def open_round(
    *, actor: Any, round: BallotRound, voters: Sequence[Person]
) -> tuple[BallotRound, list[str]]:
    """Open an electronic round: one slip per voter. Answers the slip codes, shuffled
    (``secrets.SystemRandom``), to print once; only their hashes are kept, with no
    voter. ``BallotIssue`` rows say who was given a slip, nothing more."""
    require(actor, "ballot.manage", round)
    _transition(_kind(round), round.status, BallotRound.Status.OPEN)
    conference = round.conference
    ids = [p.pk for p in voters]
    if not ids:
        raise DomainError("VOTERS_REQUIRED")
    if len(set(ids)) != len(ids):
        raise DomainError("DUPLICATE_VOTER")
    units_of = dict(
        Attendance.objects.filter(conference=conference, person_id__in=ids).values_list(
            "person_id", "unit_id"
        )
    )
    absent = [p for p in ids if p not in units_of]
    if absent:
        raise DomainError("VOTER_NOT_ATTENDEE", details={"people": absent})
    members = {
        u.pk for u in selectors.member_units_on(conference.block_year, conference.date)
    }
    outsiders = [p for p in ids if units_of[p] not in members]
    if outsiders:
        raise DomainError("VOTER_NOT_MEMBER", details={"people": outsiders})
    if round.votes_per == ballot_rules.PER_UNIT and len(
        {units_of[p] for p in ids}
    ) != len(ids):
        raise DomainError("ONE_VOTER_PER_UNIT")
    # Compare-and-swap: a second "open" (another tab, another secretary) finds the
    # round no longer in draft and issues nothing.
    if (
        BallotRound.objects.filter(pk=round.pk, status=BallotRound.Status.DRAFT).update(
            status=BallotRound.Status.OPEN
        )
        != 1
    ):
        raise DomainError(
            "INVALID_TRANSITION", details={"from": round.status, "to": "open"}
        )
    round.status = BallotRound.Status.OPEN
    # Issues in person order, not in the order the secretary listed the voters.
    BallotIssue.objects.bulk_create(
        BallotIssue(round=round, voter_id=p) for p in sorted(ids)
    )
    tokens = [secrets.token_urlsafe(16) for _ in ids]
    BallotToken.objects.bulk_create(
        BallotToken(round=round, token_hash=token_hash(t)) for t in tokens
    )
    secrets.SystemRandom().shuffle(tokens)
    audit.record(
        actor=actor,
        verb="voting.round.opened",
        target=round,
        province_id=_province_id(round),
        before={"status": "draft"},
        after={"status": "open", "slips": len(tokens)},
    )
    return round, tokens


def _round_status_for_casting(round_id: int) -> str | None:
    """The round's status, read under a shared row lock on PostgreSQL (``FOR
    SHARE``): casts do not wait for one another, but :func:`close_round`'s ``FOR
    UPDATE`` waits for the casts in flight to commit, and a cast arriving during the
    close waits for it and then reads ``closed``. SQLite writes one transaction at a
    time (``BEGIN IMMEDIATE``), which gives the same order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT status FROM {BallotRound._meta.db_table} "  # noqa: S608
                "WHERE id = %s FOR SHARE",
                [round_id],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    return (
        BallotRound.objects.filter(pk=round_id).values_list("status", flat=True).first()
    )


@transaction.atomic
def cast_ballot(*, round: BallotRound, token: str, choices: Sequence[int]) -> None:
    """Cast one slip's ballot. Checks in api.md's order: round not open (409
    ROUND_CLOSED), code never issued for this round (403 TOKEN_INVALID), code used
    (409 TOKEN_USED), more choices than seats (422 TOO_MANY_CHOICES), a choice not a
    candidate (422 NOT_A_CANDIDATE). A refused ballot leaves its slip unused.

    There is no ``actor``: whoever carries the slip votes, and nothing about them is
    read or stored. The audit event names the round only.
    """
    if _round_status_for_casting(round.pk) != BallotRound.Status.OPEN:
        raise DomainError("ROUND_CLOSED")
    digest = token_hash(token)
    used = (
        BallotToken.objects.filter(round_id=round.pk, token_hash=digest)
        .values_list("used", flat=True)
        .first()
    )
    if used is None:
        raise DomainError("TOKEN_INVALID")
    if used:
        raise DomainError("TOKEN_USED")
    marks = list(choices)
    _rule(ballot_rules.check_ballot, marks, selectors.candidate_ids(round), round.seats)
    # Compare-and-swap on the slip: of two casts with one code, the second finds it
    # used (PostgreSQL re-reads the row after the first commits) and stores nothing.
    if (
        BallotToken.objects.filter(
            round_id=round.pk, token_hash=digest, used=False
        ).update(used=True)
        != 1
    ):
        raise DomainError("TOKEN_USED")
    Ballot.objects.create(round_id=round.pk, choices=sorted(marks))
    audit.record(
        actor=None,
        verb="voting.ballot.cast",
        target_type=BallotRound._meta.label_lower,
        target_id=round.pk,
        province_id=round.conference.block_year.block.province_id,
    )


@transaction.atomic
def enter_paper_count(
    *,
    actor: Any,
    round: BallotRound,
    ballots_cast: int,
    invalid: int,
    counts: Mapping[int, int],
) -> PaperCount:
    """One entry of a paper round's count (api.md): the first awaits confirmation; a
    second by another member that agrees is accepted, one that differs is a mismatch
    (both kept; enter again)."""
    require(actor, "ballot.count", round)
    locked = BallotRound.objects.select_for_update().get(pk=round.pk)
    if locked.mode != BallotRound.Mode.PAPER:
        raise DomainError("PAPER_ROUND_ONLY")
    if locked.status == BallotRound.Status.CLOSED:
        raise DomainError("ROUND_CLOSED")
    if locked.count_status == BallotRound.CountStatus.ACCEPTED:
        raise DomainError("COUNT_ALREADY_ACCEPTED")
    candidates = selectors.candidate_ids(locked)
    count = _rule(
        ballot_rules.check_paper_count,
        ballots_cast=ballots_cast,
        invalid=invalid,
        counts=counts,
        candidates=candidates,
        seats=locked.seats,
        electorate=locked.electorate,
    )
    previous = (
        PaperCount.objects.filter(round=locked).order_by("-seq").first()
        if locked.count_status == BallotRound.CountStatus.AWAITING
        else None
    )
    if previous is None:
        new = BallotRound.CountStatus.AWAITING
    elif previous.entered_by_id == getattr(actor, "pk", None):
        raise DomainError("COUNT_SAME_USER")
    elif ballot_rules.counts_agree(_count_of(previous, candidates), count):
        new = BallotRound.CountStatus.ACCEPTED
    else:
        new = BallotRound.CountStatus.MISMATCH
    old = locked.count_status
    _transition("paper_count", old, new)
    if (
        BallotRound.objects.filter(pk=locked.pk, count_status=old).update(
            count_status=new
        )
        != 1
    ):  # pragma: no cover - the row is locked
        raise DomainError("CONFLICT")
    last = PaperCount.objects.filter(round=locked).order_by("-seq").first()
    entry = PaperCount.objects.create(
        round=locked,
        seq=(last.seq + 1) if last else 1,
        entered_by=actor,
        ballots_cast=count.ballots_cast,
        invalid=count.invalid,
        counts={str(u): v for u, v in count.votes.items()},
        outcome=new,
    )
    round.count_status = new
    audit.record(
        actor=actor,
        verb="voting.paper_count.entered",
        target=locked,
        province_id=_province_id(round),
        before={"count_status": old},
        after={
            "count_status": new,
            "seq": entry.seq,
            "ballots_cast": entry.ballots_cast,
            "invalid": entry.invalid,
            "counts": entry.counts,
        },
    )
    return entry


def _count_of(entry: PaperCount, candidates: Sequence[int]) -> ballot_rules.Count:
    return ballot_rules.Count(
        ballots_cast=entry.ballots_cast,
        invalid=entry.invalid,
        votes={u: int(entry.counts.get(str(u), 0)) for u in candidates},
    )


def _reshuffle_ballots(round: BallotRound, marks: list[list[int]]) -> None:
    """Write the round's ballots again, in a random order under new random keys, in
    the closing transaction (OpenSlides anonymises a poll when it stops): afterwards
    their physical order and PostgreSQL ``xmin`` tell nothing of when each was cast.
    The old row versions stay on disk until VACUUM (PostgreSQL) or are overwritten
    (SQLite ``secure_delete``)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    Ballot.objects.filter(round=round).delete()
    shuffled = list(marks)
    secrets.SystemRandom().shuffle(shuffled)
    Ballot.objects.bulk_create(
        (Ballot(round=round, choices=m) for m in shuffled), batch_size=1000
    )


@transaction.atomic
def close_round(*, actor: Any, round: BallotRound) -> RoundResult:
    """Close a round and store its result (api.md ``close``). A paper round closes
    on an accepted count only (409 COUNT_NOT_CONFIRMED)."""
    require(actor, "ballot.manage", round)
    # FOR UPDATE on PostgreSQL: waits for the casts holding FOR SHARE to commit.
    locked = BallotRound.objects.select_for_update().get(pk=round.pk)
    if (
        locked.mode == BallotRound.Mode.PAPER
        and locked.count_status != BallotRound.CountStatus.ACCEPTED
    ):
        raise DomainError("COUNT_NOT_CONFIRMED")
    old = locked.status
    _transition(_kind(locked), old, BallotRound.Status.CLOSED)
    candidates = selectors.candidate_ids(locked)
    if locked.mode == BallotRound.Mode.ELECTRONIC:
        marks = list(
            Ballot.objects.filter(round=locked).values_list("choices", flat=True)
        )
        count = _rule(ballot_rules.tally_ballots, marks, candidates, locked.seats)
        _reshuffle_ballots(locked, marks)
    else:
        accepted = PaperCount.objects.filter(round=locked).order_by("-seq").first()
        count = _count_of(accepted, candidates)
    outcome = _rule(
        ballot_rules.round_result,
        count,
        candidates=candidates,
        seats=locked.seats,
        threshold=locked.threshold,
        base_kind=locked.threshold_base,
        threshold_rule=locked.threshold_rule,
        electorate=locked.electorate,
    )
    if (
        BallotRound.objects.filter(pk=locked.pk, status=old).update(
            status=BallotRound.Status.CLOSED
        )
        != 1
    ):  # pragma: no cover - the row is locked
        raise DomainError("CONFLICT")
    round.status = BallotRound.Status.CLOSED
    stored = RoundResult.objects.create(
        round=locked,
        ballots_cast=outcome.ballots_cast,
        invalid=outcome.invalid,
        base=outcome.base,
        needed=outcome.needed,
        tie=outcome.tie,
        closed_by=actor,
    )
    ResultLine.objects.bulk_create(
        ResultLine(
            result=stored,
            unit_id=c.unit,
            position=i,
            votes=c.votes,
            elected=c.elected,
        )
        for i, c in enumerate(outcome.candidates, 1)
    )
    audit.record(
        actor=actor,
        verb="voting.round.closed",
        target=locked,
        province_id=_province_id(round),
        before={"status": old},
        after={
            "status": "closed",
            "ballots_cast": outcome.ballots_cast,
            "invalid": outcome.invalid,
            "base": outcome.base,
            "needed": outcome.needed,
            "tie": outcome.tie,
            "votes": {str(c.unit): c.votes for c in outcome.candidates},
            "elected": list(outcome.elected),
        },
    )
    return stored


@transaction.atomic
def record_decision(
    *, actor: Any, round: BallotRound, units: Sequence[Unit], reason: str
) -> RoundDecision:
    """Rule 13: after the last allowed round leaves seats open, record the head and
    deputy units' decision (possibly nobody), with its reason, as the outcome."""
    require(actor, "ballot.manage", round)
    locked = BallotRound.objects.select_for_update().get(pk=round.pk)
    if locked.status != BallotRound.Status.CLOSED:
        raise DomainError("ROUND_NOT_CLOSED")
    if RoundDecision.objects.filter(round=locked).exists():
        raise DomainError("DECISION_EXISTS")
    stored = selectors.stored_result(locked)
    outcome = selectors.outcome_of(locked, stored)
    reason = normalize(reason)
    ids = [u.pk for u in units]
    _rule(
        ballot_rules.check_decision,
        outcome,
        rounds_held=selectors.rounds_held(locked),
        limit=selectors.round_limit(round),
        chosen=ids,
        reason=reason,
    )
    decision = RoundDecision.objects.create(
        round=locked, reason=reason, decided_by=actor
    )
    decision.units.set(ids)
    audit.record(
        actor=actor,
        verb="voting.round.decided",
        target=locked,
        province_id=_province_id(round),
        after={"units": ids, "reason": reason},
    )
    return decision
