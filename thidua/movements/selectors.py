"""Reads of issue 7, scoped to the actor, in a fixed number of queries whatever the
number of rows (house-style rule 4; design.md §7).

Who sees a registration: its unit's own people; the block's secretariat and the
Board; and, once approved, everyone in the province (the block has accepted it).
Who sees an advanced model: everyone once published (the public page); before, its
unit's people, the block's secretariat and the Board.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.core.access import can, grants_of, is_superuser, provinces_for
from thidua.core.errors import DomainError
from thidua.cycles.models import Covenant, Requirement, Signature, Submission
from thidua.movements.models import (
    AdvancedModel,
    ModelFile,
    Movement,
    Notification,
    ProgressReport,
    RegisteredPerson,
    Registration,
)
from thidua.organizations.models import (
    Block,
    BlockYear,
    Membership,
    Person,
    Province,
    Unit,
)
from thidua.rules import movements as rules
from thidua.rules import permissions
from thidua.rules.deadlines import days_late
from thidua.rules.permissions import Scope
from thidua.scoring.models import Publication, PublishedRank, ScoreSheet

_MAX_ID = 2**63 - 1
APPROVED = Registration.Status.APPROVED
PUBLISHED = AdvancedModel.Status.PUBLISHED


def _id(value: Any) -> int | None:
    """An id from a query parameter or form; None when it cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= _MAX_ID else None


def _get(queryset: QuerySet, pk: Any):
    number = _id(pk)
    if number is None:
        raise DomainError("NOT_FOUND")
    try:
        return queryset.get(pk=number)
    except queryset.model.DoesNotExist as exc:
        raise DomainError("NOT_FOUND") from exc


def _member_of_block(block: int) -> Exists:
    """The row's unit is a member of ``block`` in the row's year."""
    return Exists(
        Membership.objects.filter(
            unit=OuterRef("unit_id"), year=OuterRef("year"), block_year__block_id=block
        )
    )


def _scope_condition(actor: Any, action: str) -> Q:
    """Rows (with ``unit`` and ``year``) inside the scope of the actor's grants that
    allow ``action``."""
    cond = Q(pk__in=[])
    allowed = permissions.roles_allowing(action)
    for g in grants_of(actor):
        if g.role not in allowed:
            continue
        if g.unit is not None:
            cond |= Q(unit_id=g.unit, unit__province_id=g.province)
        elif g.block is not None:
            cond |= Q(unit__province_id=g.province) & _member_of_block(g.block)
        else:
            cond |= Q(unit__province_id=g.province)
    return cond


# --- Movements -------------------------------------------------------------------------


def visible_movements(
    actor: Any, *, province: Any = None, kind: str | None = None, year: Any = None
) -> QuerySet[Movement]:
    """Movements of the provinces where the actor holds a grant, newest first."""
    qs = Movement.objects.select_related("province").prefetch_related(
        Prefetch("blocks", queryset=Block.objects.only("id", "name")),
        Prefetch("units", queryset=Unit.objects.only("id", "name")),
    )
    ids = provinces_for(actor, "org.view")
    if ids is not None:
        qs = qs.filter(province_id__in=ids)
    if province not in (None, ""):
        number = _id(province)
        qs = qs.filter(province_id=number) if number else qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if year not in (None, ""):
        number = _id(year)
        if number is None or number > 9999:
            return qs.none()
        qs = qs.filter(start_date__year__lte=number, end_date__year__gte=number)
    return qs


def get_movement_for(actor: Any, pk: Any, action: str = "org.view") -> Movement:
    movement = _get(visible_movements(actor), pk)
    if action != "org.view" and not can(actor, action, movement):
        raise DomainError("PERMISSION_DENIED")
    return movement


def movement_units(movement: Movement) -> set[int]:
    """The units a movement reaches: those it lists and the members of the blocks it
    lists, in the years it runs; every unit of the province when it lists neither."""
    years = list(rules.years_of(movement.start_date, movement.end_date))
    units = {u.pk for u in movement.units.all()}
    blocks = [b.pk for b in movement.blocks.all()]
    if not units and not blocks:
        return set(
            Unit.objects.filter(province_id=movement.province_id)
            .exclude(valid_to__lt=movement.start_date)
            .exclude(valid_from__gt=movement.end_date)
            .values_list("pk", flat=True)
        )
    members = Membership.objects.filter(
        block_year__block_id__in=blocks, year__in=years
    ).values_list("unit_id", flat=True)
    return units | set(members)


