"""Reads of the awards app: the facts the eligibility rules take (built from the
database as plain dataclasses), award history with predecessors, proposals a user
may see. Query counts are fixed whatever the number of rows."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.awards.models import (
    AwardRecord,
    CalendarDay,
    Discipline,
    Initiative,
    Leave,
    Proposal,
    ProposalDocument,
    Rating,
    StaffSummary,
    ViolationListing,
)
from thidua.core import uploads
from thidua.core.access import can, grants_for, is_superuser
from thidua.core.errors import DomainError
from thidua.organizations.models import Membership, Person, Province, Succession, Unit
from thidua.rules import award_settings
from thidua.rules import dossiers as dossier_rules
from thidua.rules import eligibility as rules
from thidua.rules.lineage import predecessors_of
from thidua.voting.models import BallotRound, Candidacy, ResultLine, RoundDecision

ACTIVE = ~Q(status=Proposal.Status.RETURNED)
_FORMATS = {
    "application/pdf": dossier_rules.PDF,
    uploads.DOCX: dossier_rules.WORD,
}


# --- settings ------------------------------------------------------------------------


def params_for(province: Province | None) -> rules.Params:
    """The province's award settings (⚙) as eligibility parameters."""
    stored = (province.settings or {}).get("awards") if province else None
    return award_settings.params_from(stored)


def work_calendar() -> dossier_rules.WorkCalendar:
    holidays, working = set(), set()
    for day, kind in CalendarDay.objects.values_list("day", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else working).add(day)
    return dossier_rules.WorkCalendar(frozenset(holidays), frozenset(working))


# --- facts ---------------------------------------------------------------------------


def _hold(d: Discipline) -> rules.Hold:
    return rules.Hold(start=d.start, end=d.end, kind=d.kind, level=d.level)


def _listing(v: ViolationListing) -> rules.Listing:
    return rules.Listing(
        source=v.source,
        listed_on=v.listed_on,
        cleared=v.cleared_on is not None,
        cleared_on=v.cleared_on,
        reason=v.cleared_reason,
    )


def _initiative_uses(ids: Iterable[int]) -> dict[int, rules.InitiativeUse]:
    """What each initiative already backs: an active proposal (or its award)."""
    uses: dict[int, rules.InitiativeUse] = {}
    rows = (
        Proposal.initiatives.through.objects.filter(initiative_id__in=list(ids))
        .filter(proposal__in=Proposal.objects.filter(ACTIVE))
        .order_by("proposal_id")
        .values_list(
            "initiative_id", "proposal_id", "proposal__award", "proposal__year"
        )
    )
    for initiative, proposal, award, year in rows:
        uses.setdefault(initiative, rules.InitiativeUse(award, year, proposal))
    return uses


def person_facts_many(person_ids: list[int]) -> Iterator[rules.PersonFacts]:
    """Facts of many people with a fixed number of queries (in chunks)."""
    for start in range(0, len(person_ids), 2000):
        chunk = person_ids[start : start + 2000]
        yield from _person_facts_chunk(chunk)


def _person_facts_chunk(ids: list[int]) -> Iterator[rules.PersonFacts]:
    by: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for pid, year, level in Rating.objects.filter(person_id__in=ids).values_list(
        "person_id", "year", "level"
    ):
        by["ratings"][pid].append(rules.Rating(year, level))
    for row in AwardRecord.objects.filter(person_id__in=ids).values_list(
        "person_id", "award", "year", "decision_number", "decision_date", "kind"
    ):
        by["awards"][row[0]].append(rules.AwardHeld(*row[1:]))
    for d in Discipline.objects.filter(person_id__in=ids):
        by["disciplines"][d.person_id].append(_hold(d))
    for leave in Leave.objects.filter(person_id__in=ids):
        by["leaves"][leave.person_id].append(
            rules.Leave(leave.start, leave.end, leave.kind)
        )
    for v in ViolationListing.objects.filter(person_id__in=ids):
        by["listings"][v.person_id].append(_listing(v))
    links = list(
        Initiative.authors.through.objects.filter(person_id__in=ids).values_list(
            "person_id", "initiative_id"
        )
    )
    initiatives = Initiative.objects.in_bulk({i for _, i in links})
    uses = _initiative_uses(initiatives)
    for pid, iid in links:
        i = initiatives[iid]
        by["initiatives"][pid].append(
            rules.Initiative(
                id=i.pk,
                scope=i.scope_level,
                recognized_on=i.recognized_on,
                decision_number=i.decision_number,
                used_by=uses.get(i.pk),
            )
        )
    genders = dict(Person.objects.filter(pk__in=ids).values_list("pk", "gender"))
    for pid in ids:
        yield rules.PersonFacts(
            id=pid,
            gender=genders.get(pid, ""),
            ratings=tuple(by["ratings"][pid]),
            awards=tuple(by["awards"][pid]),
            initiatives=tuple(sorted(by["initiatives"][pid], key=lambda i: i.id)),
            disciplines=tuple(by["disciplines"][pid]),
            leaves=tuple(by["leaves"][pid]),
            listings=tuple(by["listings"][pid]),
        )


