"""Reads of the awards app: the facts the eligibility rules take (built from the
database as plain dataclasses), award history with predecessors, proposals a user
may see. Query counts are fixed whatever the number of rows."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
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


def _with_predecessors(provinces: set[int]) -> list[int]:
    """The provinces and those merged into them (their awards follow them)."""
    found = set(provinces)
    frontier = set(provinces)
    while frontier:
        merged = set(
            Province.successors.through.objects.filter(
                to_province_id__in=frontier
            ).values_list("from_province_id", flat=True)
        )
        frontier = merged - found
        found |= merged
    return sorted(found)


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
        qs = qs.filter(province_id__in=_with_predecessors(provinces))
    if province:
        qs = qs.filter(province_id__in=_with_predecessors({province}))
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


# --- pages ---------------------------------------------------------------------------


def person_fact_rows(person: Person) -> dict[str, Any]:
    """What the person's facts page lists (one query per kind of fact)."""
    return {
        "ratings": list(Rating.objects.filter(person=person).order_by("-year")),
        "disciplines": list(Discipline.objects.filter(person=person)),
        "leaves": list(Leave.objects.filter(person=person)),
        "initiatives": list(
            Initiative.objects.filter(authors=person).order_by("-recognized_on", "id")
        ),
        "listings": list(ViolationListing.objects.filter(person=person)),
    }


def unit_fact_rows(unit: Unit) -> dict[str, Any]:
    """What the unit's facts page lists: its own ratings and staff summaries."""
    return {
        "ratings": list(Rating.objects.filter(unit=unit).order_by("-year")),
        "staff": list(StaffSummary.objects.filter(unit=unit).order_by("-year")),
        "disciplines": list(Discipline.objects.filter(unit=unit)),
        "listings": list(ViolationListing.objects.filter(unit=unit)),
    }


def province_listings(province: Province) -> QuerySet[ViolationListing]:
    """The province's violation listings, open ones first."""
    return (
        ViolationListing.objects.filter(
            Q(unit__province=province) | Q(person__unit__province=province)
        )
        .select_related("person__unit", "unit")
        .order_by("cleared_on", "-listed_on", "-id")
    )


def get_listing_for(actor: Any, pk: Any, action: str = "award.listing"):
    listing = (
        ViolationListing.objects.select_related("person__unit", "unit")
        .filter(pk=int(pk))
        .first()
    )
    if listing is None or not can(actor, "award.view", listing.scope()):
        raise DomainError("NOT_FOUND")
    if not can(actor, action, listing.scope()):
        raise DomainError("PERMISSION_DENIED")
    return listing


def get_document_for(actor: Any, pk: Any) -> ProposalDocument:
    document = (
        ProposalDocument.objects.select_related("proposal").filter(pk=int(pk)).first()
    )
    if document is None:
        raise DomainError("NOT_FOUND")
    get_proposal_for(actor, document.proposal_id, "award.view")
    return document


def proposal_comments(proposal: Proposal) -> QuerySet:
    return proposal.comments.order_by("received_at", "id")


def proposal_history(proposal: Proposal) -> list[Any]:
    """The proposal's audit events, oldest first (its status history)."""
    from thidua.core.models import AuditEvent

    return list(
        AuditEvent.objects.filter(
            target_type=Proposal._meta.label_lower, target_id=str(proposal.pk)
        ).order_by("at", "id")
    )


def decidable_proposals(actor: Any, province: Province) -> QuerySet[Proposal]:
    """Accepted proposals of the province, waiting for a decision."""
    return visible_proposals(actor).filter(
        province=province, status=Proposal.Status.ACCEPTED
    )


def get_decision_for(actor: Any, pk: Any):
    from thidua.awards.models import Decision

    decision = Decision.objects.select_related("province").filter(pk=int(pk)).first()
    # A decision is a public act: anyone who reads awards in its province sees it.
    provinces = {g.province for g in grants_for(actor, "award.view")}
    if decision is None or not (
        is_superuser(actor) or decision.province_id in provinces
    ):
        raise DomainError("NOT_FOUND")
    return decision


def decision_awards(decision: Any) -> QuerySet[AwardRecord]:
    return decision.awards.select_related("person__unit", "unit").order_by("id")


def province_award_settings(province: Province) -> dict[str, Any]:
    return award_settings.award_settings((province.settings or {}).get("awards"))


def calendar_days(year: int | None = None) -> QuerySet[CalendarDay]:
    qs = CalendarDay.objects.order_by("day")
    if year:
        qs = qs.filter(day__year=year)
    return qs


# --- API -----------------------------------------------------------------------------