def _registration_predicate(actor: Any):
    """Whether the actor may see a registration, from its unit, the unit's blocks that
    year, its province and its status — without a query per row."""
    superuser = is_superuser(actor)
    grants = grants_of(actor)

    def may_see(unit: int, blocks: frozenset[int], province: int, status: str) -> bool:
        if superuser:
            return True
        scope = Scope(province=province, blocks=blocks, unit=unit)
        if permissions.can(grants, "registration.review", scope):
            return True
        if any(g.unit == unit and g.province == province for g in grants):
            return True
        return status == APPROVED and permissions.can(grants, "org.view", scope)

    return may_see


@dataclass
class ProgressRow:
    """One unit a movement reaches: what it registered, reported and achieved."""

    unit: Unit
    block_names: list[str]
    registrations: list[Registration] = field(default_factory=list)
    hidden_registrations: int = 0
    reports: list[ProgressReport] = field(default_factory=list)

    @property
    def latest(self) -> ProgressReport | None:
        return self.reports[0] if self.reports else None

    @property
    def registered(self) -> bool:
        return bool(self.registrations)


def movement_progress(actor: Any, movement: Movement) -> list[ProgressRow]:
    """Unit by unit, who registered for the movement (as far as the actor may see),
    who reported and the figures of their latest report. Five queries."""
    unit_ids = movement_units(movement)
    years = list(rules.years_of(movement.start_date, movement.end_date))
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("sort_key", "pk"))
    blocks: dict[int, dict[int, str]] = defaultdict(dict)
    by_year: dict[tuple[int, int], set[int]] = defaultdict(set)
    for unit_id, year, block_id, name in Membership.objects.filter(
        unit_id__in=unit_ids, year__in=years
    ).values_list("unit_id", "year", "block_year__block_id", "block_year__block__name"):
        blocks[unit_id][block_id] = name
        by_year[(unit_id, year)].add(block_id)
    rows = {u.pk: ProgressRow(unit=u, block_names=[]) for u in units}
    for unit_id, names in blocks.items():
        if unit_id in rows:
            rows[unit_id].block_names = sorted(set(names.values()))
    may_see = _registration_predicate(actor)
    for registration in Registration.objects.filter(movement=movement).order_by(
        "year", "pk"
    ):
        row = rows.get(registration.unit_id)
        if row is None:
            continue
        if may_see(
            registration.unit_id,
            frozenset(by_year[(registration.unit_id, registration.year)]),
            movement.province_id,
            registration.status,
        ):
            row.registrations.append(registration)
        else:
            row.hidden_registrations += 1
    for report in ProgressReport.objects.filter(movement=movement).order_by(
        "-reported_at", "-pk"
    ):
        if report.unit_id in rows:
            rows[report.unit_id].reports.append(report)
    return list(rows.values())


def get_report_file_for(actor: Any, pk: Any) -> ProgressReport:
    """A progress report's file: anyone in the movement's province may open it."""
    qs = ProgressReport.objects.select_related("movement", "unit").exclude(file="")
    report = _get(qs, pk)
    if not can(actor, "org.view", report.movement):
        raise DomainError("NOT_FOUND")
    return report


# --- Units an actor may act for ------------------------------------------------------------


def units_for(actor: Any, action: str, year: int) -> list[Unit]:
    """Units in whose name the actor may take ``action`` in ``year``: a unit grant's
    unit, a block grant's members that year, a province grant's units in existence
    that year. Two queries."""
    qs = Unit.objects.select_related("province").exclude(valid_to__lt=date(year, 1, 1))
    qs = qs.exclude(valid_from__gt=date(year, 12, 31))
    if is_superuser(actor):
        return list(qs.order_by("province__sort_key", "sort_key", "pk"))
    cond = Q(pk__in=[])
    allowed = permissions.roles_allowing(action)
    for g in grants_of(actor):
        if g.role not in allowed:
            continue
        if g.unit is not None:
            cond |= Q(pk=g.unit, province_id=g.province)
        elif g.block is not None:
            cond |= Q(province_id=g.province) & Exists(
                Membership.objects.filter(
                    unit=OuterRef("pk"), year=year, block_year__block_id=g.block
                )
            )
        else:
            cond |= Q(province_id=g.province)
    return list(qs.filter(cond).order_by("province__sort_key", "sort_key", "pk"))


def provinces_managed(actor: Any) -> list[Province]:
    """Provinces whose movements the actor may launch (the Board)."""
    ids = provinces_for(actor, "movement.manage")
    qs = Province.objects.all()
    return list(qs if ids is None else qs.filter(pk__in=ids))


