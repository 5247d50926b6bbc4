"""Writes for provinces, units, people, blocks and block years.

Every function is one use case: keyword-only, first argument ``actor``, one
transaction, one audit event (house-style rule 2).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from thidua.core import audit
from thidua.core.access import require
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
from thidua.rules import RuleViolation, lineage
from thidua.rules import blocks as block_rules
from thidua.rules.permissions import Scope
from thidua.rules.settings import ProvincialSettings, provincial_settings
from thidua.rules.text import normalize

_PROVINCE_FIELDS = ["name", "code", "valid_from", "valid_to"]
_UNIT_FIELDS = ["province", "name", "short_name", "parent", "valid_from", "valid_to"]
_PERSON_FIELDS = ["unit", "gender", "position", "is_leader"]
_BLOCK_FIELDS = ["province", "name", "kind"]
_BLOCK_YEAR_FIELDS = [
    "block",
    "year",
    "theme",
    "slogan",
    "decision_number",
    "decision_date",
]


def _rule(fn, *args, **kwargs):
    """Call a rule and turn its refusal into a DomainError."""
    try:
        return fn(*args, **kwargs)
    except RuleViolation as violation:
        raise DomainError.from_violation(violation) from violation


def settings_of(province: Province) -> ProvincialSettings:
    return _rule(provincial_settings, province.settings)


# --- Provinces -----------------------------------------------------------------------


@transaction.atomic
def create_province(*, actor: Any, name: str, code: str = "") -> Province:
    require(actor, "province.create", Scope())
    province = Province.objects.create(name=normalize(name), code=normalize(code))
    audit.record(
        actor=actor,
        verb="organizations.province.created",
        target=province,
        province_id=province.pk,
        after=audit.snapshot(province, _PROVINCE_FIELDS),
    )
    return province


@transaction.atomic
def update_province(
    *, actor: Any, province: Province, name: str, code: str
) -> Province:
    require(actor, "province.edit", province)
    before = audit.snapshot(province, _PROVINCE_FIELDS)
    province.name, province.code = normalize(name), normalize(code)
    province.save(update_fields=["name", "code"])
    audit.record(
        actor=actor,
        verb="organizations.province.updated",
        target=province,
        province_id=province.pk,
        before=before,
        after=audit.snapshot(province, _PROVINCE_FIELDS),
    )
    return province


@transaction.atomic
def update_province_settings(
    *, actor: Any, province: Province, values: dict[str, Any]
) -> Province:
    require(actor, "province.edit", province)
    merged = {**province.settings, **values}
    _rule(provincial_settings, merged)
    before = dict(province.settings)
    province.settings = merged
    province.save(update_fields=["settings"])
    audit.record(
        actor=actor,
        verb="organizations.province.settings_updated",
        target=province,
        province_id=province.pk,
        before=before,
        after=merged,
    )
    return province


# --- Units ---------------------------------------------------------------------------


def _check_parent(unit: Unit | None, province: Province, parent: Unit | None) -> None:
    if parent is None:
        return
    if parent.province_id != province.pk:
        raise DomainError("PARENT_NOT_IN_PROVINCE")
    node: Unit | None = parent
    seen = set()
    while node is not None and node.pk not in seen:
        if unit is not None and node.pk == unit.pk:
            raise DomainError("PARENT_CYCLE")
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def create_unit(
    *,
    actor: Any,
    province: Province,
    name: str,
    short_name: str = "",
    parent: Unit | None = None,
    valid_from: date | None = None,
) -> Unit:
    require(actor, "unit.create", province)
    _check_parent(None, province, parent)
    unit = Unit.objects.create(
        province=province,
        name=normalize(name),
        short_name=normalize(short_name),
        parent=parent,
        valid_from=valid_from,
    )
    audit.record(
        actor=actor,
        verb="organizations.unit.created",
        target=unit,
        province_id=province.pk,
        after=audit.snapshot(unit, _UNIT_FIELDS),
    )
    return unit


@transaction.atomic
def update_unit(
    *,
    actor: Any,
    unit: Unit,
    name: str,
    short_name: str = "",
    parent: Unit | None = None,
    valid_from: date | None = None,
) -> Unit:
    require(actor, "unit.edit", unit)
    _check_parent(unit, unit.province, parent)
    before = audit.snapshot(unit, _UNIT_FIELDS)
    unit.name, unit.short_name = normalize(name), normalize(short_name)
    unit.parent, unit.valid_from = parent, valid_from
    unit.save(update_fields=["name", "short_name", "parent", "valid_from"])
    audit.record(
        actor=actor,
        verb="organizations.unit.updated",
        target=unit,
        province_id=unit.province_id,
        before=before,
        after=audit.snapshot(unit, _UNIT_FIELDS),
    )
    return unit


@dataclass(frozen=True)
class NewUnit:
    name: str
    short_name: str = ""


def _successor_province(sources: Sequence[Unit], effective: date) -> Province:
    provinces = {u.province_id for u in sources}
    if len(provinces) != 1:
        raise DomainError("PROVINCE_UNKNOWN")
    province = sources[0].province
    if province.valid_to is not None and province.valid_to < effective:
        successors = list(province.successors.all())
        if len(successors) == 1:
            return successors[0]
    return province


@transaction.atomic
def reorganize_units(
    *,
    actor: Any,
    sources: Sequence[Unit],
    effective: date,
    new_units: Sequence[NewUnit] = (),
    target: Unit | None = None,
    province: Province | None = None,
) -> list[Unit]:
    """Merge or split units from ``effective``; history follows the successors.

    Sources end the day before; the first successor takes over the sources' block
    memberships from that date (the most senior role among them), and, when there is
    a single successor, their people.
    """
    for source in sources:
        require(actor, "unit.reorganize", source)
    target_keys: list[int | str] = (
        [target.pk] if target is not None else [n.name for n in new_units]
    )
    # A source that already has successors was reorganised, whatever the new date.
    reorganized = set(
        Succession.objects.filter(predecessor__in=sources).values_list(
            "predecessor_id", flat=True
        )
    )
    ended = {
        u.pk: u.valid_to
        for u in sources
        if u.valid_to and (u.valid_to < effective or u.pk in reorganized)
    }
    _rule(
        lineage.check_reorganization,
        sources=[u.pk for u in sources],
        targets=target_keys,
        ended=ended,
    )
    if target is not None:
        require(actor, "unit.reorganize", target)
        successors = [target]
    else:
        home = province or _successor_province(sources, effective)
        require(actor, "unit.create", home)
        successors = [
            Unit.objects.create(
                province=home,
                name=normalize(n.name),
                short_name=normalize(n.short_name),
                valid_from=effective,
            )
            for n in new_units
        ]
    end = lineage.day_before(effective)
    Unit.objects.filter(pk__in=[u.pk for u in sources]).update(valid_to=end)
    Succession.objects.bulk_create(
        [
            Succession(predecessor=src, successor=succ, effective_on=effective)
            for src in sources
            for succ in successors
        ]
    )
    heir = successors[0]
    _hand_over_memberships(sources, heir, effective)
    moved = 0
    if len(successors) == 1:
        moved = Person.objects.filter(unit__in=sources).update(unit=heir)
    audit.record(
        actor=actor,
        verb="organizations.unit.reorganized",
        target_type="organizations.unit",
        target_id=sources[0].pk,
        province_id=sources[0].province_id,
        after={
            "sources": [u.pk for u in sources],
            "successors": [u.pk for u in successors],
            "effective": effective,
            "people_moved": moved,
        },
    )
    for unit in sources:
        unit.valid_to = end
    return successors


def _hand_over_memberships(
    sources: Sequence[Unit], heir: Unit, effective: date
) -> None:
    rows = list(
        Membership.objects.filter(unit__in=sources, year__gte=effective.year).order_by(
            "pk"
        )
    )
    spans = [
        lineage.Span(
            membership=m.pk,
            block_year=m.block_year_id,
            role=m.role,
            starts=m.valid_from or date(m.year, 1, 1),
            ends=m.valid_to or date(m.year, 12, 31),
        )
        for m in rows
    ]
    year_of = {m.block_year_id: m.year for m in rows}
    held = {
        (m.year): m.block_year_id
        for m in Membership.objects.filter(unit=heir, year__gte=effective.year)
    }
    for plan in lineage.plan_handover(spans, effective):
        Membership.objects.filter(pk__in=plan.close).update(
            valid_to=lineage.day_before(effective)
        )
        Membership.objects.filter(pk__in=plan.drop).delete()
        year = year_of[plan.block_year]
        if year in held:
            continue  # the heir already belongs to a block that year
        Membership.objects.create(
            block_year_id=plan.block_year,
            unit=heir,
            role=plan.role,
            year=year,
            valid_from=plan.starts if plan.starts > date(year, 1, 1) else None,
        )
        held[year] = plan.block_year


# --- People --------------------------------------------------------------------------


@transaction.atomic
def create_person(
    *,
    actor: Any,
    unit: Unit,
    full_name: str,
    gender: str,
    position: str = "",
    is_leader: bool = False,
    email: str = "",
) -> Person:
    require(actor, "person.create", unit)
    person = Person.objects.create(
        unit=unit,
        full_name=normalize(full_name),
        gender=gender,
        position=normalize(position),
        is_leader=is_leader,
        email=normalize(email).lower(),
    )
    # Personal details stay out of the trail: ids and non-personal fields only.
    audit.record(
        actor=actor,
        verb="organizations.person.created",
        target=person,
        province_id=unit.province_id,
        after=audit.snapshot(person, _PERSON_FIELDS),
    )
    return person


@transaction.atomic
def update_person(
    *,
    actor: Any,
    person: Person,
    unit: Unit,
    full_name: str,
    gender: str,
    position: str = "",
    is_leader: bool = False,
    email: str = "",
) -> Person:
    require(actor, "person.edit", person)
    if unit.pk != person.unit_id:
        require(actor, "person.create", unit)
    before_personal = {"full_name": person.full_name, "email": person.email}
    before = audit.snapshot(person, _PERSON_FIELDS)
    person.unit = unit
    person.full_name = normalize(full_name)
    person.gender = gender
    person.position = normalize(position)
    person.is_leader = is_leader
    person.email = normalize(email).lower()
    person.save(
        update_fields=["unit", "full_name", "gender", "position", "is_leader", "email"]
    )
    after = audit.snapshot(person, _PERSON_FIELDS)
    personal_changed = [
        k
        for k, v in before_personal.items()
        if v != {"full_name": person.full_name, "email": person.email}[k]
    ]
    audit.record(
        actor=actor,
        verb="organizations.person.updated",
        target=person,
        province_id=unit.province_id,
        before=before,
        after={**after, "personal_fields_changed": personal_changed},
    )
    return person


def record_personal_data_export(*, actor: Any, person: Person) -> None:
    """An export of one person's data is itself audited (ids only)."""
    require(actor, "person.edit", person)
    audit.record(
        actor=actor,
        verb="organizations.person.exported",
        target=person,
        province_id=person.unit.province_id,
    )