def person_facts(person: Person) -> rules.PersonFacts:
    return next(person_facts_many([person.pk]))


def lineage(unit: Unit) -> list[int]:
    """The unit's predecessors, nearest first (domain.md §2.2 item 3)."""
    edges: dict[int, list[int]] = defaultdict(list)
    for pred, succ in Succession.objects.filter(
        successor__province_id=unit.province_id
    ).values_list("predecessor_id", "successor_id"):
        edges[succ].append(pred)
    return predecessors_of(unit.pk, edges)


def unit_facts(unit: Unit, *, proposal: int | None = None) -> rules.UnitFacts:
    """The unit's own facts (via None) plus its predecessors' (via = predecessor)."""
    preds = lineage(unit)
    ids = [unit.pk, *preds]

    def via(uid: int) -> int | None:
        return None if uid == unit.pk else uid

    ratings = tuple(
        rules.Rating(year, level, via(uid))
        for uid, year, level in Rating.objects.filter(unit_id__in=ids).values_list(
            "unit_id", "year", "level"
        )
    )
    awards = tuple(
        rules.AwardHeld(award, year, number, day, kind, via(uid))
        for uid, award, year, number, day, kind in AwardRecord.objects.filter(
            unit_id__in=ids
        ).values_list(
            "unit_id", "award", "year", "decision_number", "decision_date", "kind"
        )
    )
    staff = tuple(
        rules.StaffSummary(
            year=s.year,
            members=s.members,
            lao_dong_tien_tien=s.lao_dong_tien_tien,
            chien_si_thi_dua_co_so=s.chien_si_thi_dua_co_so,
            completed_tasks=s.completed_tasks,
            disciplined_canh_cao_or_above=s.disciplined_canh_cao_or_above,
            women=s.women,
            via=via(s.unit_id),
        )
        for s in StaffSummary.objects.filter(unit_id__in=ids)
    )
    block_years = list(
        Membership.objects.filter(unit=unit).values_list("year", "block_year_id")
    )
    by_ids = [b for _, b in block_years]
    taken = dict(
        Proposal.objects.filter(ACTIVE, block_year_id__in=by_ids, award=rules.CO_TINH)
        .exclude(unit=unit)
        .values_list("block_year_id")
        .annotate(n=Count("id"))
        .values_list("block_year_id", "n")
    )
    memberships = tuple(
        rules.BlockMembership(year=y, block_year=b, flags_taken=taken.get(b, 0))
        for y, b in block_years
    )
    elections: list[rules.Election] = []
    for block_year, award, status, elected in ResultLine.objects.filter(
        unit=unit, result__round__conference__block_year_id__in=by_ids
    ).values_list(
        "result__round__conference__block_year_id",
        "result__round__award",
        "result__round__status",
        "elected",
    ):
        elections.append(
            rules.Election(
                block_year, award, status == BallotRound.Status.CLOSED, elected
            )
        )
    for block_year, award in RoundDecision.objects.filter(
        units=unit, round__conference__block_year_id__in=by_ids
    ).values_list("round__conference__block_year_id", "round__award"):
        elections.append(rules.Election(block_year, award, True, True))
    for block_year, award in Candidacy.objects.filter(
        unit=unit,
        round__conference__block_year_id__in=by_ids,
        round__status__in=[BallotRound.Status.DRAFT, BallotRound.Status.OPEN],
    ).values_list("round__conference__block_year_id", "round__award"):
        elections.append(rules.Election(block_year, award, False, False))
    return rules.UnitFacts(
        id=unit.pk,
        ratings=ratings,
        awards=awards,
        staff=staff,
        memberships=memberships,
        elections=tuple(elections),
        disciplines=tuple(_hold(d) for d in Discipline.objects.filter(unit=unit)),
        listings=tuple(_listing(v) for v in ViolationListing.objects.filter(unit=unit)),
    )


def facts_for(subject: Person | Unit) -> rules.Facts:
    if isinstance(subject, Person):
        return person_facts(subject)
    return unit_facts(subject)


def province_of(subject: Person | Unit) -> Province:
    return subject.unit.province if isinstance(subject, Person) else subject.province


def eligibility(
    subject: Person | Unit,
    award: str,
    year: int,
    *,
    on: date | None = None,
    proposal: int | None = None,
) -> rules.Answer:
    """Is the subject eligible for ``award`` in ``year``? (rules 1–10, 14–20, 29).

    Judged on ``on``: by default today, the day a dossier would be received — so a
    listing cleared today counts as cleared, and the legal source is today's."""
    if award not in rules.AWARD_NAMES:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"award": ["unknown"]}}
        )
    try:
        return rules.evaluate(
            facts_for(subject),
            award,
            year,
            params_for(province_of(subject)),
            on=on or timezone.localdate(),
            proposal=proposal,
        )
    except rules.RuleViolation as violation:
        raise DomainError.from_violation(violation) from None