# --- Registrations -----------------------------------------------------------------------


def _registration_queryset() -> QuerySet[Registration]:
    return Registration.objects.select_related(
        "unit__province", "movement"
    ).prefetch_related(
        Prefetch(
            "people",
            queryset=RegisteredPerson.objects.select_related("person").order_by(
                "person__sort_key", "pk"
            ),
        )
    )


def visible_registrations(
    actor: Any,
    *,
    year: Any = None,
    unit: Any = None,
    block: Any = None,
    status: str | None = None,
    movement: Any = None,
    province: Any = None,
    titles_only: bool = False,
) -> QuerySet[Registration]:
    """Registrations the actor may see (see the module's docstring), filtered."""
    qs = _registration_queryset()
    if not is_superuser(actor):
        cond = _scope_condition(actor, "registration.review")
        for g in grants_of(actor):
            if g.unit is not None:
                cond |= Q(unit_id=g.unit, unit__province_id=g.province)
            cond |= Q(unit__province_id=g.province, status=APPROVED)
        qs = qs.filter(cond)
    for name, value, lookup in (
        ("year", year, "year"),
        ("unit", unit, "unit_id"),
        ("movement", movement, "movement_id"),
        ("province", province, "unit__province_id"),
    ):
        if value in (None, ""):
            continue
        number = _id(value)
        if number is None or (name == "year" and number > 9999):
            return qs.none()
        qs = qs.filter(**{lookup: number})
    if block not in (None, ""):
        number = _id(block)
        if number is None:
            return qs.none()
        qs = qs.filter(_member_of_block(number))
    if status:
        qs = qs.filter(status=status)
    if titles_only:
        qs = qs.filter(movement__isnull=True)
    return qs.order_by("-year", "unit__sort_key", "movement_id", "pk")


def get_registration_for(
    actor: Any, pk: Any, action: str | None = None
) -> Registration:
    """A registration the actor may see (else 404), and may ``action`` (else 403)."""
    registration = _get(_registration_queryset(), pk)
    scope = registration.scope()
    may_see = _registration_predicate(actor)
    if not may_see(
        registration.unit_id, scope.blocks, scope.province, registration.status
    ):
        raise DomainError("NOT_FOUND")
    if action and not can(actor, action, scope):
        raise DomainError("PERMISSION_DENIED")
    return registration


@dataclass
class ConsolidatedRow:
    """A row of the Board's consolidated registration: a unit of a block, and one of
    its registrations (or none)."""

    block_name: str
    unit: Unit
    registration: Registration | None
    titles: dict[str, int]


def consolidated_rows(province: Province, year: int) -> list[ConsolidatedRow]:
    """Every block's member units that year with their registrations (the year's
    titles and the movements), block by block; units registered outside any block
    come last. Four queries."""
    members = list(
        Membership.objects.filter(year=year, block_year__block__province=province)
        .select_related("unit", "block_year__block")
        .order_by("block_year__block__sort_key", "unit__sort_key", "unit_id", "pk")
    )
    registrations: dict[int, list[Registration]] = defaultdict(list)
    for registration in (
        _registration_queryset()
        .filter(year=year, unit__province=province)
        .order_by("unit__sort_key", "movement_id", "pk")
    ):
        registrations[registration.unit_id].append(registration)
    rows: list[ConsolidatedRow] = []
    seen: set[int] = set()

    def add(block_name: str, unit: Unit) -> None:
        seen.add(unit.pk)
        own = registrations.get(unit.pk) or [None]
        for registration in own:
            titles = Counter(
                p.title for p in (registration.people.all() if registration else [])
            )
            rows.append(ConsolidatedRow(block_name, unit, registration, dict(titles)))

    for m in members:
        if m.unit_id not in seen:
            add(m.block_year.block.name, m.unit)
    for unit_id, own in registrations.items():
        if unit_id not in seen:
            add("", own[0].unit)
    return rows


# --- Advanced models ------------------------------------------------------------------------


def _model_queryset() -> QuerySet[AdvancedModel]:
    return AdvancedModel.objects.select_related(
        "unit__province", "person", "movement"
    ).prefetch_related("files")


