"""Reads for organisations, always scoped to the actor (house-style rule 4)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from thidua.core.access import can, grants_for, is_superuser, provinces_for
from thidua.core.errors import DomainError
from thidua.organizations.models import (
    Block,
    BlockYear,
    Membership,
    Person,
    Province,
    Succession,
    Unit,
)
from thidua.rules import blocks as block_rules
from thidua.rules import lineage

# The largest id a database column holds (bigint); a larger filter value sent by a
# client would overflow the driver, so it simply matches nothing.
_MAX_ID = 2**63 - 1


def _filter_id(qs: QuerySet, lookup: str, value: Any) -> QuerySet:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return qs.none()
    return qs.filter(**{lookup: number}) if abs(number) <= _MAX_ID else qs.none()


def _words(q: str | None) -> str:
    """Search words as typed, without NUL characters (PostgreSQL refuses them)."""
    return (q or "").replace("\x00", "")


def _get_for(queryset: QuerySet, actor: Any, pk: Any, action: str):
    try:
        obj = queryset.get(pk=int(pk))
    except (ValueError, TypeError, queryset.model.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    if not can(actor, "org.view", obj):
        raise DomainError("NOT_FOUND")
    if action != "org.view" and not can(actor, action, obj):
        raise DomainError("PERMISSION_DENIED")
    return obj


# --- Provinces -----------------------------------------------------------------------


def visible_provinces(actor: Any, *, q: str | None = None) -> QuerySet[Province]:
    ids = provinces_for(actor, "org.view")
    qs = Province.objects.all()
    qs = qs if ids is None else qs.filter(pk__in=ids)
    return qs.search(_words(q)) if q else qs


def get_province_for(actor: Any, pk: Any, action: str = "org.view") -> Province:
    return _get_for(Province.objects.all(), actor, pk, action)


# --- Units ---------------------------------------------------------------------------


def _unit_list_queryset() -> QuerySet[Unit]:
    """Units with their province, parent, and predecessors and successors as plain
    lists (``predecessor_list``, ``successor_list``): prefetching into the related
    managers built a filtered queryset per unit, a third of the unit list's time
    (benchmarks)."""
    return Unit.objects.select_related("province", "parent").prefetch_related(
        Prefetch(
            "predecessors",
            queryset=Unit.objects.only("id", "name"),
            to_attr="predecessor_list",
        ),
        Prefetch(
            "successors",
            queryset=Unit.objects.only("id", "name"),
            to_attr="successor_list",
        ),
    )


def visible_units(
    actor: Any,
    *,
    province: Any = None,
    q: str | None = None,
    block: Any = None,
    year: Any = None,
) -> QuerySet[Unit]:
    ids = provinces_for(actor, "org.view")
    qs = _unit_list_queryset()
    if ids is not None:
        qs = qs.filter(province_id__in=ids)
    if province:
        qs = _filter_id(qs, "province_id", province)
    if block or year:
        members = Membership.objects.filter(unit=OuterRef("pk"))
        if block:
            members = _filter_id(members, "block_year__block_id", block)
        if year:
            members = _filter_id(members, "year", year)
        qs = qs.filter(Exists(members))
    return qs.search(_words(q))


def get_unit_for(actor: Any, pk: Any, action: str = "org.view") -> Unit:
    return _get_for(_unit_list_queryset(), actor, pk, action)


def unit_memberships(unit: Unit) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(unit=unit)
        .select_related("block_year__block")
        .order_by("-year", "pk")
    )


def unit_lineage(unit: Unit) -> dict[str, list[Succession]]:
    """The unit's direct predecessors and successors, with effective dates."""
    return {
        "predecessors": list(
            Succession.objects.filter(successor=unit).select_related(
                "predecessor__province"
            )
        ),
        "successors": list(
            Succession.objects.filter(predecessor=unit).select_related(
                "successor__province"
            )
        ),
    }


def unit_with_predecessors(unit: Unit) -> list[int]:
    """The unit and every unit whose history flows into it (rules/lineage.py)."""
    edges: dict[int, set[int]] = {}
    frontier = {unit.pk}
    seen = set(frontier)
    # One query per generation of the reorganisation graph (rarely more than two).
    while frontier:
        rows = Succession.objects.filter(successor_id__in=frontier).values_list(
            "successor_id", "predecessor_id"
        )
        frontier = set()
        for succ, pred in rows:
            edges.setdefault(succ, set()).add(pred)
            if pred not in seen:
                seen.add(pred)
                frontier.add(pred)
    return [unit.pk, *lineage.predecessors_of(unit.pk, edges)]


# --- People --------------------------------------------------------------------------


def visible_people(
    actor: Any, *, unit: Any = None, province: Any = None, q: str | None = None
) -> QuerySet[Person]:
    qs = Person.objects.select_related("unit__province")
    if not is_superuser(actor):
        cond = Q(pk__in=[])
        for g in grants_for(actor, "person.view"):
            if g.unit is not None:
                cond |= Q(unit_id=g.unit)
            elif g.block is not None:
                cond |= Q(
                    Exists(
                        Membership.objects.filter(
                            unit=OuterRef("unit_id"), block_year__block_id=g.block
                        )
                    )
                )
            else:
                cond |= Q(unit__province_id=g.province)
        qs = qs.filter(cond)
    if unit:
        qs = _filter_id(qs, "unit_id", unit)
    if province:
        qs = _filter_id(qs, "unit__province_id", province)
    return qs.search(_words(q))