def answer_json(answer: rules.Answer) -> dict[str, Any]:
    """api.md: ``{eligible, reasons: [{code, message}], legal_basis}``."""
    return {
        "eligible": answer.eligible,
        "reasons": [
            {"code": r.code, "message": rules.render_reason(r)} for r in answer.reasons
        ],
        "legal_basis": list(answer.legal_basis),
    }


# --- history -------------------------------------------------------------------------


def awards_of_person(person: Person) -> QuerySet[AwardRecord]:
    return AwardRecord.objects.filter(person=person).order_by(
        "-year", "-decision_date", "-id"
    )


def awards_of_unit(unit: Unit) -> QuerySet[AwardRecord]:
    """The unit's awards and its predecessors' (``via_name`` names the predecessor),
    newest first."""
    ids = [unit.pk, *lineage(unit)]
    return (
        AwardRecord.objects.filter(unit_id__in=ids)
        .select_related("unit")
        .order_by("-year", "-decision_date", "-id")
    )


def history_row(record: AwardRecord, subject_id: int | None = None) -> dict[str, Any]:
    via = None
    if record.unit_id and subject_id is not None and record.unit_id != subject_id:
        via = record.unit.name
    return {
        "id": record.pk,
        "award": record.award,
        "award_name": rules.AWARD_NAMES.get(record.award, record.award),
        "year": record.year,
        "kind": record.kind,
        "decision_number": record.decision_number,
        "decision_date": record.decision_date,
        "cash_amount": record.cash_amount,
        "via": via,
    }


def province_awards(
    actor: Any,
    *,
    province: int | None = None,
    year: int | None = None,
    block: int | None = None,
    award: str | None = None,
) -> QuerySet[AwardRecord]:
    """The awards of the provinces the user may see, filtered."""
    qs = AwardRecord.objects.select_related("person__unit", "unit", "decision")
    if not is_superuser(actor):
        provinces = {g.province for g in grants_for(actor, "award.view")}
        qs = qs.filter(
            Q(unit__province_id__in=provinces)
            | Q(person__unit__province_id__in=provinces)
        )
    if province:
        qs = qs.filter(
            Q(unit__province_id=province) | Q(person__unit__province_id=province)
        )
    if year:
        qs = qs.filter(year=year)
    if award:
        qs = qs.filter(award=award)
    if block:
        qs = qs.filter(
            Q(unit__memberships__block_year__block_id=block)
            | Q(person__unit__memberships__block_year__block_id=block)
        ).distinct()
    return qs.order_by("-year", "award", "-decision_date", "-id")


# --- proposals -----------------------------------------------------------------------


def visible_proposals(actor: Any) -> QuerySet[Proposal]:
    """Proposals of the subjects the user may see: the Board's whole province, a
    secretariat's block, a unit officer's own unit."""
    qs = Proposal.objects.select_related(
        "person__unit", "unit", "block_year__block", "province"
    )
    if is_superuser(actor):
        return qs
    cond = Q(pk__in=[])
    for g in grants_for(actor, "award.view"):
        if g.unit is not None:
            cond |= Q(unit_id=g.unit) | Q(person__unit_id=g.unit)
        elif g.block is not None:
            cond |= Q(block_year__block_id=g.block) | (
                Q(province_id=g.province)
                & (
                    Q(unit__memberships__block_year__block_id=g.block)
                    | Q(person__unit__memberships__block_year__block_id=g.block)
                )
            )
        else:
            cond |= Q(province_id=g.province)
    return qs.filter(cond).distinct()


def get_proposal_for(actor: Any, pk: int, action: str) -> Proposal:
    proposal = (
        Proposal.objects.select_related(
            "person__unit__province", "unit__province", "block_year__block", "province"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not can(actor, "award.view", proposal):
        raise DomainError("NOT_FOUND")
    if not can(actor, action, proposal):
        raise DomainError("PERMISSION_DENIED")
    return proposal


def attachments(proposal: Proposal) -> list[dossier_rules.Attachment]:
    return [
        dossier_rules.Attachment(kind, _FORMATS.get(ctype, ctype))
        for kind, ctype in proposal.documents.values_list("kind", "content_type")
    ]


def missing_documents(proposal: Proposal) -> list[str]:
    return list(
        dossier_rules.missing_documents(
            proposal.award,
            attachments(proposal),
            initiatives=proposal.initiatives.exists(),
        )
    )


def proposal_documents(proposal: Proposal) -> QuerySet[ProposalDocument]:
    return proposal.documents.select_related("uploaded_by").order_by("kind", "id")


def published_proposals(today: date) -> QuerySet[Proposal]:
    """Proposals on public display today (Law art. 84(5))."""
    return (
        Proposal.objects.filter(
            disclosed_from__lte=today,
            disclosed_until__gte=today,
            status__in=[Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED],
        )
        .select_related("person__unit", "unit", "province")
        .order_by("province__sort_key", "award", "id")
    )