def get_person_for_awards(actor: Any, pk: Any) -> Person:
    """A person whose awards the user may read (``award.view``, which viewers and
    leaders hold) or whose record they may see (``person.view``); 404 otherwise."""
    try:
        number = int(pk)
    except (TypeError, ValueError) as exc:
        raise DomainError("NOT_FOUND") from exc
    person = (
        Person.objects.select_related("unit__province").filter(pk=number).first()
        if abs(number) <= 2**63 - 1
        else None
    )
    if person is None:
        raise DomainError("NOT_FOUND")
    scope = person.scope()
    if not (can(actor, "award.view", scope) or can(actor, "person.view", scope)):
        raise DomainError("NOT_FOUND")
    return person


def visible_decisions(actor: Any) -> QuerySet:
    """Award decisions the user may read: those of the provinces where a grant lets
    them read awards province-wide (the same test as :func:`get_decision_for`)."""
    from thidua.awards.models import Decision

    qs = Decision.objects.select_related("province").prefetch_related(
        Prefetch(
            "awards",
            queryset=AwardRecord.objects.select_related("person", "unit").order_by(
                "id"
            ),
        )
    )
    if is_superuser(actor):
        return qs.order_by("-date", "-id")
    provinces = {
        g.province
        for g in grants_for(actor, "award.view")
        if g.block is None and g.unit is None
    }
    return qs.filter(province_id__in=provinces).order_by("-date", "-id")


def missing_documents_loaded(proposal: Proposal) -> list[str]:
    """:func:`missing_documents` from the proposal's prefetched ``documents`` and
    ``initiatives`` (lists: no query per proposal)."""
    found = [
        dossier_rules.Attachment(d.kind, _FORMATS.get(d.content_type, d.content_type))
        for d in proposal.documents.all()
    ]
    return list(
        dossier_rules.missing_documents(
            proposal.award, found, initiatives=bool(proposal.initiatives.all())
        )
    )


def has_rating(subject: Person | Unit, year: int) -> bool:
    key = "person" if isinstance(subject, Person) else "unit"
    return Rating.objects.filter(year=year, **{key: subject}).exists()


def has_staff_summary(unit: Unit, year: int) -> bool:
    return StaffSummary.objects.filter(unit=unit, year=year).exists()


def proposable_units(actor: Any, province: Province) -> QuerySet[Unit]:
    """Current units of the province the user may propose (or record facts) for:
    the whole province for the Board, a block's members for its secretariat, a
    unit officer's own unit."""
    qs = Unit.objects.filter(province=province, valid_to__isnull=True)
    if is_superuser(actor):
        return qs.order_by("sort_key", "id")
    cond = Q(pk__in=[])
    for g in grants_for(actor, "proposal.create"):
        if g.province != province.pk:
            continue
        if g.unit is not None:
            cond |= Q(pk=g.unit)
        elif g.block is not None:
            cond |= Q(memberships__block_year__block_id=g.block)
        else:
            cond |= Q(pk__isnull=False)
    return qs.filter(cond).distinct().order_by("sort_key", "id")


def proposable_block_years(actor: Any, province: Province) -> list[Any]:
    from thidua.organizations.models import BlockYear

    qs = BlockYear.objects.filter(block__province=province).select_related("block")
    if not is_superuser(actor):
        grants = [
            g for g in grants_for(actor, "proposal.create") if g.province == province.pk
        ]
        if not any(g.block is None and g.unit is None for g in grants):
            qs = qs.filter(block_id__in=[g.block for g in grants if g.block])
    return list(qs.order_by("-year", "block__sort_key", "id")[:100])


def subject_choices(
    province: Province, units: Iterable[Unit] | None = None
) -> tuple[list[Unit], list[Person]]:
    """Units (current ones of the province, or ``units``) and their people, for the
    "unit or person" pickers (two queries)."""
    if units is None:
        units = Unit.objects.filter(province=province, valid_to__isnull=True).order_by(
            "sort_key", "id"
        )
    units = list(units)
    people = list(
        Person.objects.filter(unit__in=units, unit__province=province).order_by(
            "sort_key", "id"
        )
    )
    return units, people


def get_subject_in(province: Province, value: str) -> Person | Unit:
    """``unit:<id>`` or ``person:<id>`` of the province, or NOT_FOUND."""
    kind, _sep, raw = (value or "").partition(":")
    found: Person | Unit | None = None
    if raw.isdigit() and kind == "unit":
        found = Unit.objects.filter(pk=int(raw), province=province).first()
    elif raw.isdigit() and kind == "person":
        found = (
            Person.objects.select_related("unit__province")
            .filter(pk=int(raw), unit__province=province)
            .first()
        )
    if found is None:
        raise DomainError("NOT_FOUND")
    return found


def province_initiatives(province: Province, limit: int = 200) -> list[Initiative]:
    return list(
        Initiative.objects.filter(province=province).order_by("-recognized_on", "id")[
            :limit
        ]
    )