def visible_models(
    actor: Any,
    *,
    year: Any = None,
    unit: Any = None,
    movement: Any = None,
    status: str | None = None,
    province: Any = None,
) -> QuerySet[AdvancedModel]:
    """Published models for everyone; drafts for their unit, block and Board."""
    qs = _model_queryset()
    if not is_superuser(actor):
        cond = (
            Q(status=PUBLISHED)
            | _scope_condition(actor, "model.create")
            | _scope_condition(actor, "model.publish")
        )
        for g in grants_of(actor):
            if g.unit is not None:
                cond |= Q(unit_id=g.unit, unit__province_id=g.province)
        qs = qs.filter(cond)
    for name, value, lookup in (
        ("year", year, "year"),
        ("unit", unit, "unit_id"),
        ("movement", movement, "movement_id"),
        ("province", province, "unit__province_id"),
    ):
        if value in (None, ""):
            continue
        number = _id(value)
        if number is None or (name == "year" and number > 9999):
            return qs.none()
        qs = qs.filter(**{lookup: number})
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-pk")


def _own_unit(actor: Any, unit: int, province: int) -> bool:
    """The actor holds a grant on the unit itself (its officer, its leader)."""
    return any(g.unit == unit and g.province == province for g in grants_of(actor))


def get_model_for(actor: Any, pk: Any, action: str | None = None) -> AdvancedModel:
    """A published model for anyone (even signed out); a draft for its unit's people,
    its block's secretariat and the Board (else 404); ``action`` else 403."""
    model = _get(_model_queryset(), pk)
    if model.status != PUBLISHED or action:
        scope = model.scope()
        if model.status != PUBLISHED and not (
            can(actor, "model.create", scope)
            or can(actor, "model.publish", scope)
            or _own_unit(actor, model.unit_id, model.unit.province_id)
        ):
            raise DomainError("NOT_FOUND")
        if action and not can(actor, action, scope):
            raise DomainError("PERMISSION_DENIED")
    return model


def get_model_file_for(actor: Any, pk: Any) -> ModelFile:
    """A model's evidence or photo: public once the model is published."""
    row = _get(ModelFile.objects.select_related("model__unit"), pk)
    get_model_for(actor, row.model_id)
    return row


# --- The public page ------------------------------------------------------------------------


def public_models(limit: int = 60) -> list[AdvancedModel]:
    """Published advanced models, newest first (no sign-in needed). Three queries."""
    return list(
        AdvancedModel.objects.filter(status=PUBLISHED)
        .select_related("unit__province", "person", "movement")
        .prefetch_related("files")
        .order_by("-published_at", "-pk")[:limit]
    )


def public_rankings(limit: int = 20) -> list[Publication]:
    """Published rankings (the ranks as published), newest first. Two queries."""
    return list(
        Publication.objects.select_related("block_year__block__province")
        .prefetch_related(
            Prefetch(
                "ranks",
                queryset=PublishedRank.objects.select_related("unit").order_by(
                    "position"
                ),
            )
        )
        .order_by("-block_year__year", "-published_at", "-pk")[:limit]
    )


# --- Notifications -------------------------------------------------------------------------


def notifications_of(actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=actor.pk).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    """The bell's number: one COUNT."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def get_notification_for(actor: Any, pk: Any) -> Notification:
    """One of the actor's own notifications; another user's is 404."""
    return _get(notifications_of(actor), pk)


# --- The province's overview -----------------------------------------------------------------


@dataclass
class BlockOverview:
    """A block in the province overview's year: where the Board should act."""

    block: Block
    block_year: BlockYear | None
    head: Unit | None = None
    members: int = 0
    has_covenant: bool = False
    signed: int = 0
    documents: dict[str, int] = field(default_factory=dict)
    self_sheets: int = 0
    final_sheets: int = 0
    published: list[str] = field(default_factory=list)
    registrations: dict[str, int] = field(default_factory=dict)

    @property
    def registration_counts(self) -> list[tuple[str, Any, int]]:
        """(status, label, count) for the statuses present, in workflow order."""
        return [
            (value, label, self.registrations[value])
            for value, label in Registration.Status.choices
            if self.registrations.get(value)
        ]

    @property
    def attention(self) -> list[str]:
        """What needs the Board: codes the page words (empty: nothing)."""
        if self.block_year is None:
            return ["no_year"]
        out = []
        if not self.has_covenant:
            out.append("no_covenant")
        elif self.signed < self.members:
            out.append("unsigned")
        if self.documents.get("late") or self.documents.get("missing"):
            out.append("documents_late")
        if self.registrations.get(Registration.Status.SUBMITTED):
            out.append("registrations_waiting")
        if "year" not in self.published:
            out.append("ranking_unpublished")
        return out


@dataclass
class ProvinceOverview:
    province: Province
    year: int
    years: list[int]
    rows: list[BlockOverview]
    documents_chart: dict[str, Any]
    results_chart: dict[str, Any]