# --- Blocks and block years ----------------------------------------------------------


@transaction.atomic
def create_block(*, actor: Any, province: Province, name: str, kind: str) -> Block:
    require(actor, "block.create", province)
    block = Block.objects.create(province=province, name=normalize(name), kind=kind)
    audit.record(
        actor=actor,
        verb="organizations.block.created",
        target=block,
        province_id=province.pk,
        after=audit.snapshot(block, _BLOCK_FIELDS),
    )
    return block


@transaction.atomic
def update_block(*, actor: Any, block: Block, name: str, kind: str) -> Block:
    require(actor, "block.edit", block)
    before = audit.snapshot(block, _BLOCK_FIELDS)
    block.name, block.kind = normalize(name), kind
    block.save(update_fields=["name", "kind"])
    audit.record(
        actor=actor,
        verb="organizations.block.updated",
        target=block,
        province_id=block.province_id,
        before=before,
        after=audit.snapshot(block, _BLOCK_FIELDS),
    )
    return block


@dataclass
class BlockYearResult:
    block_year: BlockYear
    warnings: list[str] = field(default_factory=list)


def _check_members(
    *,
    block: Block,
    year: int,
    head: Unit,
    deputies: Sequence[Unit],
    members: Sequence[Unit],
) -> tuple[tuple[block_rules.MemberRole, ...], list[str]]:
    units = {u.pk: u for u in [head, *deputies, *members]}
    # api.md: UNIT_ALREADY_IN_BLOCK is checked before any other rule.
    clashes = (
        Membership.objects.filter(unit_id__in=units, year=year)
        .exclude(block_year__block=block)
        .select_related("block_year__block")
    )
    _rule(
        block_rules.check_single_block,
        units,
        {m.unit_id: m.block_year.block.name for m in clashes},
    )
    composed = _rule(
        block_rules.compose_members,
        head=head.pk,
        deputies=[u.pk for u in deputies],
        members=[u.pk for u in members],
    )
    for unit in units.values():
        if unit.province_id != block.province_id:
            raise DomainError(
                "UNIT_NOT_IN_PROVINCE", details={"unit": unit.pk}, params={}
            )
        if (unit.valid_to and unit.valid_to.year < year) or (
            unit.valid_from and unit.valid_from.year > year
        ):
            raise DomainError("UNIT_NOT_ACTIVE", details={"unit": unit.pk})
    settings = settings_of(block.province)
    _rule(
        block_rules.check_block_size,
        len(composed),
        minimum=settings.block_min_members,
        maximum=settings.block_max_members,
    )
    previous_head = (
        Membership.objects.filter(
            block_year__block=block, year=year - 1, role=block_rules.HEAD
        )
        # The head at the end of the year: the open membership, else the latest.
        .order_by(F("valid_to").desc(nulls_first=True))
        .values_list("unit_id", flat=True)
        .first()
    )
    warning = _rule(
        block_rules.check_head_rotation,
        head=head.pk,
        previous_head=previous_head,
        required=settings.head_rotation_required,
    )
    return composed, [warning] if warning else []