def get_person_for(actor: Any, pk: Any, action: str = "person.view") -> Person:
    try:
        person = Person.objects.select_related("unit__province").get(pk=int(pk))
    except (ValueError, TypeError, Person.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    if not can(actor, "person.view", person):
        raise DomainError("NOT_FOUND")
    if action != "person.view" and not can(actor, action, person):
        raise DomainError("PERMISSION_DENIED")
    return person


# --- Blocks --------------------------------------------------------------------------


def visible_blocks(actor: Any, *, province: Any = None, q: str | None = None):
    ids = provinces_for(actor, "org.view")
    qs = Block.objects.select_related("province")
    if ids is not None:
        qs = qs.filter(province_id__in=ids)
    if province:
        qs = _filter_id(qs, "province_id", province)
    return qs.search(_words(q))


def get_block_for(actor: Any, pk: Any, action: str = "org.view") -> Block:
    return _get_for(Block.objects.select_related("province"), actor, pk, action)


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("unit").order_by("unit__sort_key"),
    )


def block_years_of(block: Block) -> QuerySet[BlockYear]:
    """A block's years, newest first, with members (fixed number of queries)."""
    return block.years.prefetch_related(_members_prefetch()).order_by("-year")


def get_block_year_for(actor: Any, pk: Any, action: str = "org.view") -> BlockYear:
    qs = BlockYear.objects.select_related("block__province").prefetch_related(
        _members_prefetch()
    )
    return _get_for(qs, actor, pk, action)


def members_by_role(block_year: BlockYear) -> list[Membership]:
    """Members, head first, then deputies, then the rest in Vietnamese order."""
    rows = list(block_year.memberships.all())
    return sorted(
        rows, key=lambda m: (block_rules.ROLE_RANK[m.role], m.unit.sort_key, m.pk)
    )


def head_of(block_year: BlockYear) -> Membership | None:
    heads = [m for m in block_year.memberships.all() if m.role == block_rules.HEAD]
    current = [m for m in heads if m.valid_to is None]
    return (current or heads or [None])[0]


def deputies_of(block_year: BlockYear) -> list[Membership]:
    return [
        m
        for m in members_by_role(block_year)
        if m.role == block_rules.DEPUTY and m.valid_to is None
    ]


# The province page shows the head history of this many recent years; older years
# stay on each block's page (a decade × 60 blocks made the page slow: benchmarks).
HEAD_HISTORY_YEARS = 5


def _latest_year(province: Province) -> int | None:
    return (
        BlockYear.objects.filter(block__province=province)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


@dataclass
class BlockOverview:
    """One block on the province page: its recent years (newest first, each a dict
    of ``id``, ``year`` and ``member_count``) and the name of each year's head."""

    block: Block
    years: list[dict] = field(default_factory=list)
    heads: dict[int, str] = field(default_factory=dict)  # year → head unit's name

    @property
    def latest(self) -> dict | None:
        return self.years[0] if self.years else None


def province_head_history(
    province: Province, *, recent: int
) -> tuple[list[BlockOverview], list[int]]:
    """The province page: each block with its recent years, the number of members
    of each and the head of each, for the ``recent`` latest years any block of the
    province recorded; and those years (newest first). Four queries whatever the
    number of blocks and members, and only the heads' names are read (benchmarks:
    the page used to load the 2,500 memberships of five years to show 300 heads).

    A year's head is the one ``head_of`` gives: the current head, else the first
    head in Vietnamese name order."""
    blocks = {b.pk: BlockOverview(block=b) for b in province.blocks.all()}
    latest = _latest_year(province)
    if latest is None:
        return list(blocks.values()), []
    since = latest - recent
    year_of: dict[int, dict] = {}
    for by in (
        BlockYear.objects.filter(block__province=province, year__gt=since)
        .order_by("-year", "id")
        .values("id", "block_id", "year")
        .annotate(member_count=Count("memberships"))
    ):
        blocks[by["block_id"]].years.append(by)
        year_of[by["id"]] = by
    chosen: dict[int, tuple[str, bool]] = {}  # block year → (name, current)
    for block_year_id, name, valid_to in (
        Membership.objects.filter(
            block_year__block__province=province,
            block_year__year__gt=since,
            role=block_rules.HEAD,
        )
        .order_by("unit__sort_key", "id")
        .values_list("block_year_id", "unit__name", "valid_to")
    ):
        held = chosen.get(block_year_id)
        if held is None or (not held[1] and valid_to is None):
            chosen[block_year_id] = (name, valid_to is None)
    for block_year_id, (name, _current) in chosen.items():
        by = year_of[block_year_id]
        blocks[by["block_id"]].heads[by["year"]] = name
    years = sorted({by["year"] for by in year_of.values()}, reverse=True)
    return list(blocks.values()), years


def get_block_year_for_system(pk: int) -> BlockYear:
    """A block year with its members, after a service wrote it (no permission check:
    the caller just passed one)."""
    return (
        BlockYear.objects.select_related("block__province")
        .prefetch_related(_members_prefetch())
        .get(pk=pk)
    )


def personal_data_of(person: Person) -> dict:
    """Everything the system keeps about one person (Personal Data Protection Law
    91/2025): the record itself and the ids of the audit events that touch it."""
    from thidua.core.models import AuditEvent

    events = AuditEvent.objects.filter(
        target_type=Person._meta.label_lower, target_id=str(person.pk)
    ).order_by("at", "pk")
    return {
        "person": {
            "id": person.pk,
            "full_name": person.full_name,
            "gender": person.gender,
            "position": person.position,
            "is_leader": person.is_leader,
            "email": person.email,
            "unit": {"id": person.unit_id, "name": person.unit.name},
        },
        "audit_events": [
            {"id": e.pk, "at": e.at.isoformat(), "verb": e.verb} for e in events
        ],
    }