def _document_counts(
    block_years: list[BlockYear], members: dict[int, set[int]], today: date
) -> dict[int, dict[str, int]]:
    """Per block year: required documents on time, late, missing or not due yet,
    unit by unit (as the documents page counts them). Two queries for all blocks."""
    requirements = list(Requirement.objects.filter(block_year__in=block_years))
    first = {
        (r["requirement_id"], r["unit_id"]): r["first"]
        for r in Submission.objects.filter(requirement__block_year__in=block_years)
        .values("requirement_id", "unit_id")
        .annotate(first=Min("received_at"))
    }
    counts: dict[int, dict[str, int]] = {
        by.pk: dict.fromkeys(("on_time", "late", "missing", "pending"), 0)
        for by in block_years
    }
    for requirement in requirements:
        for unit_id in members.get(requirement.block_year_id, ()):
            at = first.get((requirement.pk, unit_id))
            received = timezone.localdate(at) if at else None
            late = days_late(due=requirement.due_date, received=received, today=today)
            if received is not None:
                status = "late" if late else "on_time"
            else:
                status = "missing" if late else "pending"
            counts[requirement.block_year_id][status] += 1
    return counts


def province_overview(
    province: Province, year: int, *, today: date | None = None
) -> ProvinceOverview:
    """Every block of the province in ``year``: head, covenant signed or not,
    documents late, scoring progress, ranking published or not, registrations by
    status; and the charts' data. Fifteen queries, however many blocks."""
    today = today or timezone.localdate()
    blocks = list(Block.objects.filter(province=province).order_by("sort_key", "pk"))
    block_years = list(
        BlockYear.objects.filter(block__province=province, year=year).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("unit").order_by("pk"),
            )
        )
    )
    by_block = {by.block_id: by for by in block_years}
    members = {by.pk: {m.unit_id for m in by.memberships.all()} for by in block_years}
    covenants = dict(
        Covenant.objects.filter(block_year__in=block_years).values_list(
            "block_year_id", "pk"
        )
    )
    signed = dict(
        Signature.objects.filter(covenant__block_year__in=block_years)
        .values("covenant__block_year_id")
        .annotate(n=Count("unit_id", distinct=True))
        .values_list("covenant__block_year_id", "n")
    )
    documents = _document_counts(block_years, members, today)
    sheets: dict[tuple[int, str], int] = {
        (r["block_year_id"], r["stage"]): r["n"]
        for r in ScoreSheet.objects.filter(block_year__in=block_years, period="year")
        .values("block_year_id", "stage")
        .annotate(n=Count("pk"))
    }
    published: dict[int, list[str]] = defaultdict(list)
    for by_id, period in Publication.objects.filter(
        block_year__in=block_years
    ).values_list("block_year_id", "period"):
        published[by_id].append(period)
    unit_block = {
        m.unit_id: by.block_id for by in block_years for m in by.memberships.all()
    }
    registrations: dict[int, Counter] = defaultdict(Counter)
    for unit_id, status, n in (
        Registration.objects.filter(year=year, unit__province=province)
        .values("unit_id", "status")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "status", "n")
    ):
        if unit_id in unit_block:
            registrations[unit_block[unit_id]][status] += n
    rows = []
    for block in blocks:
        by = by_block.get(block.pk)
        row = BlockOverview(block=block, block_year=by)
        if by is not None:
            heads = [
                m for m in by.memberships.all() if m.role == "head" and not m.valid_to
            ] or [m for m in by.memberships.all() if m.role == "head"]
            row.head = heads[0].unit if heads else None
            row.members = len(
                {m.unit_id for m in by.memberships.all() if not m.valid_to}
            )
            row.has_covenant = by.pk in covenants
            row.signed = signed.get(by.pk, 0)
            row.documents = documents[by.pk]
            row.self_sheets = sheets.get((by.pk, "self"), 0)
            row.final_sheets = sheets.get((by.pk, "final"), 0)
            row.published = sorted(published.get(by.pk, []))
            row.registrations = dict(registrations.get(block.pk, {}))
        rows.append(row)
    years = sorted(
        set(
            BlockYear.objects.filter(block__province=province).values_list(
                "year", flat=True
            )
        )
        | {year}
    )
    return ProvinceOverview(
        province=province,
        year=year,
        years=years,
        rows=rows,
        documents_chart=_documents_chart(rows),
        results_chart=_results_chart(province, blocks, years),
    )