def _members_snapshot(block_year: BlockYear) -> list[list[Any]]:
    return [
        [m.unit_id, m.role]
        for m in block_year.memberships.order_by("pk").only("unit_id", "role")
    ]


@transaction.atomic
def create_block_year(
    *,
    actor: Any,
    block: Block,
    year: int,
    head: Unit,
    deputies: Sequence[Unit],
    members: Sequence[Unit],
    theme: str = "",
    slogan: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
) -> BlockYearResult:
    require(actor, "blockyear.create", block)
    composed, warnings = _check_members(
        block=block, year=year, head=head, deputies=deputies, members=members
    )
    try:
        with transaction.atomic():
            block_year = BlockYear.objects.create(
                block=block,
                year=year,
                theme=normalize(theme),
                slogan=normalize(slogan),
                decision_number=normalize(decision_number),
                decision_date=decision_date,
            )
    except IntegrityError as exc:
        raise DomainError("BLOCK_YEAR_EXISTS") from exc
    Membership.objects.bulk_create(
        [
            Membership(block_year=block_year, unit_id=m.unit, role=m.role, year=year)
            for m in composed
        ]
    )
    audit.record(
        actor=actor,
        verb="organizations.block_year.created",
        target=block_year,
        province_id=block.province_id,
        after={
            **audit.snapshot(block_year, _BLOCK_YEAR_FIELDS),
            "members": [[m.unit, m.role] for m in composed],
        },
    )
    return BlockYearResult(block_year=block_year, warnings=warnings)


