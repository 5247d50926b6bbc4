"""Reads for organisations, always scoped to the actor (house-style rule 4)."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

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
    return Unit.objects.select_related("province", "parent").prefetch_related(
        Prefetch("predecessors", queryset=Unit.objects.only("id", "name")),
        Prefetch("successors", queryset=Unit.objects.only("id", "name")),
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


def province_blocks_overview(
    province: Province, year: int | None = None, *, recent: int | None = None
):
    """Blocks of a province with their years and members (fixed query count).

    ``recent`` keeps only the latest years that any block of the province recorded.
    """
    years_qs = BlockYear.objects.prefetch_related(_members_prefetch()).order_by("-year")
    if year:
        years_qs = years_qs.filter(year=year)
    if recent:
        latest = (
            BlockYear.objects.filter(block__province=province)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if latest is not None:
            years_qs = years_qs.filter(year__gt=latest - recent)
    return province.blocks.prefetch_related(Prefetch("years", queryset=years_qs))


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