def _documents_chart(rows: list[BlockOverview]) -> dict[str, Any]:
    with_year = [r for r in rows if r.block_year is not None]
    return {
        "labels": [r.block.name for r in with_year],
        "series": {
            status: [r.documents.get(status, 0) for r in with_year]
            for status in ("on_time", "late", "missing")
        },
    }


def _results_chart(
    province: Province, blocks: Iterable[Block], years: list[int]
) -> dict[str, Any]:
    """Published results by year and block. Awards (issue 5) do not exist yet: this
    counts what is published today — the advanced models of each block's member
    units and the block's published rankings — and says so on the page. Two
    queries."""
    blocks = list(blocks)
    membership = {
        (unit_id, year): block_id
        for unit_id, year, block_id in Membership.objects.filter(
            block_year__block__province=province
        ).values_list("unit_id", "year", "block_year__block_id")
    }
    models: Counter = Counter()
    for unit_id, year in AdvancedModel.objects.filter(
        status=PUBLISHED, unit__province=province
    ).values_list("unit_id", "year"):
        block_id = membership.get((unit_id, year))
        if block_id is not None:
            models[(block_id, year)] += 1
    rankings = set(
        Publication.objects.filter(
            block_year__block__province=province, period="year"
        ).values_list("block_year__block_id", "block_year__year")
    )
    return {
        "labels": [str(y) for y in years],
        "series": [
            {
                "label": b.name,
                "models": [models[(b.pk, y)] for y in years],
                "rankings": [1 if (b.pk, y) in rankings else 0 for y in years],
            }
            for b in blocks
        ],
    }


def default_overview_year(province: Province) -> int:
    """The latest year the province's blocks have, not after the current one."""
    this_year = timezone.localdate().year
    latest = (
        BlockYear.objects.filter(block__province=province, year__lte=this_year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or this_year


# --- Choices for the forms ---------------------------------------------------------------


def blocks_of(province: Province) -> list[Block]:
    return list(Block.objects.filter(province=province).order_by("sort_key", "pk"))


def current_units_of(province: Province) -> list[Unit]:
    """The province's units still in existence, in Vietnamese order."""
    return list(
        Unit.objects.filter(province=province, valid_to__isnull=True).order_by(
            "sort_key", "pk"
        )
    )


def _people_condition(unit: Unit) -> Q:
    """The unit's people; for a unit that has ended, also the people of its direct
    successors (a reorganisation moves the people with the history, yet the old
    unit still registers for its past years)."""
    cond = Q(unit_id=unit.pk)
    if unit.valid_to is not None:
        cond |= Q(unit__successions_in__predecessor_id=unit.pk)
    return cond


def people_of(unit: Unit) -> list[Person]:
    return list(
        Person.objects.filter(_people_condition(unit))
        .distinct()
        .order_by("sort_key", "pk")
    )


def unit_people_ids(unit: Unit, among: Iterable[int]) -> set[int]:
    """Which of the ids ``among`` are people of the unit (as :func:`people_of`)."""
    return set(
        Person.objects.filter(_people_condition(unit), pk__in=list(among)).values_list(
            "pk", flat=True
        )
    )


def open_movements(unit: Unit, year: int) -> list[Movement]:
    """Movements of the unit's province running in ``year`` that reach the unit."""
    candidates = (
        Movement.objects.filter(
            province_id=unit.province_id,
            start_date__year__lte=year,
            end_date__year__gte=year,
        )
        .prefetch_related("blocks", "units")
        .order_by("-start_date", "-pk")
    )
    return [m for m in candidates if unit.pk in movement_units(m)]


def reviewable(actor: Any, registrations: Iterable[Registration]) -> set[int]:
    """The submitted registrations among ``registrations`` the actor may approve or
    return. One query for the units' blocks."""
    submitted = [r for r in registrations if r.status == Registration.Status.SUBMITTED]
    if not submitted:
        return set()
    blocks: dict[tuple[int, int], set[int]] = defaultdict(set)
    for unit_id, year, block_id in Membership.objects.filter(
        unit_id__in={r.unit_id for r in submitted},
        year__in={r.year for r in submitted},
    ).values_list("unit_id", "year", "block_year__block_id"):
        blocks[(unit_id, year)].add(block_id)
    return {
        r.pk
        for r in submitted
        if can(
            actor,
            "registration.review",
            Scope(
                province=r.unit.province_id,
                blocks=frozenset(blocks[(r.unit_id, r.year)]),
                unit=r.unit_id,
            ),
        )
    }