@transaction.atomic
def update_block_year(
    *,
    actor: Any,
    block_year: BlockYear,
    head: Unit,
    deputies: Sequence[Unit],
    members: Sequence[Unit],
    theme: str = "",
    slogan: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
) -> BlockYearResult:
    require(actor, "blockyear.edit", block_year)
    block = block_year.block
    composed, warnings = _check_members(
        block=block,
        year=block_year.year,
        head=head,
        deputies=deputies,
        members=members,
    )
    before = {
        **audit.snapshot(block_year, _BLOCK_YEAR_FIELDS),
        "members": _members_snapshot(block_year),
    }
    block_year.theme, block_year.slogan = normalize(theme), normalize(slogan)
    block_year.decision_number = normalize(decision_number)
    block_year.decision_date = decision_date
    block_year.save(
        update_fields=["theme", "slogan", "decision_number", "decision_date"]
    )
    wanted = {m.unit: m.role for m in composed}
    current = block_year.memberships.filter(valid_to__isnull=True)
    current.exclude(unit_id__in=wanted).delete()
    # Demote first so that the one-head constraint holds at every statement.
    current.filter(unit_id__in=wanted).update(role=block_rules.MEMBER)
    present = set(block_year.memberships.values_list("unit_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(
                block_year=block_year,
                unit_id=u,
                role=block_rules.MEMBER,
                year=block_year.year,
            )
            for u in wanted
            if u not in present
        ]
    )
    for unit_id, role in wanted.items():
        if role != block_rules.MEMBER:
            block_year.memberships.filter(
                unit_id=unit_id, valid_to__isnull=True
            ).update(role=role)
    audit.record(
        actor=actor,
        verb="organizations.block_year.updated",
        target=block_year,
        province_id=block.province_id,
        before=before,
        after={
            **audit.snapshot(block_year, _BLOCK_YEAR_FIELDS),
            "members": _members_snapshot(block_year),
        },
    )
    return BlockYearResult(block_year=block_year, warnings=warnings)


from thidua.organizations.services.imports import import_people, import_units  # noqa: E402, F401
